import { ApiProperty } from '@nestjs/swagger';

/** The summary of recomputing a declared year's provisional deadlines. */
export class RecomputeJobDto {
  @ApiProperty({ example: 2027, type: 'integer' }) year: number;
  /** pending: queued or running; done: every provisional deadline of the previous coverage was recomputed */
  @ApiProperty({ enum: ['pending', 'done'] }) status: 'pending' | 'done';
  /** The last covered day before the year was declared */
  @ApiProperty({ example: '2026-12-31' }) previousLastDay: string;
  @ApiProperty({ nullable: true, type: 'integer' }) requestedBy: number | null;
  @ApiProperty() requestedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  /** Appeals with a provisional deadline examined */
  @ApiProperty({ type: 'integer' }) examined: number;
  /** Appeals at least one of whose deadlines moved (each got one timeline event) */
  @ApiProperty({ type: 'integer' }) moved: number;
  /** Deadlines that moved earlier / later */
  @ApiProperty({ type: 'integer' }) movedEarlier: number;
  @ApiProperty({ type: 'integer' }) movedLater: number;
  /** Appeals with a deadline still past the new coverage (still provisional) */
  @ApiProperty({ type: 'integer' }) stillProvisional: number;
  /** Supervision orders whose reply deadline moved */
  @ApiProperty({ type: 'integer' }) ordersMoved: number;
  /** Handlers told that the deadline that matters moved earlier */
  @ApiProperty({ type: 'integer' }) notified: number;
  /** Moved deadlines per shift in calendar days (negative: earlier), e.g. {"-1": 12, "3": 40} */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { '-1': 12, '3': 40 } })
  shiftDays: Record<string, number>;
}
