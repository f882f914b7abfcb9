import { addWorkingHours, elapsedMsInUnit, isOverdue, type LimitUnit } from './deadline';
import { MS_PER_HOUR } from './shanghai-date';
import type { WarningLight } from './warning-light';
import type { WorkingCalendar } from './working-calendar';
import type { WorkingHours } from './working-hours';

export interface LightAndNextCheck {
  light: WarningLight;
  /** When the share of time used reaches the yellow threshold (may be in the past). */
  yellowAt: Date;
  /** When the sweep must look at the appeal again: the yellow threshold, the deadline, or now when already overdue. */
  nextCheckAt: Date;
}

/**
 * The light at `now` and when the sweep must look again. `pausedMs` is the time finished pauses
 * consumed since `startedAt`, measured in the limit's unit (`due` already includes their shift),
 * so the allowance and the used time both exclude it.
 */
export function lightSchedule(
  startedAt: Date,
  due: Date,
  now: Date,
  unit: LimitUnit,
  pausedMs: number,
  yellowShare: number,
  calendar: WorkingCalendar,
  hours: WorkingHours,
): LightAndNextCheck {
  const allowed = elapsedMsInUnit(startedAt, due, unit, calendar, hours) - pausedMs;
  let yellowAt: Date;
  if (allowed <= 0) {
    yellowAt = new Date(due.getTime());
  } else {
    // The instant at which the used share reaches the threshold; the paused time before it does not count.
    const yellowMs = Math.ceil(allowed * yellowShare) + pausedMs;
    yellowAt =
      unit === 'natural_hours'
        ? new Date(startedAt.getTime() + yellowMs)
        : addWorkingHours(startedAt, yellowMs / MS_PER_HOUR, calendar, hours);
  }
  // Decided by the same instants the sweep compares with, so both always agree.
  const light: WarningLight = isOverdue(due, now) ? 'red' : now.getTime() >= yellowAt.getTime() ? 'yellow' : 'green';
  const nextCheckAt = light === 'green' ? yellowAt : light === 'yellow' ? due : now;
  return { light, yellowAt, nextCheckAt: new Date(nextCheckAt.getTime()) };
}
