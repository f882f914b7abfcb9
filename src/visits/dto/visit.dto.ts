import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { BooleanQuery } from '../../common/query/boolean-query';

export const VISIT_FORMS = ['on_site', 'phone', 'online'] as const;
export type VisitForm = (typeof VISIT_FORMS)[number];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateVisitDto {
  /** One of your own firms */
  @ApiProperty()
  @IsInt()
  @Min(1)
  enterpriseId: number;

  /** The day of the visit (Asia/Shanghai), not in the future */
  @ApiProperty({ example: '2026-11-20' })
  @Matches(ISO_DATE, { message: 'visitDate must be a date YYYY-MM-DD' })
  visitDate: string;

  /** 实地 on site, 电话 phone, 线上 online */
  @ApiProperty({ enum: VISIT_FORMS })
  @IsIn(VISIT_FORMS)
  form: VisitForm;

  @ApiPropertyOptional({ example: '王经理（企业）、李专员' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  participants?: string;

  @ApiPropertyOptional({ example: '了解企业用电需求，生产经营正常' })
  @IsOptional()
  @IsString()
  @Length(0, 10_000)
  notes?: string;

  /** Whether the visit found problems (raise them as appeals); a visit without problems still counts for coverage */
  @ApiProperty()
  @IsBoolean()
  problemsFound: boolean;
}

export class VisitDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() officerId: number;
  @ApiProperty() officerName: string;
  /** The firm's region when the visit was made */
  @ApiProperty({ example: '510104' }) regionCode: string;
  @ApiProperty({ example: '2026-11-20' }) visitDate: string;
  @ApiProperty({ enum: VISIT_FORMS }) form: VisitForm;
  @ApiProperty({ nullable: true, type: String }) participants: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() problemsFound: boolean;
  @ApiProperty() createdAt: Date;
}

export class ListVisitsQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  enterpriseId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  officerId?: number;

  /** Visits in this region and below */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit division code' })
  regionCode?: string;

  /** First day, inclusive */
  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  /** Last day, inclusive */
  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: VISIT_FORMS })
  @IsOptional()
  @IsIn(VISIT_FORMS)
  form?: VisitForm;

  @ApiPropertyOptional()
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  problemsFound?: boolean;
}
