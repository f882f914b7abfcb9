import { ApiProperty } from '@nestjs/swagger';
import { COVERAGE_STATUSES } from '../../sla/domain/coverage-status';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ description: 'Seconds since the process started' }) uptimeSeconds: number;
}

/** The working-day calendar's coverage; reported, never failing readiness. */
export class CalendarReadinessDto {
  @ApiProperty({ enum: [...COVERAGE_STATUSES, 'unknown'] }) status: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The last day the calendar covers' }) lastDay: string | null;
  @ApiProperty({ type: Number, nullable: true }) daysRemaining: number | null;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ enum: ['up'] }) database: 'up';
  @ApiProperty({ type: CalendarReadinessDto }) calendar: CalendarReadinessDto;
}
