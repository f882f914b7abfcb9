import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { IsOptionalDateText } from '../../common/validation/query-fields';
import { SUPERVISION_LEVELS, type SupervisionLevel } from '../../sla/domain/escalation-ladder';
import { NamedRefDto } from './project.dto';
import { IsOptionalId } from '../../common/validation/id-fields';

/** A milestone of the responsibility list: what, by when, who. Give either dueDate or workingDays. */
export class CreateMilestoneDto {
  @ApiProperty({ example: '完成环评批复' })
  @IsString()
  @Length(2, 200)
  title: string;

  /** Who is responsible (a person or office, as the list names them) */
  @ApiProperty({ example: '市生态环境局 王科长' })
  @IsString()
  @Length(1, 100)
  owner: string;

  @IsOptionalId()
  ownerDepartmentId?: number;

  /** By this local date: due at the close of working hours, or of the next working day when it is a rest day */
  @ApiPropertyOptional({ example: '2026-12-18', format: 'date' })
  @IsOptionalDateText()
  dueDate?: string;

  /** Or within this many working days from now, counted from the next day (自次日起算) */
  @ApiPropertyOptional({ minimum: 1, maximum: 500, example: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  workingDays?: number;
}

/**
 * Changes to a milestone, with the version read; omitted fields stay. A new deadline (dueDate or
 * workingDays, counted from the milestone's start) is recomputed on the working-day calendar and
 * needs a reason; steps of the ladder already taken stay taken.
 */
export class UpdateMilestoneDto extends VersionedDto {
  @ApiPropertyOptional({ example: '完成环评及安评批复' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  title?: string;

  @ApiPropertyOptional({ example: '市生态环境局 李科长' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  owner?: string;

  /** null: no department owns it any more */
  @ApiPropertyOptional({ nullable: true, type: 'integer' })
  @IsOptionalId()
  ownerDepartmentId?: number | null;

  @ApiPropertyOptional({ example: '2027-01-15', format: 'date' })
  @IsOptionalDateText()
  dueDate?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, example: 15 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  workingDays?: number;

  /** Why the deadline moves (required with dueDate or workingDays) */
  @ApiPropertyOptional({ example: '省厅调整审批流程，经专班会议同意顺延' })
  @IsOptional()
  @IsString()
  @Length(2, 1000)
  reason?: string;
}

export class CompleteMilestoneDto extends VersionedDto {
  /** What was done (evidence) */
  @ApiPropertyOptional({ example: '已取得环评批复（川环审批〔2026〕88号）' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class MilestoneDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer' }) projectId: number;
  @ApiProperty() title: string;
  @ApiProperty() owner: string;
  @ApiProperty({ nullable: true, type: NamedRefDto }) ownerDepartment: NamedRefDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: Date;
  /** What the deadline was set by: a number of working days from startedAt, or a date (the other is null) */
  @ApiProperty({ nullable: true, type: 'integer' }) basisWorkingDays: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) basisDate: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt: Date;
  /** The deadline lies past the working-day calendar's last published day: counted with weekends only, recomputed once the year is entered (暂定) */
  @ApiProperty() dueProvisional: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) yellowAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) doneAt: Date | null;
  /** Red whenever an open milestone is past its deadline, whether or not the job has run */
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) warningLight: 'green' | 'yellow' | 'red';
  @ApiProperty({ enum: SUPERVISION_LEVELS }) supervisionLevel: SupervisionLevel;
  @ApiProperty({ type: 'integer' }) version: number;
}

export class MilestoneSweepReportDto {
  @ApiProperty() skipped: boolean;
  @ApiProperty({ type: 'integer' }) examined: number;
  @ApiProperty({ type: 'integer' }) turnedYellow: number;
  @ApiProperty({ type: 'integer' }) turnedRed: number;
  @ApiProperty({ type: 'integer' }) ladderSteps: number;
  @ApiProperty({ type: 'integer' }) recomputedProvisional: number;
}
