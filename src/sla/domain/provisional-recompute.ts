import { type Based, type DeadlineBasis, withBasis } from './deadline-basis';
import { addDays, type IsoDate, isWeekend, SHANGHAI_UTC_OFFSET_MS, shanghaiDateOf, toEpochDay } from './shanghai-date';
import type { WorkingCalendar } from './working-calendar';

const MS_PER_DAY = 86_400_000;

/** Midnight Asia/Shanghai at the start of `date`, as an instant. */
function shanghaiMidnight(date: IsoDate): number {
  return toEpochDay(date) * MS_PER_DAY - SHANGHAI_UTC_OFFSET_MS;
}

/**
 * The last day a deadline's count knew for certain: the calendar's last covered day when the
 * count was made, or the day the count started when that was already past it.
 */
export function provisionalAnchor(lastCoveredDay: IsoDate, start: Date | null): IsoDate {
  const startDay = start ? shanghaiDateOf(start) : lastCoveredDay;
  return startDay > lastCoveredDay ? startDay : lastCoveredDay;
}

/**
 * A provisional deadline is "the k-th working day after its anchor, at the same time of day",
 * where every day after the anchor was counted as a working day unless it was a Saturday or
 * Sunday. Recomputing it takes the same k working days on the calendar as it is now: for
 * working-day limits (and the extensions added to them) that is exactly what counting again
 * from the start gives, because the count up to the anchor used known days only. When the
 * k-th working day still lies past the coverage the result stays provisional.
 *
 * Known limit: a pause whose own span crossed unknown days was measured provisionally when it
 * ended; its push is kept as it was.
 */
export function recomputeProvisional(due: Date, anchorDay: IsoDate, calendar: WorkingCalendar): Based<Date> {
  const dueDay = shanghaiDateOf(due);
  if (dueDay <= anchorDay) {
    // Nothing after the anchor was counted: the deadline never depended on an unknown day.
    return { value: new Date(due.getTime()), basis: calendar.covers(dueDay) ? 'statutory' : 'provisional' };
  }
  let weekdays = 0;
  for (let day = addDays(anchorDay, 1); day <= dueDay; day = addDays(day, 1)) {
    if (!isWeekend(day)) weekdays += 1;
  }
  const timeOfDay = due.getTime() - shanghaiMidnight(dueDay);
  const day = withBasis(calendar, (c) => {
    let d = anchorDay;
    for (let i = 0; i < weekdays; i += 1) d = c.nextWorkingDay(d);
    return d;
  });
  return { value: new Date(shanghaiMidnight(day.value) + timeOfDay), basis: day.basis };
}

export type RecomputedTimer = 'response_due' | 'objection_deadline' | 'resolution_due' | 'verification_due';

export interface TimerToRecompute {
  timer: RecomputedTimer;
  due: Date;
  basis: DeadlineBasis;
  /** The instant the timer's count started (submission, assignment, start of handling, answer). */
  start: Date | null;
}

export interface DeadlineMove {
  timer: RecomputedTimer;
  from: Date;
  to: Date;
  basis: DeadlineBasis;
}

/** The new value and basis of each provisional timer; statutory ones are left out. */
export function recomputeTimers(
  timers: readonly TimerToRecompute[],
  lastCoveredDayBefore: IsoDate,
  calendar: WorkingCalendar,
): Array<DeadlineMove> {
  return timers
    .filter((t) => t.basis === 'provisional')
    .map((t) => {
      const next = recomputeProvisional(t.due, provisionalAnchor(lastCoveredDayBefore, t.start), calendar);
      return { timer: t.timer, from: t.due, to: next.value, basis: next.basis };
    });
}

/** Whole calendar days a deadline moved (negative: earlier), for the admin's summary. */
export function shiftInDays(move: Pick<DeadlineMove, 'from' | 'to'>): number {
  return Math.round((move.to.getTime() - move.from.getTime()) / MS_PER_DAY);
}
