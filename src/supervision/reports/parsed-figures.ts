import type { ReportFigures } from './report-figures.service';

/** How many parsed reports are kept: a province's last months with room to spare (a few MB each). */
const KEPT = 16;
const parsed = new Map<string, ReportFigures>();

/**
 * A frozen report's figures, parsed once per content: every dashboard, ranking and metrics request
 * of an ended month reads the same report (about 730 KB of JSON for a province), and parsing it
 * for each was most of a ranking's time. Keyed by the figures' SHA-256, so a recomputed draft is
 * parsed afresh; shared between requests, hence deep-frozen (nobody may change a report anyway).
 */
export function parseReportFigures(stored: { figuresText: string; figuresSha256: string }): ReportFigures {
  const hit = parsed.get(stored.figuresSha256);
  if (hit) {
    // Most recently used last.
    parsed.delete(stored.figuresSha256);
    parsed.set(stored.figuresSha256, hit);
    return hit;
  }
  const figures = deepFreeze(JSON.parse(stored.figuresText) as ReportFigures);
  parsed.set(stored.figuresSha256, figures);
  if (parsed.size > KEPT) parsed.delete(parsed.keys().next().value as string);
  return figures;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
