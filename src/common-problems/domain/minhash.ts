/**
 * MinHash signatures cut into LSH bands. Two texts share a band with probability about
 * J^ROWS for each of BANDS bands (J = Jaccard of their word sets), so a pair with J = 0.3 is a
 * candidate with probability 1 - (1 - 0.3^2)^32 ≈ 0.95 and one with J = 0.05 with ≈ 0.08. Every
 * band is one (band, hash) row in the database: finding candidates is an index lookup.
 */
export const SIGNATURE_BANDS = 32;
export const ROWS_PER_BAND = 2;
const PERMUTATIONS = SIGNATURE_BANDS * ROWS_PER_BAND;

/** FNV-1a over UTF-16 code units, 32 bits: fast, stable across processes and versions. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return mix32(h);
}

/** A finaliser (murmur3's) so nearby FNV values spread over all 32 bits before permuting. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Fixed odd multipliers and offsets (from a seeded LCG): the same shingle always hashes alike. */
const PERMUTATION_PARAMETERS: ReadonlyArray<readonly [number, number]> = (() => {
  const parameters: Array<readonly [number, number]> = [];
  let state = 0x9e3779b9;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  for (let i = 0; i < PERMUTATIONS; i += 1) parameters.push([next() | 1, next()] as const);
  return parameters;
})();

/** The minimum of each permuted hash over the shingles; empty input gives an empty signature. */
export function minHashOf(shingles: ReadonlySet<string>): number[] {
  if (shingles.size === 0) return [];
  const signature = new Array<number>(PERMUTATIONS).fill(0xffffffff);
  for (const shingle of shingles) {
    const base = hash32(shingle);
    for (let i = 0; i < PERMUTATIONS; i += 1) {
      const [multiplier, offset] = PERMUTATION_PARAMETERS[i];
      const value = mix32((Math.imul(base, multiplier) + offset) >>> 0);
      if (value < signature[i]) signature[i] = value;
    }
  }
  return signature;
}

/** One 32-bit hash per band (the band's rows hashed together), unsigned: a database INT UNSIGNED. */
export function bandHashesOf(signature: readonly number[]): number[] {
  if (signature.length === 0) return [];
  const bands: number[] = [];
  for (let band = 0; band < SIGNATURE_BANDS; band += 1) {
    const rows = signature.slice(band * ROWS_PER_BAND, (band + 1) * ROWS_PER_BAND);
    bands.push(hash32(rows.join(','), 0x811c9dc5 ^ band));
  }
  return bands;
}
