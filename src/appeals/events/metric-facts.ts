/**
 * The appeal columns the supervision metrics read that change during an appeal's life. Every
 * event records, under `payload.facts`, the values of these columns its transaction wrote, so
 * that an appeal's figures as of any past instant can be rebuilt from its (append-only,
 * hash-chained) event history alone: fold the facts of the events before that instant, and the
 * status is the last event's `to_status`. The appeals table keeps only the latest value of each
 * (a redo rewrites `resolved_at`), which is why a frozen report is not counted from it alone.
 *
 * Columns that never change after submission (region, city, category, firm) are read from the
 * appeal row; the status is not repeated here (it is the event's `to_status`).
 */
export const METRIC_FACT_COLUMNS = [
  'lead_department_id',
  'sla_policy_id',
  'submitted_at',
  'response_due_at',
  'resolution_due_at',
  'signed_at',
  'resolved_at',
  'verified_at',
  'assigned_at',
  'closed_at',
  'closure_type',
  'solved',
  'satisfaction',
  'verified_on_behalf',
  'redo_count',
  'objection_count',
  'extension_count',
  'duplicate_of_id',
  'rating_ruled_at',
] as const;

export type MetricFactColumn = (typeof METRIC_FACT_COLUMNS)[number];

/** Dates as ISO-8601 UTC strings (JSON has no dates); ids, counters and flags as numbers. */
export type MetricFacts = Partial<Record<MetricFactColumn, string | number | null>>;

const FACT_COLUMNS: ReadonlySet<string> = new Set(METRIC_FACT_COLUMNS);

/**
 * The metric facts among the columns a transaction writes to an appeal, or undefined when it
 * writes none. Throws on a value it cannot record faithfully (an SQL expression such as
 * `redo_count + 1`): the facts must be the values written, not a recipe.
 */
export function metricFactsOf(columns: Readonly<Record<string, unknown>>): MetricFacts | undefined {
  const facts: MetricFacts = {};
  let any = false;
  for (const [column, value] of Object.entries(columns)) {
    if (!FACT_COLUMNS.has(column)) continue;
    facts[column as MetricFactColumn] = factValue(column, value);
    any = true;
  }
  return any ? facts : undefined;
}

const NUMERIC_COLUMNS: ReadonlySet<string> = new Set([
  'lead_department_id',
  'sla_policy_id',
  'verified_on_behalf',
  'redo_count',
  'objection_count',
  'extension_count',
  'duplicate_of_id',
]);

function factValue(column: string, value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (column.endsWith('_at')) {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
    if (date && !Number.isNaN(date.getTime())) return date.toISOString();
  } else if (NUMERIC_COLUMNS.has(column)) {
    // mysql2 may hand ids back as strings; booleans are stored as 0/1.
    const number = typeof value === 'boolean' ? Number(value) : typeof value === 'string' ? Number(value) : value;
    if (typeof number === 'number' && Number.isInteger(number)) return number;
  } else if (typeof value === 'string') {
    return value;
  }
  throw new Error(`metric fact ${column}: cannot record ${JSON.stringify(value)}`);
}
