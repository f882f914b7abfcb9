import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { CLOSURE_TYPES, COMMENT_VISIBILITIES, RATING_RULING_REASON_MAX, SATISFACTION_LEVELS, SOLVED_ANSWERS } from '../domain';
import type { ClosureType, CommentVisibility, Satisfaction, SolvedAnswer } from '../domain';

/** Every action carries the version of the appeal the client saw (or sends it as If-Match). */
export class AppealActionDto {
  @ApiPropertyOptional({ description: 'The appeal version you saw; alternatively send it in the If-Match header' })
  @IsOptional() @IsInt() @Min(1)
  version?: number;
}

export class NoteActionDto extends AppealActionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  note?: string;
}

export class ReasonActionDto extends AppealActionDto {
  @ApiProperty({ description: 'Why; required' }) @IsString() @Length(2, 2000)
  reason: string;
}

export class OptionalReasonActionDto extends AppealActionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000)
  reason?: string;
}

export class MarkDuplicateDto extends NoteActionDto {
  /** The same firm's appeal where the problem is being (or was) handled; not rejected, withdrawn or itself a duplicate */
  @ApiProperty({ example: 123 }) @IsInt() @Min(1)
  originalAppealId: number;
}

export class RouteAppealDto extends AppealActionDto {
  /** The lead department (主办); the rules' proposal is in the appeal detail */
  @ApiProperty() @IsInt() @Min(1)
  leadDepartmentId: number;

  /** Co-handling departments (协办) */
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsInt({ each: true }) @Min(1, { each: true })
  coDepartmentIds?: number[];

  /** What each co-handling department is asked for (its co-handler task); a standard request when omitted */
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Length(1, 2000)
  coHandlerRequest?: string;

  /**
   * A task force (专班) covering the appeal's region: its active members, except the lead, co-handle too,
   * whatever their level (GET /api/task-forces?covering=<region>)
   */
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @IsInt() @Min(1)
  taskForceId?: number;
}

export class BringTaskForceDto extends AppealActionDto {
  /** The task force (专班) to bring in; it must cover the appeal's region */
  @ApiProperty({ minimum: 1 }) @IsInt() @Min(1)
  taskForceId: number;

  /** What its departments are asked for (their co-handler tasks); a standard request when omitted */
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @Length(1, 2000)
  coHandlerRequest?: string;
}

export class RequestExtensionDto extends ReasonActionDto {
  @ApiProperty({ description: 'Extra working days asked for' }) @IsInt() @Min(1) @Max(60)
  days: number;
}

export class ApproveExtensionDto extends NoteActionDto {
  /** Defaults to the days asked for; may be fewer, never more */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(60)
  days?: number;
}

export class SupplementDto extends AppealActionDto {
  @ApiProperty({ description: 'The information the department asked for' }) @IsString() @Length(1, 5000)
  text: string;
}

export class TransferUpDto extends ReasonActionDto {
  @ApiProperty({ description: 'A department at the next level up' }) @IsInt() @Min(1)
  targetDepartmentId: number;
}

export class ResolveDto extends AppealActionDto {
  @ApiProperty({ enum: CLOSURE_TYPES, description: 'resolved 实质解决, partly_resolved 阶段性解决, explained 程序办结/政策解释' })
  @IsIn(CLOSURE_TYPES)
  closureType: ClosureType;

  @ApiProperty({ description: 'The answer to the enterprise' }) @IsString() @Length(2, 5000)
  answer: string;
}

export class VerifyDto extends AppealActionDto {
  @ApiProperty({ enum: SOLVED_ANSWERS }) @IsIn(SOLVED_ANSWERS)
  solved: SolvedAnswer;

  @ApiProperty({ enum: SATISFACTION_LEVELS, description: '非常满意, 满意, 基本满意, 不满意, 非常不满意' })
  @IsIn(SATISFACTION_LEVELS)
  satisfaction: Satisfaction;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000)
  comment?: string;
}

export class RuleUnreasonableRatingDto extends AppealActionDto {
  @ApiProperty({
    minLength: 2,
    maxLength: RATING_RULING_REASON_MAX,
    description: 'Why the unsatisfied rating is unreasonable (e.g. the request lies outside what the law allows); kept with the ruling and its event',
  })
  @IsString()
  @Length(2, RATING_RULING_REASON_MAX)
  reason: string;
}

export class CommentDto extends AppealActionDto {
  @ApiProperty() @IsString() @Length(1, 5000)
  text: string;

  @ApiProperty({ enum: COMMENT_VISIBILITIES, description: 'internal notes are never shown to the enterprise' })
  @IsIn(COMMENT_VISIBILITIES)
  visibility: CommentVisibility;
}
