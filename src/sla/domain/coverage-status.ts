import { type IsoDate, toEpochDay } from './shanghai-date';

export const COVERAGE_STATUSES = ['ok', 'warning', 'critical'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

/** Days before the end of coverage at which admins get an inbox notification, each once. */
export const COVERAGE_WARNING_THRESHOLDS = [60, 30, 14, 7, 1] as const;

/** At or below this many days left, the status is critical (and so is a calendar already run out). */
export const COVERAGE_CRITICAL_DAYS = 14;

export interface CoverageHealth {
  /** Days from today to the last covered day: 0 on the last day, negative once it has passed. */
  daysRemaining: number;
  status: CoverageStatus;
}

/**
 * How close the calendar is to running out, seen on `today` (Asia/Shanghai): ok beyond the
 * horizon, warning within it, critical within COVERAGE_CRITICAL_DAYS or once past the end
 * (deadlines are then provisional until the next year is entered).
 */
export function coverageHealth(lastDay: IsoDate, today: IsoDate, horizonDays: number): CoverageHealth {
  const daysRemaining = toEpochDay(lastDay) - toEpochDay(today);
  const status: CoverageStatus =
    daysRemaining <= Math.min(COVERAGE_CRITICAL_DAYS, horizonDays) ? 'critical' : daysRemaining <= horizonDays ? 'warning' : 'ok';
  return { daysRemaining, status };
}

/**
 * The threshold whose notification is due now, if any: the smallest one reached that was not
 * sent yet. The larger ones reached at the same time (a server started late) are not sent
 * separately — one note saying how many days are left is enough — but they count as sent.
 */
export function dueWarning(
  daysRemaining: number,
  horizonDays: number,
  alreadySent: readonly number[],
): { send: number; markSent: number[] } | null {
  const reached = COVERAGE_WARNING_THRESHOLDS.filter((t) => t <= horizonDays && daysRemaining <= t);
  if (!reached.length) return null;
  const smallest = Math.min(...reached);
  if (alreadySent.includes(smallest)) return null;
  return { send: smallest, markSent: reached.filter((t) => !alreadySent.includes(t)) };
}
