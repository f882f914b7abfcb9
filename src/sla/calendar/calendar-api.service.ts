import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { SettingsService } from '../../settings/settings.service';
import { computeDue } from '../domain/deadline';
import { assertIsoDate, SHANGHAI_UTC_OFFSET_MS } from '../domain/shanghai-date';
import { formatWorkingHours } from '../domain/working-hours';
import { CalendarRepository, type StoredCalendarDay } from './calendar.repository';
import { CalendarService } from './calendar.service';
import { CoverageWarningsService } from './coverage-warnings.service';
import { YearDeclaredHook } from './year-declared.hook';
import {
  CalendarAuditEntryDto,
  CalendarCoverageDto,
  CalendarDayDto,
  DeadlineDto,
  DeadlineQuery,
  DeclareYearDto,
  PutCalendarDayDto,
  StoredDayDto,
} from './dto/calendar.dto';

function requireDate(date: string): string {
  try {
    assertIsoDate(date);
  } catch {
    throw new AppError(ErrorCode.ValidationFailed, `${JSON.stringify(date)} is not a date; use YYYY-MM-DD`, [
      { field: 'date', message: 'must be a real calendar date as YYYY-MM-DD' },
    ]);
  }
  return date;
}

/** A correction needs its reason (the audit record keeps it); blanks do not count. */
function requireReason(reason: string | undefined): string {
  const trimmed = (reason ?? '').trim();
  if (trimmed.length < 2) {
    throw AppError.badRequest('Give the reason for the correction (kept in the audit record)', [
      { field: 'reason', message: 'must be at least 2 characters' },
    ]);
  }
  return trimmed;
}

function shanghaiWallClock(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_UTC_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The calendar endpoints: look a day up, preview a deadline, and the admin's corrections. */
@Injectable()
export class CalendarApiService {
  private readonly logger = new Logger(CalendarApiService.name);

  constructor(
    private readonly calendar: CalendarService,
    private readonly repository: CalendarRepository,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly yearDeclared: YearDeclaredHook,
    private readonly warnings: CoverageWarningsService,
  ) {}

  async describeDay(date: string): Promise<CalendarDayDto> {
    requireDate(date);
    const described = await this.calendar.computeWithBasis(`describing ${date}`, ({ calendar }) => calendar.describeDay(date));
    const { provisional: _provisional, ...description } = described.value;
    // Past the coverage, an entry stored for a pending year is not used yet: the day is described as counted.
    const stored = described.basis === 'provisional' ? null : await this.repository.findDay(date);
    return { ...description, source: stored?.source ?? null, basis: described.basis };
  }

  async previewDeadline(query: DeadlineQuery): Promise<DeadlineDto> {
    if (query.unit === 'working_days' && !Number.isInteger(query.amount)) {
      throw new AppError(ErrorCode.ValidationFailed, 'Working days must be a whole number', [
        { field: 'amount', message: 'must be a whole number for working_days' },
      ]);
    }
    const start = new Date(query.start);
    const due = await this.calendar.computeWithBasis('a deadline preview', ({ calendar, hours }) =>
      computeDue(start, { amount: query.amount, unit: query.unit }, calendar, hours),
    );
    return { start, amount: query.amount, unit: query.unit, due: due.value, dueLocal: shanghaiWallClock(due.value), basis: due.basis };
  }

  async coverage(): Promise<CalendarCoverageDto> {
    const [coverage, years, hours, state] = await Promise.all([
      this.calendar.coverage(),
      this.repository.loadYears(),
      this.settings.workingHours(),
      this.warnings.state(),
    ]);
    const lastDay = coverage?.lastDay ?? null;
    const lastYear = lastDay ? Number(lastDay.slice(0, 4)) : null;
    const declaredAfterGap = years.filter((y) => lastYear !== null && y.year > lastYear).map((y) => y.year);
    const withDays = await this.repository.yearsWithDaysAfter(lastDay);
    return {
      firstDay: coverage?.firstDay ?? null,
      lastDay,
      years,
      pendingYears: [...new Set([...declaredAfterGap, ...withDays])].sort((a, b) => a - b),
      workingHours: formatWorkingHours(hours),
      timeZone: 'Asia/Shanghai',
      daysRemaining: state.daysRemaining,
      status: state.status,
      warningDays: state.warningDays,
    };
  }

  async listDays(year: number): Promise<StoredDayDto[]> {
    const [days, coverage] = await Promise.all([this.repository.listDaysOfYear(year), this.calendar.coverage()]);
    return days.map((d) => this.toStoredDto(d, coverage));
  }

  /**
   * Adds or corrects one day, with an audit record (who, when, before → after, why); deadlines
   * computed from now on use it, stored deadlines stay as they are.
   */
  async putDay(user: AuthUser, date: string, dto: PutCalendarDayDto): Promise<StoredDayDto> {
    requireDate(date);
    const reason = requireReason(dto.reason);
    const before = await this.repository.setDay({ date, kind: dto.kind, name: dto.name ?? null }, reason, user.id, this.clock.now());
    this.calendar.invalidate();
    this.logger.log({
      msg: 'calendar day set',
      date,
      kind: dto.kind,
      name: dto.name ?? null,
      before: before?.kind ?? null,
      reason,
      by: user.id,
    });
    const stored = (await this.repository.findDay(date)) as StoredCalendarDay;
    return this.toStoredDto(stored, await this.calendar.coverage());
  }

  /** Removes a day's entry, with an audit record; 404 when there is none. */
  async deleteDay(user: AuthUser, date: string, rawReason: string): Promise<void> {
    requireDate(date);
    const reason = requireReason(rawReason);
    const before = await this.repository.removeDay(date, reason, user.id, this.clock.now());
    if (!before) throw AppError.notFound('Calendar entry for', date);
    this.calendar.invalidate();
    this.logger.log({ msg: 'calendar day removed', date, before: before.kind, reason, by: user.id });
  }

  /** The calendar's audit trail, newest first (the last 200, optionally of one year). */
  async audit(year: number | null): Promise<CalendarAuditEntryDto[]> {
    const entries = await this.repository.listAudit(year, 200);
    return entries.map((e) => {
      const single = e.action === 'set_day' || e.action === 'remove_day';
      return {
        id: e.id,
        action: e.action,
        year: e.year,
        day: e.day,
        userId: e.userId,
        userName: e.userName,
        createdAt: e.createdAt,
        reason: typeof e.detail.reason === 'string' ? e.detail.reason : null,
        before: single ? ((e.detail.before as CalendarAuditEntryDto['before']) ?? null) : null,
        after: single ? ((e.detail.after as CalendarAuditEntryDto['after']) ?? null) : null,
        detail: e.detail,
      };
    });
  }

  /**
   * Declares a year's schedule complete, extending coverage by that year. Only the year right
   * after the covered range, and only once some of its holidays are entered: declaring an empty
   * year would make it plain Mon–Fri, the very thing coverage exists to prevent.
   */
  async declareYear(user: AuthUser, dto: DeclareYearDto): Promise<CalendarCoverageDto> {
    const coverage = await this.calendar.coverage();
    const years = await this.repository.loadYears();
    if (years.some((y) => y.year === dto.year)) throw AppError.conflict(`The year ${dto.year} is already declared`);
    if (coverage) {
      const next = Number(coverage.lastDay.slice(0, 4)) + 1;
      if (dto.year !== next) {
        throw AppError.badRequest(`The calendar covers ${coverage.firstDay}..${coverage.lastDay}; the next year to declare is ${next}`, [
          { field: 'year', message: `must be ${next}` },
        ]);
      }
    }
    if ((await this.repository.countHolidaysOfYear(dto.year)) === 0) {
      throw AppError.badRequest(
        `Enter the ${dto.year} public holidays and make-up working days (PUT /api/calendar/days/:date) before declaring the year`,
        [{ field: 'year', message: 'no holidays entered for this year' }],
      );
    }
    if (!(await this.repository.declareYear(dto.year, dto.note ?? null, user.id, coverage?.lastDay ?? null, this.clock.now()))) {
      throw AppError.conflict(`The year ${dto.year} is already declared`);
    }
    this.calendar.invalidate();
    this.logger.log({ msg: 'calendar year declared; provisional deadlines will be recomputed', year: dto.year, by: user.id });
    this.yearDeclared.notify(dto.year);
    return this.coverage();
  }

  private toStoredDto(day: StoredCalendarDay, coverage: { firstDay: string; lastDay: string } | null): StoredDayDto {
    return {
      date: day.date,
      kind: day.kind,
      ...(day.name === undefined ? {} : { name: day.name }),
      source: day.source,
      updatedBy: day.updatedBy,
      updatedAt: day.updatedAt,
      inCoverage: coverage !== null && day.date >= coverage.firstDay && day.date <= coverage.lastDay,
    };
  }
}
