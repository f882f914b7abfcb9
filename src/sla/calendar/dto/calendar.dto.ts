import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { COVERAGE_STATUSES, type CoverageStatus } from '../../domain/coverage-status';
import { DEADLINE_BASES, type DeadlineBasis } from '../../domain/deadline-basis';
import { IsIn, IsInt, IsISO8601, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const DAY_KINDS = ['workday', 'weekend', 'holiday', 'makeup_workday'] as const;
export const OVERRIDE_KINDS = ['holiday', 'workday'] as const;
export const LIMIT_UNITS = ['natural_hours', 'working_hours', 'working_days'] as const;

export class CalendarDayDto {
  @ApiProperty({ example: '2025-01-29' }) date: string;
  @ApiProperty({ example: false }) working: boolean;
  @ApiProperty({ enum: DAY_KINDS, example: 'holiday' }) kind: (typeof DAY_KINDS)[number];
  @ApiPropertyOptional({ example: '春节' }) name?: string;
  /** Where the entry for this date came from; null for an ordinary weekday or weekend */
  @ApiProperty({ enum: ['package', 'admin'], nullable: true, type: String }) source: 'package' | 'admin' | null;
  /** provisional: the day lies past the published schedule and is answered with weekends as the only rest days */
  @ApiProperty({ enum: DEADLINE_BASES }) basis: DeadlineBasis;
}

export class StoredDayDto {
  @ApiProperty({ example: '2027-02-06' }) date: string;
  @ApiProperty({ enum: OVERRIDE_KINDS }) kind: (typeof OVERRIDE_KINDS)[number];
  @ApiPropertyOptional({ example: '春节' }) name?: string;
  @ApiProperty({ enum: ['package', 'admin'] }) source: 'package' | 'admin';
  @ApiProperty({ nullable: true, type: Number }) updatedBy: number | null;
  @ApiProperty() updatedAt: Date;
  /** False while the day's year is not declared complete: it does not count yet */
  @ApiProperty() inCoverage: boolean;
}

export class CalendarYearDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ enum: ['package', 'admin'] }) source: 'package' | 'admin';
  @ApiProperty({ nullable: true, type: String, example: 'chinese-days' }) note: string | null;
  @ApiProperty() createdAt: Date;
}

export class WorkingHoursIntervalDto {
  @ApiProperty({ example: '09:00' }) start: string;
  @ApiProperty({ example: '12:00' }) end: string;
}

export class CalendarCoverageDto {
  /** First covered day; null when no year is declared */
  @ApiProperty({ nullable: true, type: String, example: '2004-01-01' }) firstDay: string | null;
  /** Last covered day: deadlines past it are provisional (weekends as the only rest days) until the next year is declared */
  @ApiProperty({ nullable: true, type: String, example: '2026-12-31' }) lastDay: string | null;
  @ApiProperty({ type: [CalendarYearDto] }) years: CalendarYearDto[];
  /** Years with days entered but not declared complete (or after a gap): not used yet */
  @ApiProperty({ type: [Number], example: [2027] }) pendingYears: number[];
  @ApiProperty({ type: [WorkingHoursIntervalDto] }) workingHours: WorkingHoursIntervalDto[];
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  /** Days from today (Asia/Shanghai) to the last covered day: 0 on it, negative once it has passed; null when no year is declared */
  @ApiProperty({ nullable: true, type: 'integer', example: 30 }) daysRemaining: number | null;
  /** ok; warning within CALENDAR_WARNING_DAYS of the end; critical within 14 days, past the end, or with no year declared */
  @ApiProperty({ enum: COVERAGE_STATUSES, example: 'warning' }) status: CoverageStatus;
  /** The warning horizon in days (CALENDAR_WARNING_DAYS) */
  @ApiProperty({ type: 'integer', example: 60 }) warningDays: number;
}

export class DeadlineQuery {
  /** The instant the limit starts (ISO 8601, e.g. 2025-09-30T10:00:00+08:00) */
  @ApiProperty({ format: 'date-time', example: '2025-09-30T10:00:00+08:00' })
  @IsISO8601({ strict: true })
  start: string;

  @ApiProperty({
    type: Number,
    format: 'double',
    example: 7,
    minimum: 0,
    maximum: 1000,
    description: 'Whole for working_days; hours may be fractional',
  })
  @Type(() => Number)
  @IsNumber()
  @Min(0)
  @Max(1000)
  amount: number;

  @ApiProperty({ enum: LIMIT_UNITS, example: 'working_days' })
  @IsIn(LIMIT_UNITS)
  unit: (typeof LIMIT_UNITS)[number];
}

export class DeadlineDto {
  @ApiProperty() start: Date;
  @ApiProperty({ example: 7 }) amount: number;
  @ApiProperty({ enum: LIMIT_UNITS }) unit: (typeof LIMIT_UNITS)[number];
  @ApiProperty({ example: '2025-10-16T09:30:00.000Z' }) due: Date;
  /** The due instant as a wall-clock time in Asia/Shanghai */
  @ApiProperty({ example: '2025-10-16 17:30' }) dueLocal: string;
  /** provisional (暂定): the count needed days past the published schedule and used weekends as the only rest days there */
  @ApiProperty({ enum: DEADLINE_BASES }) basis: DeadlineBasis;
}

export class PutCalendarDayDto {
  /** holiday: a day off (including weekday days off in exchange, 调休); workday: a weekend day worked (调休上班) */
  @ApiProperty({ enum: OVERRIDE_KINDS, example: 'holiday' })
  @IsIn(OVERRIDE_KINDS)
  kind: (typeof OVERRIDE_KINDS)[number];

  @ApiPropertyOptional({ example: '春节' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;

  /** Why the day is corrected (kept in the calendar's audit record), e.g. the notice that changed it */
  @ApiProperty({ example: '国务院办公厅通知调整', minLength: 2, maxLength: 255 })
  @IsString()
  @Length(2, 255)
  reason: string;
}

export class RemoveCalendarDayQuery {
  /** Why the entry is removed (kept in the calendar's audit record) */
  @ApiProperty({ example: '录入错误', minLength: 2, maxLength: 255 })
  @IsString()
  @Length(2, 255)
  reason: string;
}

export class AuditedDayDto {
  @ApiProperty({ enum: OVERRIDE_KINDS }) kind: (typeof OVERRIDE_KINDS)[number];
  @ApiProperty({ type: String, nullable: true }) name: string | null;
  @ApiProperty({ enum: ['package', 'admin'] }) source: 'package' | 'admin';
}

export class CalendarAuditEntryDto {
  @ApiProperty({ type: 'integer' }) id: number;
  /** import_year: a whole year entered; set_day / remove_day: a single-day correction; declare_year; sync_package: calendar:sync */
  @ApiProperty({ enum: ['import_year', 'set_day', 'remove_day', 'declare_year', 'sync_package'] }) action: string;
  @ApiProperty({ type: 'integer', nullable: true }) year: number | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-02-08' }) day: string | null;
  /** Who (null: the sync command or the seed) */
  @ApiProperty({ type: 'integer', nullable: true }) userId: number | null;
  @ApiProperty({ type: String, nullable: true }) userName: string | null;
  @ApiProperty() createdAt: Date;
  /** Why (single-day corrections) */
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  /** The day before the change (single-day corrections; null: no entry) */
  @ApiProperty({ type: AuditedDayDto, nullable: true }) before: AuditedDayDto | null;
  /** The day after the change (single-day corrections; null: removed or not a single-day change) */
  @ApiProperty({ type: AuditedDayDto, nullable: true }) after: AuditedDayDto | null;
  /** Everything recorded (for a whole year: the notice as entered; for a sync: what was added and skipped) */
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
}

export class ListCalendarAuditQuery {
  @ApiPropertyOptional({ example: 2027 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class DeclareYearDto {
  /** The year whose holidays and make-up days have all been entered; must follow the last covered year */
  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ example: '国务院办公厅关于2027年部分节假日安排的通知' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  note?: string;
}

export class ListDaysQuery {
  @ApiProperty({ example: 2027 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}
