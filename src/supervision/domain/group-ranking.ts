/**
 * Rankings of regions, departments or officers by composite score (晾晒比拼), with the red and
 * black lists (红榜/黑榜) cut from them.
 */

export interface RankableGroup<M = unknown> {
  key: string;
  name: string;
  /** Composite score; null when the group had nothing to score in the period. */
  score: number | null;
  metrics: M;
}

export interface RankedRow<M = unknown> extends RankableGroup<M> {
  /** Competition ranking (1, 2, 2, 4); null for a group without a score. */
  rank: number | null;
  previousRank: number | null;
  /** Places gained since the previous period (positive = moved up); null when not ranked in both. */
  change: number | null;
}

/**
 * Ranks groups by score, best first. Equal scores share a rank and the next rank skips (1, 2, 2,
 * 4), so "rank 4" always means three groups did better. Groups without a score come last,
 * unranked. Rows with equal rank are ordered by key so a published list never reshuffles.
 */
export function rankGroups<M>(groups: readonly RankableGroup<M>[], previous?: readonly RankableGroup<unknown>[]): RankedRow<M>[] {
  const previousRanks = new Map<string, number | null>();
  for (const row of previous ? rankOnly(previous) : []) previousRanks.set(row.key, row.rank);
  return rankOnly(groups).map((row) => {
    const previousRank = previousRanks.get(row.key) ?? null;
    const change = row.rank === null || previousRank === null ? null : previousRank - row.rank;
    return { ...row, previousRank, change };
  });
}

/**
 * The best n groups. A tie at the cut-off takes all tied groups in (so the list can be longer
 * than n): leaving out one of two equal scores would be arbitrary in a public ranking. With fewer
 * than 2n ranked groups the red and black lists overlap; whether to publish both is the caller's
 * decision.
 */
export function redList<M>(rows: readonly RankedRow<M>[], n: number): RankedRow<M>[] {
  const ranked = rankedOnly(rows).sort((a, b) => a.rank - b.rank || compareKeys(a, b));
  return cutWithTies(ranked, n);
}

/** The worst n groups, worst first, with ties at the cut-off included as in `redList`. */
export function blackList<M>(rows: readonly RankedRow<M>[], n: number): RankedRow<M>[] {
  const ranked = rankedOnly(rows).sort((a, b) => b.rank - a.rank || compareKeys(a, b));
  return cutWithTies(ranked, n);
}

function rankOnly<M>(groups: readonly RankableGroup<M>[]): Array<RankableGroup<M> & { rank: number | null }> {
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.key)) throw new RangeError(`Group "${group.key}" appears twice in one ranking`);
    if (group.score !== null && !Number.isFinite(group.score)) throw new RangeError(`Score of "${group.key}" is not a number`);
    seen.add(group.key);
  }
  const scored = groups
    .filter((group): group is RankableGroup<M> & { score: number } => group.score !== null)
    .sort((a, b) => b.score - a.score || compareKeys(a, b));
  const unscored = groups.filter((group) => group.score === null).sort(compareKeys);
  const ranked = scored.map((group, index) => ({ ...group, rank: index + 1 }));
  for (let i = 1; i < ranked.length; i += 1) {
    if (ranked[i].score === ranked[i - 1].score) ranked[i].rank = ranked[i - 1].rank;
  }
  return [...ranked, ...unscored.map((group) => ({ ...group, rank: null }))];
}

function rankedOnly<M>(rows: readonly RankedRow<M>[]): Array<RankedRow<M> & { rank: number }> {
  return rows.filter((row): row is RankedRow<M> & { rank: number } => row.rank !== null);
}

function cutWithTies<M>(ordered: Array<RankedRow<M> & { rank: number }>, n: number): RankedRow<M>[] {
  if (n <= 0 || ordered.length === 0) return [];
  const boundary = ordered[Math.min(n, ordered.length) - 1].rank;
  return ordered.filter((row, index) => index < n || row.rank === boundary);
}

function compareKeys(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
