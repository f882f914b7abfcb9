import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDateString, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { BooleanQuery } from '../../common/query/boolean-query';
import {
  ACTOR_ROLES,
  APPEAL_EVENT_ACTIONS,
  APPEAL_LEVELS,
  APPEAL_STATUSES,
  CASE_ACTION_NAMES,
  CLOSURE_TYPES,
  COMMENT_VISIBILITIES,
  type AppealStatus,
} from '../domain';
import { SUPERVISION_LEVELS } from '../../sla/domain/escalation-ladder';
import {
  AppealCountersDto,
  AppealTimersDto,
  AppealVerificationDto,
  PendingExtensionDto,
  PendingObjectionDto,
} from './appeal-detail-parts.dto';
import { DEADLINE_BASES, type DeadlineBasis } from '../../sla/domain/deadline-basis';
import { ProposedDepartmentDto } from '../../routing/dto/routing-rule.dto';
import { APPEAL_KINDS, CHANNELS, URGENCIES } from './submit-appeal.dto';
import { IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';
import { AppealRefDto } from './appeal-ref.dto';

export const LIGHTS = ['green', 'yellow', 'red'] as const;
export const PENDING_KINDS = ['extension', 'objection', 'any'] as const;
export const APPEAL_SORTS = ['due', '-submitted', 'submitted', '-updated'] as const;
/** What a timeline entry records: the case actions and every history-only action (one closed list). */
export const TIMELINE_ACTIONS: readonly string[] = APPEAL_EVENT_ACTIONS;

const toList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : Array.isArray(value) ? value : String(value).split(',').filter(Boolean);

export class ListAppealsQuery extends PageQueryDto {
  /** One or more statuses, comma-separated */
  @ApiPropertyOptional({ enum: APPEAL_STATUSES, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsIn(APPEAL_STATUSES, { each: true })
  status?: AppealStatus[];

  /** Only open (or only finished) appeals */
  @ApiPropertyOptional()
  @IsOptional()
  @BooleanQuery()
  open?: boolean;

  @IsOptionalPositiveInt()
  categoryId?: number;

  /** This region and below */
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** Lead department */
  @IsOptionalPositiveInt()
  departmentId?: number;

  @IsOptionalPositiveInt()
  officerId?: number;

  /** The handler who signed for the appeal */
  @IsOptionalPositiveInt()
  handlerId?: number;

  @IsOptionalPositiveInt()
  enterpriseId?: number;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: (typeof URGENCIES)[number];

  /** Warning light */
  @ApiPropertyOptional({ enum: LIGHTS })
  @IsOptional()
  @IsIn(LIGHTS)
  light?: (typeof LIGHTS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @BooleanQuery()
  overdue?: boolean;

  /** Appeals with a request waiting for a supervisor's decision */
  @ApiPropertyOptional({ enum: PENDING_KINDS })
  @IsOptional()
  @IsIn(PENDING_KINDS)
  pending?: (typeof PENDING_KINDS)[number];

  /** Search: every space-separated word must match the number or the firm's credit code (both from the start), or appear in the title, the description or the firm's name */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: '$property must be a real date or time in ISO 8601 form' })
  submittedFrom?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: '$property must be a real date or time in ISO 8601 form' })
  submittedTo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString({ strict: true }, { message: '$property must be a real date or time in ISO 8601 form' })
  dueFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString({ strict: true }, { message: '$property must be a real date or time in ISO 8601 form' })
  dueTo?: string;

  /** due (the deadline that matters now, soonest first; default), submitted, -submitted, -updated */
  @ApiPropertyOptional({ enum: APPEAL_SORTS, default: 'due' })
  @IsOptional()
  @IsIn(APPEAL_SORTS)
  sort?: (typeof APPEAL_SORTS)[number];
}

const BASIS_DESCRIPTION =
  'statutory: counted on the published holiday schedule; provisional (暂定): needed days past it, counted with weekends as the only rest days, recomputed when the year is declared';

/** How each deadline of the appeal was counted (a timer that is not set is `statutory`). */
export class DeadlineBasesDto {
  @ApiProperty({ enum: DEADLINE_BASES, description: BASIS_DESCRIPTION }) responseDue: DeadlineBasis;
  @ApiProperty({ enum: DEADLINE_BASES, description: BASIS_DESCRIPTION }) objectionDeadline: DeadlineBasis;
  @ApiProperty({ enum: DEADLINE_BASES, description: BASIS_DESCRIPTION }) resolutionDue: DeadlineBasis;
  @ApiProperty({ enum: DEADLINE_BASES, description: BASIS_DESCRIPTION }) verificationDue: DeadlineBasis;
  @ApiProperty({ enum: DEADLINE_BASES, description: BASIS_DESCRIPTION }) currentDue: DeadlineBasis;
}

export class AppealListItemDto extends AppealRefDto {
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() categoryId: number;
  @ApiProperty() categoryName: string;
  @ApiProperty({ enum: APPEAL_KINDS }) kind: string;
  @ApiProperty({ enum: URGENCIES }) urgency: string;
  @ApiProperty({ enum: APPEAL_LEVELS, description: 'The level of government handling it' }) level: string;
  @ApiProperty({ nullable: true, type: Number }) leadDepartmentId: number | null;
  @ApiProperty({ nullable: true, type: String }) leadDepartmentName: string | null;
  @ApiProperty({ nullable: true, type: Number }) officerId: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The handler who signed for it' }) handlerId: number | null;
  @ApiProperty() submittedAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'The deadline that matters in the current state' }) currentDueAt: Date | null;
  @ApiProperty({ enum: DEADLINE_BASES, description: BASIS_DESCRIPTION }) currentDueBasis: DeadlineBasis;
  @ApiProperty({ enum: LIGHTS }) warningLight: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ enum: SUPERVISION_LEVELS }) supervisionLevel: string;
  @ApiProperty({ description: 'Changes with every action; the ETag of the appeal' }) version: number;
}

export class TimelineEventDto {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: TIMELINE_ACTIONS }) action: string;
  @ApiProperty({ nullable: true, type: Number }) actorId: number | null;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ enum: ACTOR_ROLES }) actorRole: string;
  @ApiProperty({ description: 'Done by an officer on the firm’s behalf' }) onBehalf: boolean;
  @ApiProperty({ nullable: true, enum: APPEAL_STATUSES, type: String }) fromStatus: string | null;
  @ApiProperty({ enum: APPEAL_STATUSES }) toStatus: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the action recorded; its fields depend on the action' })
  payload: Record<string, unknown>;
  @ApiProperty({ enum: COMMENT_VISIBILITIES }) visibility: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() hash: string;
}

export class AttachmentDto {
  @ApiProperty() id: number;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty() uploadedBy: number;
  @ApiProperty() createdAt: Date;
}

export class PauseDto {
  @ApiProperty() startedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) endedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class DepartmentRefDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
}

/** A task force (专班) as a co-handling department's provenance. */
export class TaskForceRefDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '四川省产业链专班' }) name: string;
}

/** A co-handling department (协办) and, when a task force brought it into this appeal, which one. */
export class CoDepartmentRefDto extends DepartmentRefDto {
  @ApiProperty({ nullable: true, type: TaskForceRefDto, description: 'The task force (专班) that brought it in; null when named by the routing itself' })
  taskForce: TaskForceRefDto | null;
}

/** The submitting system's reference for the appeal. */
export class ExternalReferenceDto {
  @ApiProperty({ example: '12345-sichuan' }) source: string;
  @ApiProperty({ example: 'GD2026030200123' }) externalId: string;
}

/** The firm's appeal a duplicate (重复) was linked to: where its problem is being handled. */
export class DuplicateOfDto {
  @ApiProperty({ example: 123 }) id: number;
  @ApiProperty({ example: '2026-000123' }) number: string;
}

export class AppealDetailDto extends AppealListItemDto {
  @ApiProperty({ nullable: true, type: ExternalReferenceDto, description: 'Set when another system submitted it with its reference' })
  externalReference: ExternalReferenceDto | null;
  @ApiProperty() description: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty() submittedBy: number;
  @ApiProperty() submittedOnBehalf: boolean;
  @ApiProperty() enterpriseCreditCode: string;
  @ApiProperty({ type: [CoDepartmentRefDto] }) coDepartments: CoDepartmentRefDto[];
  @ApiProperty({ type: [Number] }) objectedDepartmentIds: number[];
  @ApiProperty({ nullable: true, type: PendingObjectionDto }) pendingObjection: PendingObjectionDto | null;
  @ApiProperty({ nullable: true, type: PendingExtensionDto }) pendingExtension: PendingExtensionDto | null;
  @ApiProperty({ nullable: true, type: Number }) slaPolicyId: number | null;
  @ApiProperty({ type: AppealTimersDto, description: 'Every timer of the appeal (UTC)' }) timers: AppealTimersDto;
  @ApiProperty({ type: DeadlineBasesDto, description: 'The basis of every deadline among the timers' }) deadlineBases: DeadlineBasesDto;
  @ApiProperty({ type: [PauseDto] }) pauses: PauseDto[];
  @ApiProperty({ nullable: true, enum: CLOSURE_TYPES, type: String }) closureType: string | null;
  @ApiProperty({ nullable: true, type: String }) answer: string | null;
  @ApiProperty({ nullable: true, type: DuplicateOfDto, description: 'Set when the appeal was closed as a duplicate (重复) of this one' })
  duplicateOf: DuplicateOfDto | null;
  @ApiProperty({ type: AppealVerificationDto }) verification: AppealVerificationDto;
  @ApiProperty({ type: AppealCountersDto }) counters: AppealCountersDto;
  @ApiProperty({ enum: CASE_ACTION_NAMES, isArray: true, description: 'What you may do now' }) allowedActions: string[];
  @ApiPropertyOptional({
    type: ProposedDepartmentDto,
    nullable: true,
    description: 'The routing rules’ proposal, while the appeal waits for routing',
  })
  proposedDepartment?: ProposedDepartmentDto | null;
  @ApiProperty({ type: [AttachmentDto] }) attachments: AttachmentDto[];
  @ApiProperty({ type: [TimelineEventDto] }) timeline: TimelineEventDto[];
}

export class ChainVerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty() checkedEvents: number;
  @ApiProperty({ nullable: true, type: Number }) firstBrokenSeq: number | null;
  @ApiProperty({ nullable: true, type: String }) problem: string | null;
}
