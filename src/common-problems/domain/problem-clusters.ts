import { LIKELY_SAME_PROBLEM, similarityOf } from './appeal-text';

/** An appeal of the period as the pool sees it (its words and bands come from signatureOf). */
export interface PoolAppeal {
  id: number;
  enterpriseId: number;
  countyCode: string;
  departmentId: number | null;
  tokens: readonly string[];
  bands: readonly number[];
}

/** Groups per band bucket an appeal is compared with (see clusterAppeals). */
const REPRESENTATIVES = 20;

export interface ProblemCluster {
  /** The smallest appeal id in it: stable as long as that appeal stays, whatever order the input came in. */
  key: number;
  appealIds: number[];
  firms: number;
  counties: number;
  departments: number;
}

/**
 * Clusters of likely-the-same-problem appeals across firms (共性问题池 candidates): two appeals are
 * linked when they share an LSH band and re-score at or above LIKELY_SAME_PROBLEM; clusters are
 * the connected groups of two or more firms. Deterministic: pairs are examined in id order and a
 * cluster is keyed by its smallest id, so re-running a period gives the same clusters.
 */
export function clusterAppeals(appeals: readonly PoolAppeal[], threshold = LIKELY_SAME_PROBLEM): ProblemCluster[] {
  const sorted = [...appeals].sort((a, b) => a.id - b.id);
  const parent = new Map<number, number>(sorted.map((a) => [a.id, a.id]));
  const root = (id: number): number => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r) as number;
    parent.set(id, r);
    return r;
  };
  const byBand = new Map<string, PoolAppeal[]>();
  for (const appeal of sorted) {
    appeal.bands.forEach((hash, band) => {
      const key = `${band}:${hash}`;
      const bucket = byBand.get(key);
      if (bucket) bucket.push(appeal);
      else byBand.set(key, [appeal]);
    });
  }
  for (const bucket of byBand.values()) {
    // Each appeal is re-scored against the first appeals of at most REPRESENTATIVES groups of its
    // bucket, not against every appeal: a popular band (a common phrase) would otherwise cost a
    // re-score per pair of the whole bucket.
    const representatives: PoolAppeal[] = [];
    for (const appeal of bucket) {
      for (const representative of representatives) {
        if (root(appeal.id) === root(representative.id)) continue;
        if (similarityOf(appeal.tokens, representative.tokens) < threshold) continue;
        const [low, high] = [root(appeal.id), root(representative.id)].sort((x, y) => x - y);
        parent.set(high, low);
      }
      if (representatives.length < REPRESENTATIVES && representatives.every((r) => root(r.id) !== root(appeal.id))) representatives.push(appeal);
    }
  }
  const groups = new Map<number, PoolAppeal[]>();
  for (const appeal of sorted) {
    const r = root(appeal.id);
    const group = groups.get(r);
    if (group) group.push(appeal);
    else groups.set(r, [appeal]);
  }
  const clusters: ProblemCluster[] = [];
  for (const [key, members] of groups) {
    const firms = new Set(members.map((m) => m.enterpriseId)).size;
    if (firms < 2) continue;
    clusters.push({
      key,
      appealIds: members.map((m) => m.id),
      firms,
      counties: new Set(members.map((m) => m.countyCode)).size,
      departments: new Set(members.map((m) => m.departmentId).filter((d) => d !== null)).size,
    });
  }
  return clusters.sort(byRank);
}

/** Ranked by size, then spread (firms, counties, departments), then key: a total order. */
function byRank(a: ProblemCluster, b: ProblemCluster): number {
  return (
    b.appealIds.length - a.appealIds.length || b.firms - a.firms || b.counties - a.counties || b.departments - a.departments || a.key - b.key
  );
}
