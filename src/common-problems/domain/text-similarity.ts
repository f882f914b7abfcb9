/**
 * Cosine of two texts' word counts (0..1): the re-score of LSH candidates. Word counts rather
 * than sets, so a description that dwells on 停电 weighs it.
 */
export function cosineOfTokens(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  const a = countsOf(left);
  const b = countsOf(right);
  let dot = 0;
  for (const [token, count] of a) dot += count * (b.get(token) ?? 0);
  return dot / (normOf(a) * normOf(b));
}

/** Dice on the sets of words (0..1), 2|A∩B| / (|A|+|B|). */
export function diceOfTokens(left: readonly string[], right: readonly string[]): number {
  const a = new Set(left);
  const b = new Set(right);
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

function countsOf(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

function normOf(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count * count;
  return Math.sqrt(sum);
}
