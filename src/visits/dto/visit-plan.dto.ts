import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { IsDateText } from '../../common/validation/query-fields';
import { VISIT_STATUSES, type VisitStatus } from '../domain/visit-state';
import { CreateVisitDto, VISIT_FORMS, VisitClashDto, VisitDto, type VisitForm } from './visit.dto';
import { IsId, IsOptionalId } from '../../common/validation/id-fields';

export class PlanVisitDto {
  /** One of your own firms (an officer), or a firm of your working group's cities (with groupId) */
  @IsId()
  enterpriseId: number;

  /** The planned day (Asia/Shanghai), today or later */
  @ApiProperty({ example: '2026-11-20' })
  @IsDateText()
  visitDate: string;

  @ApiProperty({ enum: VISIT_FORMS })
  @IsIn(VISIT_FORMS)
  form: VisitForm;

  /** What the visit is for, as the firm is told */
  @ApiPropertyOptional({ example: '了解企业用电和用工需求' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  purpose?: string;

  @ApiPropertyOptional({ example: '李专员、县经信局王科长' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  participants?: string;

  /** Plan as this working group (you are a member and the firm lies in one of its cities) */
  @IsOptionalId()
  groupId?: number;

  /** Plan even though the firm's monthly visit budget would be exceeded (after the warning) */
  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  overBudgetConfirmed?: boolean;
}

export class VisitBudgetDto {
  /** The month of the planned date */
  @ApiProperty({ example: '2026-11' }) month: string;
  /** The firm's visits that month (planned or made, every unit) with this one */
  @ApiProperty({ example: 3 }) planned: number;
  /** The setting visits.monthly_budget_per_firm */
  @ApiProperty({ example: 2 }) budget: number;
  @ApiProperty() exceeded: boolean;
}

/**
 * A plan's answer: planned is false only when the budget would be exceeded and the planner has not
 * confirmed (overBudgetConfirmed) — a warning, nothing stored; send again with the flag to plan.
 */
export class PlanVisitResultDto {
  @ApiProperty() planned: boolean;
  @ApiProperty({ type: VisitDto, nullable: true }) visit: VisitDto | null;
  @ApiProperty({ type: VisitBudgetDto }) budget: VisitBudgetDto;
  /** Other units' plans to the firm that week: flagged, and mergeable into one joint visit */
  @ApiProperty({ type: [VisitClashDto] }) clashes: VisitClashDto[];
}

export class VisitVersionDto extends VersionedDto {}

export class ProposeVisitDateDto extends VersionedDto {
  /** The day the firm would rather be visited, after today */
  @ApiProperty({ example: '2026-11-24' })
  @IsDateText()
  proposedDate: string;

  @ApiPropertyOptional({ example: '本周生产任务重，下周二上午方便' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class VisitReasonDto extends VersionedDto {
  @ApiProperty({ example: '近期已接受过同类检查' })
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class CancelVisitDto extends VersionedDto {
  @ApiPropertyOptional({ example: '企业问题已电话解决' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ReplanVisitDto extends VersionedDto {
  /** The new day, today or later */
  @ApiProperty({ example: '2026-11-25' })
  @IsDateText()
  visitDate: string;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  overBudgetConfirmed?: boolean;
}

/** Logging a planned visit as made: what a direct log records, bar the firm (the visit's own), and the version read. */
export class LogPlannedVisitDto extends IntersectionType(OmitType(CreateVisitDto, ['enterpriseId'] as const), VersionedDto) {}

export class MergeVisitsDto extends VersionedDto {
  /** The other unit's flagged visit, merged into this one */
  @IsId()
  otherVisitId: number;

  /** The version of the other visit you read */
  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  otherVersion: number;

  /** The joint visit's day, today or later */
  @ApiProperty({ example: '2026-11-20' })
  @IsDateText()
  visitDate: string;
}

export class VisitEventDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'accept' }) action: string;
  @ApiProperty({ enum: VISIT_STATUSES, nullable: true }) fromStatus: VisitStatus | null;
  @ApiProperty({ enum: VISIT_STATUSES }) toStatus: VisitStatus;
  @ApiProperty({ example: '2026-11-20' }) visitDate: string;
  @ApiProperty({ nullable: true, type: String }) proposedDate: string | null;
  @ApiProperty({ nullable: true, type: String }) confirmation: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  /** The other visit of a merge */
  @ApiProperty({ nullable: true, type: Number }) relatedVisitId: number | null;
  @ApiProperty() actorId: number;
  @ApiProperty() actorName: string;
  @ApiProperty({ example: 'officer' }) actorRole: string;
  @ApiProperty() createdAt: Date;
}
