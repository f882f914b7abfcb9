/**
 * Project figures of one region and period, and the ranking of regions on project progress.
 * Rates carry their numerator and denominator, like the appeal metrics, so a reader can check them.
 */

export interface Rate {
  numerator: number;
  denominator: number;
  /** null when nothing was due (denominator 0): no rate rather than a fake 0 % or 100 %. */
  value: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null };
}

export interface RegionProjectCounts {
  projects: number;
  advanced: number;
  investedWan: number;
  plannedWan: number;
}

/** Weights of the progress score: the share of projects that advanced a stage, and the share of planned investment completed. */
export const PROGRESS_WEIGHTS = { advanced: 60, investment: 40 } as const;

/**
 * The progress score (0–100) of a region: a region with no projects has no score and ranks
 * after every region that has one, so an empty list is never top of the red list.
 */
export function progressScore(c: RegionProjectCounts): number | null {
  if (c.projects === 0) return null;
  const advanced = c.advanced / c.projects;
  const investment = c.plannedWan > 0 ? Math.min(1, c.investedWan / c.plannedWan) : 0;
  return Math.round((advanced * PROGRESS_WEIGHTS.advanced + investment * PROGRESS_WEIGHTS.investment) * 100) / 100;
}

export interface Ranked<T> {
  rank: number | null;
  score: number | null;
  item: T;
}

/** Highest score first; equal scores share a rank (1, 1, 3); regions without a score come last, unranked. */
export function rankByProgress<T extends RegionProjectCounts & { code: string }>(items: readonly T[]): Array<Ranked<T>> {
  const scored = items.map((item) => ({ item, score: progressScore(item) }));
  scored.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.item.code.localeCompare(b.item.code));
  let previous: number | null = null;
  let rank = 0;
  return scored.map((entry, index) => {
    if (entry.score === null) return { rank: null, score: null, item: entry.item };
    if (entry.score !== previous) rank = index + 1;
    previous = entry.score;
    return { rank, score: entry.score, item: entry.item };
  });
}
