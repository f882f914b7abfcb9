import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { SettingsService } from '../../settings/settings.service';
import { type Based, withBasis } from '../domain/deadline-basis';
import { CalendarCoverageError, WorkingCalendar } from '../domain/working-calendar';
import type { WorkingHours } from '../domain/working-hours';
import { calendarDefinitionFrom } from './calendar-coverage';
import { CalendarRepository } from './calendar.repository';

/** Another instance's admin edit is picked up within this time; this instance's at once. */
export const CALENDAR_CACHE_MS = 60_000;

export interface CalendarSnapshot {
  calendar: WorkingCalendar;
  hours: WorkingHours;
}

/**
 * The statutory working-day calendar as stored in calendar_years + calendar_days, with the
 * working hours from settings. Built once and cached: every deadline computation needs it.
 */
@Injectable()
export class CalendarService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarService.name);
  private cached: { calendar: WorkingCalendar | null; loadedAt: number } | null = null;
  private loading: Promise<WorkingCalendar | null> | null = null;
  /** Bumped by invalidate(), so a load that started before an edit never caches the old data. */
  private generation = 0;

  constructor(
    private readonly repository: CalendarRepository,
    private readonly settings: SettingsService,
  ) {}

  /** The calendar and working hours; 422 CALENDAR_NOT_COVERED (and an alert) when no year is declared at all. */
  async snapshot(): Promise<CalendarSnapshot> {
    const [calendar, hours] = await Promise.all([this.load(), this.settings.workingHours()]);
    if (!calendar) {
      this.alert('deadline computation', { reason: 'calendar_years is empty' });
      throw new AppError(
        ErrorCode.CalendarNotCovered,
        'The working-day calendar is empty: an administrator must declare at least one year of the holiday schedule',
      );
    }
    return { calendar, hours };
  }

  /** The coverage, or null when the calendar is empty (no error: this is what the coverage endpoint reports). */
  async coverage(): Promise<{ firstDay: string; lastDay: string } | null> {
    const calendar = await this.load();
    return calendar ? { firstDay: calendar.firstDay, lastDay: calendar.lastDay } : null;
  }

  /**
   * Runs calendar maths. Past the last published day it counts provisionally (weekends as the
   * only rest days) instead of refusing: the calendar running out must never stop the work.
   * Use computeWithBasis where the result is stored, so it carries its basis.
   */
  async compute<T>(purpose: string, fn: (snapshot: CalendarSnapshot) => T): Promise<T> {
    return (await this.computeWithBasis(purpose, fn)).value;
  }

  /** As compute, telling whether the result used a day past the published schedule (provisional). */
  async computeWithBasis<T>(purpose: string, fn: (snapshot: CalendarSnapshot) => T): Promise<Based<T>> {
    const snapshot = await this.snapshot();
    try {
      return withBasis(snapshot.calendar, (calendar) => fn({ calendar, hours: snapshot.hours }));
    } catch (error) {
      throw this.translate(error, purpose);
    }
  }

  /** For callers that do their own calendar maths (the sweep): logs the alert and returns the AppError to throw. */
  translate(error: unknown, purpose: string, context: Record<string, unknown> = {}): unknown {
    if (!(error instanceof CalendarCoverageError)) return error;
    this.alert(purpose, { date: error.date, firstDay: error.firstDay, lastDay: error.lastDay, ...context });
    return new AppError(ErrorCode.CalendarNotCovered, error.message, undefined, {
      date: error.date,
      coveredFrom: error.firstDay,
      coveredTo: error.lastDay,
    });
  }

  alert(purpose: string, context: Record<string, unknown>): void {
    this.logger.error({
      msg: `ALERT: working-day calendar coverage exceeded during ${purpose}; an administrator must add the next year's holiday schedule`,
      alert: 'calendar_not_covered',
      purpose,
      ...context,
    });
  }

  /** Called after an admin edits days or years, so this instance computes with the new data at once. */
  invalidate(): void {
    this.generation += 1;
    this.cached = null;
    this.loading = null;
  }

  /**
   * Stale-while-revalidate: once loaded, an expired calendar is still served while one reload runs
   * in the background. Callers run inside transactions that hold a pooled connection; making them
   * wait for a reload that needs another connection could exhaust the pool under load.
   */
  private async load(): Promise<WorkingCalendar | null> {
    const cached = this.cached;
    if (cached && performance.now() - cached.loadedAt < CALENDAR_CACHE_MS) return cached.calendar;
    if (!this.loading) {
      const loading = this.build(this.generation).finally(() => {
        if (this.loading === loading) this.loading = null;
      });
      this.loading = loading;
      loading.catch((error: unknown) => this.logger.error({ msg: 'reloading the working-day calendar failed', err: error }));
    }
    return cached ? cached.calendar : this.loading;
  }

  /** Loaded at boot, so no request ever waits for the first load. */
  async onApplicationBootstrap(): Promise<void> {
    await this.load();
  }

  private async build(generation: number): Promise<WorkingCalendar | null> {
    const [years, days] = await Promise.all([this.repository.loadYears(), this.repository.loadDays()]);
    const definition = calendarDefinitionFrom(
      years.map((y) => y.year),
      days,
    );
    const calendar = definition ? new WorkingCalendar(definition) : null;
    if (generation === this.generation) this.cached = { calendar, loadedAt: performance.now() };
    return calendar;
  }
}
