import { LIKELY_SAME_PROBLEM } from './appeal-text';

/**
 * The common-problem pool's clustering, done once per appeal and kept (#16): each new appeal,
 * in id order, is compared with the representatives of the LSH buckets it falls in; it joins the
 * clusters it re-scores at or above the threshold with (merging them when there are several) or
 * starts its own. Nothing already clustered is compared again, so a period's run costs its new
 * appeals only, and because the state it reads is exactly what earlier runs wrote, clustering in
 * batches of any size gives the same clusters as one run over everything (see the spec).
 */

/** One (bucket, appeal) representative: the appeals a newcomer of that bucket is compared with. */
export interface BucketRepresentative {
  band: number;
  hash: number;
  appealId: number;
  clusterKey: number;
}

export interface AppealToCluster {
  id: number;
  /** Distinct words (any stable encoding: the stored FULLTEXT terms). */
  terms: readonly string[];
  /** One hash per band (index = band); empty for a text without words. */
  bands: readonly number[];
}

/** What the earlier runs left: representatives per bucket and the words of each representative. */
export interface ClusteringState {
  representatives: ReadonlyMap<string, readonly BucketRepresentative[]>;
  termsOf: ReadonlyMap<number, readonly string[]>;
}

export interface ClusteringStep {
  /** Every new appeal's cluster (its final key after this step's merges). */
  assignments: Array<{ appealId: number; clusterKey: number }>;
  /** Existing clusters folded into another: rewrite `from` to `to` (never chained: `to` is final). */
  merges: Array<{ from: number; to: number }>;
  /** New representatives, with final keys. */
  representatives: BucketRepresentative[];
}

/** Representatives kept per bucket: a common phrase's bucket would otherwise cost a re-score per appeal in it. */
export const REPRESENTATIVES_PER_BUCKET = 20;

export function bucketOf(band: number, hash: number): string {
  return `${band}:${hash}`;
}

/** The re-score on word sets: mean of the set cosine and Dice (similarityOf on distinct words). */
export function similarityOfSets(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  let shared = 0;
  for (const term of small) if (large.has(term)) shared += 1;
  return (shared / Math.sqrt(left.size * right.size) + (2 * shared) / (left.size + right.size)) / 2;
}

export function clusterNewAppeals(
  appeals: readonly AppealToCluster[],
  state: ClusteringState,
  threshold = LIKELY_SAME_PROBLEM,
): ClusteringStep {
  const sorted = [...appeals].sort((a, b) => a.id - b.id);
  // Cluster keys merged during this step: key → the key it now belongs to (smaller).
  const mergedInto = new Map<number, number>();
  const resolve = (key: number): number => {
    let k = key;
    while (mergedInto.has(k)) k = mergedInto.get(k) as number;
    return k;
  };
  const buckets = new Map<string, BucketRepresentative[]>();
  const bucket = (key: string): BucketRepresentative[] => {
    let reps = buckets.get(key);
    if (!reps) {
      reps = [...(state.representatives.get(key) ?? [])];
      buckets.set(key, reps);
    }
    return reps;
  };
  const termSets = new Map<number, ReadonlySet<string>>();
  const termsOf = (appealId: number): ReadonlySet<string> => {
    let set = termSets.get(appealId);
    if (!set) {
      set = new Set(state.termsOf.get(appealId) ?? []);
      termSets.set(appealId, set);
    }
    return set;
  };
  const assigned: Array<{ appealId: number; clusterKey: number }> = [];
  const added: BucketRepresentative[] = [];

  for (const appeal of sorted) {
    const own = new Set(appeal.terms);
    termSets.set(appeal.id, own);
    const matched = new Set<number>();
    const scored = new Map<number, boolean>();
    appeal.bands.forEach((hash, band) => {
      for (const rep of bucket(bucketOf(band, hash))) {
        let similar = scored.get(rep.appealId);
        if (similar === undefined) {
          similar = similarityOfSets(own, termsOf(rep.appealId)) >= threshold;
          scored.set(rep.appealId, similar);
        }
        if (similar) matched.add(resolve(rep.clusterKey));
      }
    });
    const key = matched.size ? Math.min(...matched) : appeal.id;
    for (const other of matched) if (other !== key) mergedInto.set(other, key);
    assigned.push({ appealId: appeal.id, clusterKey: key });
    appeal.bands.forEach((hash, band) => {
      const reps = bucket(bucketOf(band, hash));
      if (reps.length >= REPRESENTATIVES_PER_BUCKET || reps.some((r) => resolve(r.clusterKey) === key)) return;
      const rep = { band, hash, appealId: appeal.id, clusterKey: key };
      reps.push(rep);
      added.push(rep);
    });
  }

  const existing = new Set<number>();
  for (const reps of state.representatives.values()) for (const r of reps) existing.add(r.clusterKey);
  return {
    assignments: assigned.map((a) => ({ appealId: a.appealId, clusterKey: resolve(a.clusterKey) })),
    // Only keys that exist outside this step need rewriting; keys born in it are resolved above.
    merges: [...mergedInto.keys()].filter((from) => existing.has(from)).sort((x, y) => x - y).map((from) => ({ from, to: resolve(from) })),
    representatives: added.map((r) => ({ ...r, clusterKey: resolve(r.clusterKey) })),
  };
}
