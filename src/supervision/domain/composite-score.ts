import { assertNever } from '../../common/domain/assert-never';
import { Metrics, roundTo } from './metrics';

/**
 * The weighted composite score behind the red and black lists (红榜/黑榜), 0–100.
 *
 * Only the rates that have a value take part, and their weights are re-normalised to sum to 1:
 * a county with no extensions due should be judged on what it did handle, not get a free 100 %
 * or a 0 % for an empty denominator. Lower-is-better rates count as (1 − rate).
 */

export type MetricDirection = 'higher_is_better' | 'lower_is_better';

export const SCORED_METRICS = {
  responseRate: 'higher_is_better',
  onTimeResolutionRate: 'higher_is_better',
  solutionRate: 'higher_is_better',
  satisfactionRate: 'higher_is_better',
  redoRate: 'lower_is_better',
  objectionRate: 'lower_is_better',
  extensionRate: 'lower_is_better',
} as const satisfies Record<string, MetricDirection>;

export type ScoredMetric = keyof typeof SCORED_METRICS;

/** Weights as stored in settings; keys must be scored metric names. */
export type ScoreWeights = Readonly<Record<string, number>>;

export interface ScorePart {
  metric: ScoredMetric;
  weight: number;
  /** The published (rounded) rate, so the score can be recomputed from the report itself. */
  value: number | null;
  /** The rate turned the right way up: value, or 1 − value for lower-is-better rates. */
  goodness: number | null;
  /** Share of the score after re-normalisation; 0 when the rate has no value or no weight. */
  normalisedWeight: number;
}

export interface ScoreBreakdown {
  /** 0–100, 2 decimals; null when no weighted rate has a value. */
  score: number | null;
  parts: ScorePart[];
}

export function compositeScore(metrics: Pick<Metrics, ScoredMetric>, weights: ScoreWeights): number | null {
  return scoreBreakdown(metrics, weights).score;
}

/** The score with its working, for the "how was this computed" panel and the frozen snapshot. */
export function scoreBreakdown(metrics: Pick<Metrics, ScoredMetric>, weights: ScoreWeights): ScoreBreakdown {
  assertValidWeights(weights);
  const present = scoredMetrics().map((metric) => {
    const weight = weights[metric] ?? 0;
    const value = metrics[metric].value;
    const goodness = value === null ? null : goodnessOf(SCORED_METRICS[metric], value);
    return { metric, weight, value, goodness };
  });
  const totalWeight = present.reduce((sum, part) => sum + (part.goodness === null ? 0 : part.weight), 0);
  const parts = present.map((part) => ({
    ...part,
    normalisedWeight: part.goodness === null || totalWeight === 0 ? 0 : part.weight / totalWeight,
  }));
  if (totalWeight === 0) return { score: null, parts };
  const weighted = parts.reduce((sum, part) => sum + part.normalisedWeight * (part.goodness ?? 0), 0);
  return { score: roundTo(weighted * 100, 2), parts };
}

function goodnessOf(direction: MetricDirection, value: number): number {
  switch (direction) {
    case 'higher_is_better':
      return value;
    case 'lower_is_better':
      return 1 - value;
    default:
      return assertNever(direction, 'metric direction');
  }
}

/**
 * Weights come from an admin-edited setting; a misspelt key silently dropping a metric from a
 * published ranking is the failure this guards against.
 */
function assertValidWeights(weights: ScoreWeights): void {
  const known = new Set<string>(scoredMetrics());
  for (const [key, weight] of Object.entries(weights)) {
    if (!known.has(key)) throw new RangeError(`Unknown metric in score weights: "${key}" (known: ${[...known].join(', ')})`);
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`Weight of ${key} must be a non-negative number, got ${weight}`);
  }
}

function scoredMetrics(): ScoredMetric[] {
  return Object.keys(SCORED_METRICS) as ScoredMetric[];
}
