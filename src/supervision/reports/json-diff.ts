/** One place where two JSON documents differ. */
export interface JsonDifference {
  path: string;
  stored: unknown;
  recomputed: unknown;
}

/**
 * The differences between two JSON values, path by path (`groups.city[3].metrics.responseRate`),
 * at most `limit` of them. Arrays of objects with a `key` are matched by key, so one region
 * appearing or disappearing shows as one difference instead of shifting every row after it.
 */
export function diffJson(stored: unknown, recomputed: unknown, limit = 50): JsonDifference[] {
  const out: JsonDifference[] = [];
  walk(stored, recomputed, '', out, limit);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: JsonDifference[], limit: number): void {
  if (out.length >= limit) return;
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (keyed(a) && keyed(b)) {
      const byKey = new Map(b.map((item) => [item.key, item]));
      const seen = new Set<unknown>();
      for (const item of a) {
        seen.add(item.key);
        walk(item, byKey.get(item.key), `${path}[key=${String(item.key)}]`, out, limit);
      }
      for (const item of b) if (!seen.has(item.key)) walk(undefined, item, `${path}[key=${String(item.key)}]`, out, limit);
      return;
    }
    const length = Math.max(a.length, b.length);
    for (let i = 0; i < length; i += 1) walk(a[i], b[i], `${path}[${i}]`, out, limit);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path ? `${path}.${key}` : key, out, limit);
    return;
  }
  out.push({ path: path || '(root)', stored: a, recomputed: b });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyed(items: unknown[]): items is Array<{ key: unknown }> {
  return items.every((item) => isObject(item) && 'key' in item);
}
