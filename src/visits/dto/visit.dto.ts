import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { VISIT_ACTIONS, VISIT_CONFIRMATIONS, VISIT_STATUSES, type VisitAction, type VisitConfirmation, type VisitStatus } from '../domain/visit-state';
import { IsDateText, IsOptionalBooleanQuery, IsOptionalDateText, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';
import { IsId } from '../../common/validation/id-fields';
import { AppealRefDto } from '../../appeals/dto/appeal-ref.dto';

export const VISIT_FORMS = ['on_site', 'phone', 'online'] as const;
export type VisitForm = (typeof VISIT_FORMS)[number];

export class CreateVisitDto {
  /** One of your own firms */
  @IsId()
  enterpriseId: number;

  /** The day of the visit (Asia/Shanghai), not in the future */
  @ApiProperty({ example: '2026-11-20' })
  @IsDateText()
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

/** An appeal raised from a visit (submitted with its visitId) */
export class VisitAppealDto extends AppealRefDto {}

/** Who visits: an officer's department or liaison office (office:<region>), or a working group */
export class VisitUnitDto {
  @ApiProperty({ example: 'office:510104' }) key: string;
  @ApiProperty({ example: '锦江区联络专员' }) name: string;
}

/** Another unit's planned visit to the same firm in the same Monday–Sunday week (flagged; may be merged) */
export class VisitClashDto {
  @ApiProperty() visitId: number;
  @ApiProperty({ example: '2026-11-20' }) visitDate: string;
  @ApiProperty({ enum: VISIT_STATUSES }) status: VisitStatus;
  @ApiProperty({ type: VisitUnitDto }) unit: VisitUnitDto;
  /** Its version, for a merge (otherVersion) */
  @ApiProperty({ example: 1 }) version: number;
}

export class VisitDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  /** The officer (or the working-group member) who planned or logged it */
  @ApiProperty() officerId: number;
  @ApiProperty() officerName: string;
  /** The firm's region when the visit was made */
  @ApiProperty({ example: '510104' }) regionCode: string;
  /**
   * planned → accepted | reschedule_proposed | declined | cancelled | merged (into a joint visit);
   * planned / accepted → done when logged
   */
  @ApiProperty({ enum: VISIT_STATUSES }) status: VisitStatus;
  /** The planned date while planned, the day it was made once done */
  @ApiProperty({ example: '2026-11-20' }) visitDate: string;
  /** The firm's proposed date (reschedule_proposed) */
  @ApiProperty({ nullable: true, type: String, example: '2026-11-24' }) proposedDate: string | null;
  @ApiProperty({ enum: VISIT_FORMS }) form: VisitForm;
  /** What the visit is for, as the firm is told */
  @ApiProperty({ nullable: true, type: String }) purpose: string | null;
  @ApiProperty({ nullable: true, type: String }) participants: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() problemsFound: boolean;
  /** The firm's words: its proposal note, decline reason or dispute reason */
  @ApiProperty({ nullable: true, type: String }) firmNote: string | null;
  /** The working group that planned it, if a group did */
  @ApiProperty({ nullable: true, type: Number }) groupId: number | null;
  @ApiProperty({ type: VisitUnitDto }) unit: VisitUnitDto;
  /** Every unit visiting: this visit's own and those of the visits merged into it (a joint visit) */
  @ApiProperty({ type: [VisitUnitDto] }) units: VisitUnitDto[];
  /** The joint visit this one was merged into (status merged) */
  @ApiProperty({ nullable: true, type: Number }) mergedIntoId: number | null;
  /**
   * Done visits only: legacy (logged before planning existed), pending (awaiting the firm),
   * presumed (logged from a plan the firm accepted; disputable for 7 days), confirmed, disputed
   */
  @ApiProperty({ enum: VISIT_CONFIRMATIONS, nullable: true }) confirmation: VisitConfirmation | null;
  /** Whether coverage counts it: done and legacy, presumed or confirmed */
  @ApiProperty() countsForCoverage: boolean;
  /** Planned past the firm's monthly visit budget, with the planner's confirmation */
  @ApiProperty() overBudget: boolean;
  @ApiProperty({ nullable: true, type: Date }) loggedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ example: 1 }) version: number;
  /** Other units' plans to the firm in the same week (only for a plan still on) */
  @ApiProperty({ type: [VisitClashDto] }) clashes: VisitClashDto[];
  /** What you may do with it now */
  @ApiProperty({ enum: VISIT_ACTIONS, isArray: true }) allowedActions: VisitAction[];
  /** Appeals raised from this visit, oldest first */
  @ApiProperty({ type: [VisitAppealDto] }) appeals: VisitAppealDto[];
}

export class ListVisitsQuery extends PageQueryDto {
  @IsOptionalPositiveInt()
  enterpriseId?: number;

  @IsOptionalPositiveInt()
  officerId?: number;

  /** The visit this appeal was raised from (at most one) */
  @IsOptionalPositiveInt()
  appealId?: number;

  /** Visits in this region and below */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** First day, inclusive */
  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptionalDateText()
  from?: string;

  /** Last day, inclusive */
  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptionalDateText()
  to?: string;

  @ApiPropertyOptional({ enum: VISIT_FORMS })
  @IsOptional()
  @IsIn(VISIT_FORMS)
  form?: VisitForm;

  @ApiPropertyOptional({ enum: VISIT_STATUSES })
  @IsOptional()
  @IsIn(VISIT_STATUSES)
  status?: VisitStatus;

  /** Only plans still on (planned, accepted, reschedule proposed) */
  @IsOptionalBooleanQuery()
  active?: boolean;

  @IsOptionalBooleanQuery()
  problemsFound?: boolean;
}
