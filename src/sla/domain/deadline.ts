import { assertNever } from '../../common/domain/assert-never';
import { naturalMsBetween, Pause, validatePauses, workingMsBetween } from './elapsed-time';
import { addDays, assertValidInstant, MS_PER_HOUR, shanghaiDateOf } from './shanghai-date';
import { WorkingCalendar } from './working-calendar';
import { closeOfWorkingDay, WorkingHours, workingIntervalsOn } from './working-hours';

export type LimitUnit = 'natural_hours' | 'working_hours' | 'working_days';

export interface Limit {
  amount: number;
  unit: LimitUnit;
}

function assertWholeDays(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a whole number of working days >= 0, got ${n}`);
  }
}

function assertHours(n: number, what: string): void {
  if (!Number.isFinite(n) || n < 0) {
    throw new RangeError(`${what} must be a finite number of hours >= 0, got ${n}`);
  }
}

/**
 * N working days from `start`, counted as government offices count (自次日起算): the deadline is
 * the close of working hours on the Nth working day after the Asia/Shanghai date of `start`.
 * The start day never counts, whether it is a working day or not, and whatever the time of day.
 *
 * n = 0 means "within the current working day": the close of the first working day whose close
 * is strictly after `start` — the same day when submitted on a working day before closing time,
 * otherwise the next working day. It is never earlier than `start` and never later than n = 1.
 *
 * The start day must be covered by the calendar even though it does not count, so that a start
 * before the first covered day is refused rather than half-computed.
 */
export function addWorkingDays(start: Date, n: number, calendar: WorkingCalendar, hours: WorkingHours): Date {
  assertValidInstant(start, 'start');
  assertWholeDays(n, 'Working days');
  const startDay = shanghaiDateOf(start);
  calendar.assertCovers(startDay);
  if (n === 0) {
    const sameDay = calendar.isWorkingDay(startDay) && closeOfWorkingDay(startDay, hours) > start;
    return closeOfWorkingDay(sameDay ? startDay : calendar.nextWorkingDay(startDay), hours);
  }
  let day = startDay;
  for (let i = 0; i < n; i += 1) {
    day = calendar.nextWorkingDay(day);
  }
  return closeOfWorkingDay(day, hours);
}

/**
 * Moves forward by `ms` of working time. Returns `start` itself for 0. A result that exhausts an
 * interval exactly lands on that interval's end (12:00, 17:30), not on the next opening.
 */
function addWorkingMs(start: Date, ms: number, calendar: WorkingCalendar, hours: WorkingHours): Date {
  if (ms === 0) return new Date(start.getTime());
  let remaining = ms;
  const cursor = start.getTime();
  for (let day = shanghaiDateOf(start); ; day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    for (const interval of workingIntervalsOn(day, hours)) {
      const from = Math.max(cursor, interval.from.getTime());
      const available = interval.to.getTime() - from;
      if (available <= 0) continue;
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
  }
}

/** `n` hours counted only inside working hours on working days; n = 0 returns `start`. */
export function addWorkingHours(start: Date, n: number, calendar: WorkingCalendar, hours: WorkingHours): Date {
  assertValidInstant(start, 'start');
  assertHours(n, 'Working hours');
  calendar.assertCovers(shanghaiDateOf(start));
  return addWorkingMs(start, Math.round(n * MS_PER_HOUR), calendar, hours);
}

export function addNaturalHours(start: Date, n: number): Date {
  assertValidInstant(start, 'start');
  assertHours(n, 'Natural hours');
  return new Date(start.getTime() + Math.round(n * MS_PER_HOUR));
}

export function computeDue(start: Date, limit: Limit, calendar: WorkingCalendar, hours: WorkingHours): Date {
  switch (limit.unit) {
    case 'natural_hours':
      return addNaturalHours(start, limit.amount);
    case 'working_hours':
      return addWorkingHours(start, limit.amount, calendar, hours);
    case 'working_days':
      return addWorkingDays(start, limit.amount, calendar, hours);
    default:
      return assertNever(limit.unit, 'limit unit');
  }
}

/**
 * Elapsed time as a limit of this unit measures it: working time for working-day and
 * working-hour limits, wall-clock time for natural hours.
 */
export function elapsedMsInUnit(
  from: Date,
  to: Date,
  unit: LimitUnit,
  calendar: WorkingCalendar,
  hours: WorkingHours,
  pauses: readonly Pause[] = [],
): number {
  switch (unit) {
    case 'natural_hours':
      return naturalMsBetween(from, to, pauses);
    case 'working_hours':
    case 'working_days':
      return workingMsBetween(from, to, calendar, hours, pauses);
    default:
      return assertNever(unit, 'limit unit');
  }
}

function advanceMsInUnit(from: Date, ms: number, unit: LimitUnit, calendar: WorkingCalendar, hours: WorkingHours): Date {
  switch (unit) {
    case 'natural_hours':
      return new Date(from.getTime() + ms);
    case 'working_hours':
    case 'working_days':
      return addWorkingMs(from, ms, calendar, hours);
    default:
      return assertNever(unit, 'limit unit');
  }
}

/**
 * The deadline after a finished pause: `due` pushed by the time the pause consumed, measured in
 * the limit's own unit. A weekend-only pause therefore moves a working-day deadline not at all,
 * and a pause of 3.5 working hours moves it 3.5 working hours (possibly off the 17:30 close).
 * Because the push equals what the pause removes from the elapsed time, the time remaining (or
 * the time overdue, if the appeal was suspended after its deadline) is the same at resumption as
 * it was at suspension. Apply once per pause, when it ends.
 */
export function shiftDueForPause(
  due: Date,
  pauseFrom: Date,
  pauseTo: Date,
  limit: Limit | Pick<Limit, 'unit'>,
  calendar: WorkingCalendar,
  hours: WorkingHours,
): Date {
  assertValidInstant(due, 'due');
  const consumed = elapsedMsInUnit(pauseFrom, pauseTo, limit.unit, calendar, hours);
  return advanceMsInUnit(due, consumed, limit.unit, calendar, hours);
}

/**
 * An approved extension: `extraWorkingDays` working days counted from the day after the old due
 * day (自次日起算 again), ending at the close of working hours. 0 leaves the deadline unchanged.
 */
export function extendDue(due: Date, extraWorkingDays: number, calendar: WorkingCalendar, hours: WorkingHours): Date {
  assertValidInstant(due, 'due');
  assertWholeDays(extraWorkingDays, 'Extension');
  return extraWorkingDays === 0 ? new Date(due.getTime()) : addWorkingDays(due, extraWorkingDays, calendar, hours);
}

export function isOverdue(due: Date, now: Date): boolean {
  return now.getTime() > due.getTime();
}

/**
 * Fraction of the allowed time used at `now`, measured in the limit's own unit.
 *
 * `due` must already include the shift for every finished pause (see shiftDueForPause) and any
 * extension. The allowance is then the time from `start` to `due` minus what the finished pauses
 * consumed — the original allowance plus extensions. A running pause (to: null) has not moved
 * `due` yet, so it only stops the used time from growing. Exceeds 1 once overdue.
 */
export function usedShare(
  start: Date,
  due: Date,
  now: Date,
  unit: LimitUnit,
  calendar: WorkingCalendar,
  hours: WorkingHours,
  pauses: readonly Pause[] = [],
): number {
  validatePauses(pauses);
  const consumedByFinishedPauses = pauses.reduce((sum, pause) => {
    if (pause.to === null) return sum;
    const from = pause.from.getTime() > start.getTime() ? pause.from : start;
    return sum + elapsedMsInUnit(from, pause.to, unit, calendar, hours);
  }, 0);
  const allowed = elapsedMsInUnit(start, due, unit, calendar, hours) - consumedByFinishedPauses;
  const used = elapsedMsInUnit(start, now, unit, calendar, hours, pauses);
  if (allowed <= 0) {
    return now.getTime() >= due.getTime() ? 1 : 0;
  }
  return used / allowed;
}
