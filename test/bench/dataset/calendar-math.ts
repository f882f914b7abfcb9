import { addWorkingDays, addWorkingHours, elapsedMsInUnit, shiftDueForPause } from '../../../src/sla/domain/deadline';
import { MS_PER_HOUR } from '../../../src/sla/domain/shanghai-date';
import type { WorkingCalendar } from '../../../src/sla/domain/working-calendar';
import { DEFAULT_WORKING_HOURS, openingMinute, type WorkingHours } from '../../../src/sla/domain/working-hours';
import { instantOverdueDaysReach } from '../../../src/sla/domain/escalation-ladder';

const DAY_MS = 24 * MS_PER_HOUR;
const SHANGHAI_OFFSET_MS = 8 * MS_PER_HOUR;

/**
 * The application's own deadline maths (src/sla/domain), memoised where the answer depends only
 * on the day: a million appeals ask "7 working days after this day" a few hundred distinct ways.
 */
export class CalendarMath {
  private readonly workingDays = new Map<number, number>();
  private readonly overdueReach = new Map<number, number>();
  readonly hours: WorkingHours = DEFAULT_WORKING_HOURS;
  private readonly openingMinute = openingMinute(DEFAULT_WORKING_HOURS);

  constructor(
    readonly calendar: WorkingCalendar,
    readonly yellowShare = 0.7,
  ) {}

  /** N (> 0) working days after the Shanghai day of `start`, at closing time — as addWorkingDays. */
  addWorkingDays(start: number, n: number): number {
    const day = Math.floor((start + SHANGHAI_OFFSET_MS) / DAY_MS);
    const key = day * 64 + n;
    let due = this.workingDays.get(key);
    if (due === undefined) {
      due = addWorkingDays(new Date(start), n, this.calendar, this.hours).getTime();
      this.workingDays.set(key, due);
    }
    return due;
  }

  /** When the share of working time used reaches the yellow threshold — as SlaTimersService.lightFor. */
  yellowAtWorkingDays(start: number, due: number, pausedMs: number): number {
    const allowed = elapsedMsInUnit(new Date(start), new Date(due), 'working_days', this.calendar, this.hours) - pausedMs;
    if (allowed <= 0) return due;
    const yellowMs = Math.ceil(allowed * this.yellowShare) + pausedMs;
    return addWorkingHours(new Date(start), yellowMs / MS_PER_HOUR, this.calendar, this.hours).getTime();
  }

  yellowAtNaturalHours(start: number, due: number): number {
    return start + Math.ceil((due - start) * this.yellowShare);
  }

  /**
   * The instant an overdue appeal reaches `days` whole overdue working days — the sweep's ladder
   * clock. For days > 0 the answer depends only on the due day and whether the deadline falls
   * before that day's opening, so it is memoised on a representative instant of the same class.
   */
  overdueDaysReached(due: number, days: number): number {
    if (days <= 0) return instantOverdueDaysReach(new Date(due), days, this.calendar, this.hours).getTime();
    const day = Math.floor((due + SHANGHAI_OFFSET_MS) / DAY_MS);
    const dayStart = day * DAY_MS - SHANGHAI_OFFSET_MS;
    const beforeOpening = due <= dayStart + this.openingMinute * 60_000;
    const key = (day * 2 + (beforeOpening ? 1 : 0)) * 64 + days;
    let reached = this.overdueReach.get(key);
    if (reached === undefined) {
      const representative = beforeOpening ? dayStart : dayStart + DAY_MS - 1;
      reached = instantOverdueDaysReach(new Date(representative), days, this.calendar, this.hours).getTime();
      this.overdueReach.set(key, reached);
    }
    return reached;
  }

  shiftForPause(due: number, from: number, to: number): number {
    return shiftDueForPause(new Date(due), new Date(from), new Date(to), { unit: 'working_days' }, this.calendar, this.hours).getTime();
  }

  pausedWorkingMs(from: number, to: number): number {
    return elapsedMsInUnit(new Date(from), new Date(to), 'working_days', this.calendar, this.hours);
  }
}
