import { ApiProperty } from '@nestjs/swagger';
import { SATISFACTION_LEVELS, SOLVED_ANSWERS } from '../domain';

/** Every timer of an appeal, in UTC; null until it applies. */
export class AppealTimersDto {
  @ApiProperty() submittedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) assignedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) signedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) verifiedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) responseDueAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) objectionDeadlineAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) resolutionStartedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) resolutionDueAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) verificationDueAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) suspendedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) overdueSince: Date | null;
}

/** A supervisor's ruling that the rating on record is unreasonable (不合理差评). */
export class RatingRulingDto {
  @ApiProperty() ruledAt: Date;
  @ApiProperty() reason: string;
}

/** The enterprise's verification of the answer (null fields until it verifies). */
export class AppealVerificationDto {
  @ApiProperty({ nullable: true, enum: SOLVED_ANSWERS, type: String }) solved: (typeof SOLVED_ANSWERS)[number] | null;
  @ApiProperty({ nullable: true, enum: SATISFACTION_LEVELS, type: String }) satisfaction: (typeof SATISFACTION_LEVELS)[number] | null;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty({ description: 'Recorded by the officer from a follow-up call (回访)' }) onBehalf: boolean;
  @ApiProperty({ description: 'Closed automatically when the verification time ran out without a rating' }) autoClosedUnrated: boolean;
  @ApiProperty({
    type: RatingRulingDto,
    nullable: true,
    description:
      'Set when a supervisor ruled this (unsatisfied) rating unreasonable (不合理差评): it is left out of the satisfaction rate and counted apart. ' +
      'Staff only: always null for the enterprise. Cleared when a new rating replaces this one.',
  })
  ruling: RatingRulingDto | null;
}

export class AppealCountersDto {
  @ApiProperty({ description: 'Times sent back for redo' }) redo: number;
  @ApiProperty() objections: number;
  @ApiProperty() extensions: number;
  @ApiProperty({ description: 'Working days granted by extensions' }) extensionDays: number;
  @ApiProperty({ description: 'Time spent suspended, in milliseconds' }) pausedMs: number;
  @ApiProperty() events: number;
}

/** A lead department's objection to its routing (退单), waiting for a supervisor. */
export class PendingObjectionDto {
  @ApiProperty() departmentId: number;
  @ApiProperty() reason: string;
  @ApiProperty() requestedAt: Date;
}

/** A lead department's extension request (延期), waiting for a supervisor. */
export class PendingExtensionDto {
  @ApiProperty({ description: 'Working days asked for' }) days: number;
  @ApiProperty() reason: string;
  @ApiProperty() requestedAt: Date;
}
