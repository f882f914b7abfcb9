import type { CalendarPeriodKind } from '../../supervision/domain/periods';

/**
 * Which levels track a project (省市县分别聚焦 50亿、10亿、1亿元以上): a project is tracked at
 * every level whose threshold its total investment reaches, so a 60亿 project is on the province,
 * city and county lists. Thresholds are settings, in 万元.
 */

export const TRACKING_LEVELS = ['province', 'city', 'county'] as const;
export type TrackingLevel = (typeof TRACKING_LEVELS)[number];

export type TrackingThresholds = Record<TrackingLevel, number>;

export const DEFAULT_TRACKING_THRESHOLDS_WAN: TrackingThresholds = { province: 500_000, city: 100_000, county: 10_000 };

export const REPORT_CADENCES = ['week', 'xun', 'month'] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number] & CalendarPeriodKind;
export type CadenceByLevel = Record<TrackingLevel, ReportCadence>;

/** 周监测、旬调度、月盘点: the province watches its projects weekly, the city every 旬, the county monthly. */
export const DEFAULT_CADENCE: CadenceByLevel = { province: 'week', city: 'xun', county: 'month' };

export function trackingLevels(totalInvestmentWan: number, thresholds: TrackingThresholds): TrackingLevel[] {
  return TRACKING_LEVELS.filter((level) => totalInvestmentWan >= thresholds[level]);
}

const CADENCE_ORDER: ReportCadence[] = ['week', 'xun', 'month'];

/**
 * The reporting cadence of a project: the most frequent of its levels' cadences (a project on the
 * province list reports as often as the province asks). Untracked projects report monthly.
 */
export function cadenceOf(levels: readonly TrackingLevel[], cadence: CadenceByLevel): ReportCadence {
  const candidates = levels.map((l) => cadence[l]);
  if (!candidates.length) return 'month';
  return candidates.sort((a, b) => CADENCE_ORDER.indexOf(a) - CADENCE_ORDER.indexOf(b))[0];
}

/** 万元 → 亿元 as the offices write it: up to four decimals, no trailing zeros. */
export function wanToYi(wan: number): number {
  // 万元 carry two decimals, so 亿元 carry six: round there to drop binary noise.
  return Math.round(wan * 100) / 1_000_000;
}

/** A project bucket by investment: the levels it is tracked at and so its cadence. */
export interface InvestmentBucket {
  /** Lower bound (万元, inclusive); the buckets are ordered from the largest. */
  minWan: number;
  levels: TrackingLevel[];
  cadence: ReportCadence;
}

/** The four buckets the thresholds cut the investment axis into (province+city+county, city+county, county, none). */
export function investmentBuckets(thresholds: TrackingThresholds, cadence: CadenceByLevel): InvestmentBucket[] {
  const points = [thresholds.province, thresholds.city, thresholds.county, 0];
  return points.map((minWan) => {
    const levels = trackingLevels(minWan, thresholds);
    return { minWan, levels, cadence: cadenceOf(levels, cadence) };
  });
}
