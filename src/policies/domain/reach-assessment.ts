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

/**
 * Adds a region's policy reach (应知尽知, 应享尽享) to its composite score as two more
 * higher-is-better rates with their own weights. As with the appeal rates, only parts with a value
 * take part and the weights are re-normalised over them: a region with no entitled firms is judged
 * on its appeals alone, and a region with no scored appeals on its reach alone.
 */
export function blendPolicyReach(
  parts: readonly BlendablePart[],
  reach: ReachRates | null,
  weights: { awarenessWeight: number; benefitWeight: number },
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
