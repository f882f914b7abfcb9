import { CalendarCoverageError, WorkingCalendar } from './working-calendar';

/**
 * How a deadline was counted: `statutory` on the published holiday schedule, `provisional` when
 * the count reached past the last covered day and used weekends as the only rest days there
 * (shown as 暂定, recomputed once the year is declared complete).
 */
export const DEADLINE_BASES = ['statutory', 'provisional'] as const;
export type DeadlineBasis = (typeof DEADLINE_BASES)[number];

export interface Based<T> {
  value: T;
  basis: DeadlineBasis;
}

/**
 * Runs calendar maths on the published schedule and, only when it needs a day past the last
 * covered one, again on the provisional view. A computation that never leaves the schedule is
 * statutory, so the basis says exactly whether an unknown day was used. Days before the first
 * covered day still fail: there is nothing provisional about the past.
 */
export function withBasis<T>(calendar: WorkingCalendar, fn: (calendar: WorkingCalendar) => T): Based<T> {
  try {
    return { value: fn(calendar), basis: calendar.answersPastLastDay ? 'provisional' : 'statutory' };
  } catch (error) {
    if (!(error instanceof CalendarCoverageError) || error.date <= error.lastDay) throw error;
    return { value: fn(calendar.provisional()), basis: 'provisional' };
  }
}

/** A deadline derived from provisional inputs (a provisional deadline shifted or extended) stays provisional. */
export function combineBases(...bases: readonly DeadlineBasis[]): DeadlineBasis {
  return bases.includes('provisional') ? 'provisional' : 'statutory';
}
