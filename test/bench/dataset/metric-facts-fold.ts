import { METRIC_FACT_COLUMNS, metricFactsOf, type MetricFacts } from '../../../src/appeals/events/metric-facts';

/**
 * The generator's side of the metric-facts contract (`src/appeals/events/metric-facts.ts`): every
 * event records under `payload.facts` the metric columns its transaction wrote, encoded by the
 * application's own `metricFactsOf`, so that folding an appeal's events in seq order gives the
 * appeal row's values of those columns.
 */

/** The facts among the columns an event writes. The generator keeps instants as epoch ms; the application writes Dates. */
export function factsOfWrites(columns: Readonly<Record<string, unknown>>): MetricFacts | undefined {
  const dated: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(columns)) {
    dated[column] = column.endsWith('_at') && typeof value === 'number' ? new Date(value) : value;
  }
  return metricFactsOf(dated);
}

/** Every metric column of a row (generated columns or one read back from the database), as facts. */
export function factsOfRow(row: Readonly<Record<string, unknown>>): MetricFacts {
  const columns: Record<string, unknown> = {};
  for (const column of METRIC_FACT_COLUMNS) {
    if (!(column in row)) throw new Error(`The row lacks the metric column ${column}`);
    columns[column] = row[column];
  }
  return factsOfWrites(columns) ?? {};
}

/** The facts of an appeal's events folded in order (payloads as objects or as stored JSON). */
export function foldFacts(payloads: Iterable<Readonly<Record<string, unknown>> | string>): MetricFacts {
  const state: MetricFacts = {};
  for (const payload of payloads) {
    const parsed = (typeof payload === 'string' ? JSON.parse(payload) : payload) as { facts?: MetricFacts };
    if (parsed.facts) Object.assign(state, parsed.facts);
  }
  return state;
}

/** Where a fold and a row disagree, one line per column (empty when they agree on every metric column). */
export function factDifferences(folded: MetricFacts, row: MetricFacts): string[] {
  const differences: string[] = [];
  for (const column of METRIC_FACT_COLUMNS) {
    if (!(column in folded)) differences.push(`${column}: no event records it (row: ${JSON.stringify(row[column])})`);
    else if (folded[column] !== row[column])
      differences.push(`${column}: events say ${JSON.stringify(folded[column])}, row has ${JSON.stringify(row[column])}`);
  }
  return differences;
}
