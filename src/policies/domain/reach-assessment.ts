import { roundTo, type Ratio } from '../../supervision/domain/metrics';

/** The names the two policy parts carry in a score's working (ScorePartDto.metric). */
export const POLICY_SCORE_METRICS = ['policyAwarenessRate', 'policyBenefitRate'] as const;
export type PolicyScoreMetric = (typeof POLICY_SCORE_METRICS)[number];

/** A part of a composite score as supervision/domain/composite-score.ts lays it out. */
export interface BlendablePart {
  metric: string;
  weight: number;
  value: number | null;
  goodness: number | null;
  normalisedWeight: number;
}

export interface ReachRates {
  awarenessRate: Ratio;
  benefitRate: Ratio;
}

/** One region's reach as a ranking (and a frozen report) holds it: the region's code with its two rates. */
export interface ReachGroup extends ReachRates {
  key: string;
}

export interface ReachWeights {
  awarenessWeight: number;
  benefitWeight: number;
}

/**
 * A period's reach by region as a frozen report (and a dashboard's month) stores it, when the
 * setting had it count: as of the period's end (the running month's: when it was counted), the
 * weights it counted with, and the rates of every city and county in the scope.
 */
export interface PeriodReach {
  asOf: string;
  weights: ReachWeights;
  city: ReachGroup[];
  county: ReachGroup[];
}

/**
 * The reach a region ranking blends in: the weights, and per ranked region its rates in the
 * period ranked and in the period before (null: that period is ranked on its appeals alone, as
 * a month frozen without the reach is).
 */
export interface RankingReach {
  weights: ReachWeights;
  current: readonly ReachGroup[];
  previous: readonly ReachGroup[] | null;
}

/**
 * Adds a region's policy reach (应知尽知, 应享尽享) to its composite score as two more
 * higher-is-better rates with their own weights. As with the appeal rates, only parts with a value
 * take part and the weights are re-normalised over them: a region with no entitled firms is judged
 * on its appeals alone, and a region with no scored appeals on its reach alone.
 */
export function blendPolicyReach(
  parts: readonly BlendablePart[],
  reach: ReachRates | null,
  weights: ReachWeights,
): { score: number | null; parts: BlendablePart[] } {
  const extra: BlendablePart[] = [
    { metric: 'policyAwarenessRate', weight: weights.awarenessWeight, value: reach?.awarenessRate.value ?? null },
    { metric: 'policyBenefitRate', weight: weights.benefitWeight, value: reach?.benefitRate.value ?? null },
  ].map((p) => ({ ...p, goodness: p.value, normalisedWeight: 0 }));
  const all = [...parts, ...extra];
  const total = all.reduce((sum, p) => sum + (p.goodness === null ? 0 : p.weight), 0);
  const blended = all.map((p) => ({ ...p, normalisedWeight: p.goodness === null || total === 0 ? 0 : p.weight / total }));
  if (total === 0) return { score: null, parts: blended };
  return { score: roundTo(blended.reduce((sum, p) => sum + p.normalisedWeight * (p.goodness ?? 0), 0) * 100, 2), parts: blended };
}
