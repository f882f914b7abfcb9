import type { PauseSpan } from '../calendar/working-time-index';
import type {
  AssignedRow,
  ClosedAppealRow,
  DueUnresolvedRow,
  OpenRow,
  RawGroupCounts,
  ResolvedRow,
  ResponseRow,
  VerifiedRow,
  Window,
} from '../metrics/metric-counts.repository';
import type { GroupColumn } from '../metrics/metric-group-keys';
import { TERMINAL_STATUSES, type MetricRow } from './metric-row';

/**
 * The metric families of MetricCountsRepository, counted in code over appeals given as rows:
 * the same predicates as its SQL, clause for clause (src/supervision/METRICS.md), so that the
 * SQL's counts over the appeals table can be corrected appeal by appeal — take out what an
 * appeal counts as it is now, put in what it counted as it stood at the end of the period.
 */
export function countMetricRows(
  rows: readonly MetricRow[],
  window: Window,
  groupings: readonly GroupColumn[],
  pausesOf: (id: number) => PauseSpan[] = () => [],
): RawGroupCounts[] {
  const tally = new MetricRowTally(window, groupings);
  tally.add(rows, pausesOf);
  return tally.counts();
}

/** The key an appeal is grouped under, as groupKey() makes it from the SQL's key columns. */
export function keyOf(row: MetricRow, grouping: GroupColumn): string {
  switch (grouping) {
    case 'city':
      return row.cityCode;
    case 'county':
      return row.regionCode;
    case 'department':
      return row.leadDepartmentId === null ? 'none' : String(row.leadDepartmentId);
    case 'category':
      return String(row.categoryId);
    case 'total':
      return 'all';
    case 'officer':
      // Reports and rankings never group by officer, and the officer is no metric fact.
      throw new Error('history counts do not group by officer');
  }
}

type NumericFamily = Exclude<keyof RawGroupCounts, 'closed'>;

/**
 * Each family's counts in the order the SQL names them; the first is the one whose being zero
 * means a group has no row in that family (the SQL lists a group only when an appeal of it
 * matched; response and resolution-due only when the net count is positive, its HAVING clause;
 * verified appeals always carry an answer, so `verified` marks them).
 */
const FIELDS: Record<NumericFamily, readonly string[]> = {
  response: ['due', 'onTime'],
  dueUnresolved: ['n'],
  resolved: ['resolved', 'onTime', 'redo', 'closureResolved', 'closurePartly', 'closureExplained'],
  verified: [
    'verified',
    'solvedYes',
    'solvedPartly',
    'rated',
    'verySatisfied',
    'satisfied',
    'basicallySatisfied',
    'dissatisfied',
    'veryDissatisfied',
    'onBehalf',
    'unreasonable',
  ],
  assigned: ['handled', 'objection', 'extension'],
  open: ['open', 'overdue'],
};
const NUMERIC_FAMILIES = Object.keys(FIELDS) as NumericFamily[];

/** One appeal's counts per family (in FIELDS order), null where it is not in the family. */
type Contribution = Record<NumericFamily, number[] | null> & { closed: Omit<ClosedAppealRow, 'g' | 'pauses'> | null };

const flag = (condition: boolean): number => (condition ? 1 : 0);

function contributionOf(row: MetricRow, from: number, to: number): Contribution | null {
  const time = (t: Date | null): number | null => (t === null ? null : t.getTime());
  const inWindow = (t: number | null): t is number => t !== null && t >= from && t < to;
  const responseDue = time(row.responseDueAt);
  const resolutionDue = time(row.resolutionDueAt);
  const signed = time(row.signedAt);
  const resolved = time(row.resolvedAt);
  const submitted = time(row.submittedAt);
  const closedAt = time(row.closedAt);
  const nobodyHadToRespond = row.status === 'rejected' || row.status === 'withdrawn' || row.duplicateOfId !== null;
  const unresolvedAtEnd = resolved === null || resolved >= to;
  const satisfaction = row.satisfaction;
  // A rating ruled unreasonable (不合理差评) leaves the rated count and its level, and is counted apart.
  const ruled = row.ratingRuledAt !== null;

  const c: Contribution = {
    response: inWindow(responseDue)
      ? [signed === null && nobodyHadToRespond ? 0 : 1, flag(signed !== null && signed <= responseDue)]
      : null,
    dueUnresolved: inWindow(resolutionDue) && unresolvedAtEnd ? [flag(row.status !== 'withdrawn')] : null,
    resolved: inWindow(resolved)
      ? [
          1,
          flag(resolutionDue !== null && resolved <= resolutionDue),
          flag(row.redoCount > 0),
          flag(row.closureType === 'resolved'),
          flag(row.closureType === 'partly_resolved'),
          flag(row.closureType === 'explained'),
        ]
      : null,
    verified: inWindow(time(row.verifiedAt))
      ? [
          flag(row.solved !== null),
          flag(row.solved === 'yes'),
          flag(row.solved === 'partly'),
          flag(satisfaction !== null && !ruled),
          flag(satisfaction === 'very_satisfied'),
          flag(satisfaction === 'satisfied'),
          flag(satisfaction === 'basically_satisfied'),
          flag(satisfaction === 'dissatisfied' && !ruled),
          flag(satisfaction === 'very_dissatisfied' && !ruled),
          flag(row.solved !== null && row.verifiedOnBehalf === 1),
          flag(ruled),
        ]
      : null,
    assigned: inWindow(time(row.assignedAt)) ? [1, flag(row.objectionCount > 0), flag(row.extensionCount > 0)] : null,
    open: null,
    closed: null,
  };
  // Open at the end: submitted before it and not in a terminal status then.
  const finished = row.status === 'closed' ? closedAt : time(row.finishedAt);
  const openAtEnd = !TERMINAL_STATUSES.has(row.status) || (finished !== null && finished >= to);
  if (submitted !== null && submitted < to && openAtEnd) {
    const answered = row.status === 'resolved' || row.status === 'closed';
    c.open = [1, flag(resolutionDue !== null && resolutionDue < to && (unresolvedAtEnd || !answered))];
  }
  if (inWindow(closedAt) && row.status === 'closed' && row.submittedAt !== null) {
    c.closed = {
      id: row.id,
      submittedAt: row.submittedAt,
      resolvedAt: row.resolvedAt ?? (row.closedAt as Date),
      duplicate: row.duplicateOfId !== null,
    };
  }
  const counted = c.response || c.dueUnresolved || c.resolved || c.verified || c.assigned || c.open || c.closed;
  return counted ? c : null;
}

type Sums = Map<string, number[]>;

function addInto(byKey: Sums, key: string, values: readonly number[], sign: 1 | -1): void {
  let sum = byKey.get(key);
  if (!sum) {
    sum = new Array<number>(values.length).fill(0);
    byKey.set(key, sum);
  }
  for (let i = 0; i < values.length; i += 1) sum[i] += sign * values[i];
}

function presentRows(family: NumericFamily, byKey: Sums): Array<Record<string, unknown>> {
  const fields = FIELDS[family];
  const rows: Array<Record<string, unknown>> = [];
  for (const [g, sums] of byKey) {
    if (sums[0] <= 0) continue;
    const row: Record<string, unknown> = { g };
    fields.forEach((field, i) => (row[field] = sums[i]));
    rows.push(row);
  }
  return rows;
}

function toRawCounts(families: Record<NumericFamily, Sums>, closed: ClosedAppealRow[]): RawGroupCounts {
  return {
    response: presentRows('response', families.response) as unknown as ResponseRow[],
    dueUnresolved: presentRows('dueUnresolved', families.dueUnresolved) as unknown as DueUnresolvedRow[],
    resolved: presentRows('resolved', families.resolved) as unknown as ResolvedRow[],
    verified: presentRows('verified', families.verified) as unknown as VerifiedRow[],
    assigned: presentRows('assigned', families.assigned) as unknown as AssignedRow[],
    open: presentRows('open', families.open) as unknown as OpenRow[],
    closed,
  };
}

function emptyFamilies(): Record<NumericFamily, Sums> {
  return Object.fromEntries(NUMERIC_FAMILIES.map((family) => [family, new Map()])) as Record<NumericFamily, Sums>;
}

/**
 * Counts rows added a batch at a time, per grouping, without keeping the rows: what the
 * history counting needs for tens of thousands of appeals read in batches.
 */
export class MetricRowTally {
  private readonly from: number;
  private readonly to: number;
  private readonly families: Array<Record<NumericFamily, Sums>>;
  private readonly closed: ClosedAppealRow[][];

  constructor(
    window: Window,
    private readonly groupings: readonly GroupColumn[],
  ) {
    this.from = window.from.getTime();
    this.to = window.to.getTime();
    this.families = groupings.map(emptyFamilies);
    this.closed = groupings.map(() => []);
  }

  add(rows: readonly MetricRow[], pausesOf: (id: number) => PauseSpan[] = () => []): void {
    for (const row of rows) {
      const contribution = contributionOf(row, this.from, this.to);
      if (!contribution) continue;
      const pauses = contribution.closed ? pausesOf(row.id) : [];
      this.groupings.forEach((grouping, i) => {
        const key = keyOf(row, grouping);
        const families = this.families[i];
        for (const family of NUMERIC_FAMILIES) {
          const values = contribution[family];
          if (values) addInto(families[family], key, values, 1);
        }
        if (contribution.closed) this.closed[i].push({ ...contribution.closed, g: key, pauses });
      });
    }
  }

  counts(): RawGroupCounts[] {
    return this.groupings.map((_, i) => toRawCounts(this.families[i], this.closed[i]));
  }
}

/**
 * `base − minus + plus`, family by family and group by group: the SQL's counts over the table
 * with some appeals' current contribution replaced by another. The closed appeals of `minus`
 * are taken out by id. A group keeps a family row only while that family's presence count is
 * positive, as the SQL would list it.
 */
export function replaceContributions(base: RawGroupCounts, minus: RawGroupCounts, plus: RawGroupCounts): RawGroupCounts {
  const families = emptyFamilies();
  for (const family of NUMERIC_FAMILIES) {
    const fields = FIELDS[family];
    const fold = (rows: ReadonlyArray<object>, sign: 1 | -1) => {
      for (const row of rows as ReadonlyArray<Record<string, unknown>>) {
        addInto(
          families[family],
          row.g as string,
          fields.map((field) => Number(row[field] ?? 0)),
          sign,
        );
      }
    };
    fold(base[family], 1);
    fold(minus[family], -1);
    fold(plus[family], 1);
  }
  const removed = new Set(minus.closed.map((row) => row.id));
  return toRawCounts(families, [...base.closed.filter((row) => !removed.has(row.id)), ...plus.closed]);
}
