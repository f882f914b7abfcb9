import { type CalendarPeriodKind, periodContaining, previousPeriod } from '../../supervision/domain/periods';
import { type CadenceByLevel, investmentBuckets, type TrackingThresholds } from './tracking-levels';

/**
 * "Stalled" (停滞): no stage change and no progress report within the last N reporting periods
 * of the project's own cadence. The cut-off is the start of the period N periods before the
 * current one: a project reporting weekly with N = 2 whose last activity lies before Monday of
 * the week before last is stalled (the current, still running week does not count against it).
 */
export function stalledCutoff(kind: CalendarPeriodKind, now: Date, periods: number): Date {
  let period = periodContaining(kind, now);
  for (let i = 0; i < periods; i += 1) period = previousPeriod(period);
  return period.startsAt;
}

export interface StalledCutoff {
  minWan: number;
  cutoff: Date;
}

/** One cut-off per investment bucket (largest first), so one SQL CASE decides stalled for every project. */
export function stalledCutoffs(now: Date, periods: number, thresholds: TrackingThresholds, cadence: CadenceByLevel): StalledCutoff[] {
  return investmentBuckets(thresholds, cadence).map((b) => ({ minWan: b.minWan, cutoff: stalledCutoff(b.cadence, now, periods) }));
}

export function isStalled(lastActivity: Date, investmentWan: number, cutoffs: readonly StalledCutoff[]): boolean {
  const bucket = cutoffs.find((c) => investmentWan >= c.minWan) ?? cutoffs[cutoffs.length - 1];
  return lastActivity.getTime() < bucket.cutoff.getTime();
}
