import { DEADLINE_BASES, type DeadlineBasis } from '../../../sla/domain/deadline-basis';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto';
import { IsOptionalBooleanQuery } from '../../../common/validation/query-fields';

export class IssueSupervisionOrderDto {
  /** What the department must do, and why */
  @ApiProperty({ example: '该诉求已超期，请于两个工作日内说明办理进展并加快办理。' })
  @IsString()
  @Length(2, 2000)
  note: string;

  /** Working days the department has to reply (counted from the next day, ending 17:30) */
  @ApiProperty({ example: 2, minimum: 1, maximum: 30 })
  @IsInt()
  @Min(1)
  @Max(30)
  replyDueDays: number;
}

export class ReplySupervisionOrderDto {
  @ApiProperty({ example: '已约谈供电公司，预计本周五前完成增容。' })
  @IsString()
  @Length(2, 2000)
  reply: string;
}

export class ListSupervisionOrdersQuery extends PageQueryDto {
  /** Only orders still waiting for the department's reply */
  @IsOptionalBooleanQuery()
  awaitingReply?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  appealId?: number;
}

export class SupervisionOrderDto {
  @ApiProperty() id: number;
  @ApiProperty() appealId: number;
  @ApiProperty({ example: '2026-000123' }) appealNumber: string;
  @ApiProperty() appealTitle: string;
  @ApiProperty({ example: '510104' }) regionCode: string;
  /** ladder: issued by the timer sweep after N overdue working days; manual: by a supervisor */
  @ApiProperty({ enum: ['ladder', 'manual'] }) source: 'ladder' | 'manual';
  @ApiProperty({ nullable: true, type: Number }) issuedBy: number | null;
  @ApiProperty({ nullable: true, type: String }) issuedByName: string | null;
  @ApiProperty({ nullable: true, type: Number }) departmentId: number | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: Date }) replyDueAt: Date | null;
  /** statutory: counted on the published holiday schedule; provisional (暂定): past it, weekends as the only rest days */
  @ApiProperty({ enum: DEADLINE_BASES }) replyDueBasis: DeadlineBasis;
  @ApiProperty({ nullable: true, type: String }) reply: string | null;
  @ApiProperty({ nullable: true, type: Number }) repliedBy: number | null;
  @ApiProperty({ nullable: true, type: Date }) repliedAt: Date | null;
  @ApiProperty() createdAt: Date;
  /** Not replied and past the reply deadline */
  @ApiProperty() replyOverdue: boolean;
}
