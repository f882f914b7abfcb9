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
  const tallies = groupings.map(() => new FamilyTally());
  for (const row of rows) {
    const contribution = contributionOf(row, window);
    if (!contribution) continue;
    const closed = contribution.closed ? { ...contribution.closed, pauses: pausesOf(row.id) } : null;
    groupings.forEach((grouping, i) => tallies[i].add(keyOf(row, grouping), contribution, closed));
  }
  return tallies.map((tally) => tally.counts());
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

type Counts<T> = Omit<T, 'g'>;
interface Contribution {
  response: Counts<ResponseRow> | null;
  dueUnresolved: Counts<DueUnresolvedRow> | null;
  resolved: Counts<ResolvedRow> | null;
  verified: Counts<VerifiedRow> | null;
  assigned: Counts<AssignedRow> | null;
  open: Counts<OpenRow> | null;
  closed: Omit<ClosedAppealRow, 'g' | 'pauses'> | null;
}

const flag = (condition: boolean): number => (condition ? 1 : 0);

function contributionOf(row: MetricRow, { from, to }: Window): Contribution | null {
  const inWindow = (t: Date | null): t is Date => t !== null && t.getTime() >= from.getTime() && t.getTime() < to.getTime();
  const before = (a: Date, b: Date) => a.getTime() <= b.getTime();
  const rejectedOrWithdrawn = row.status === 'rejected' || row.status === 'withdrawn';

  const response = inWindow(row.responseDueAt)
    ? {
        due: row.signedAt === null && rejectedOrWithdrawn ? 0 : 1,
        onTime: flag(row.signedAt !== null && before(row.signedAt, row.responseDueAt)),
      }
    : null;
  const unresolvedAtEnd = row.resolvedAt === null || row.resolvedAt.getTime() >= to.getTime();
  const dueUnresolved = inWindow(row.resolutionDueAt) && unresolvedAtEnd ? { n: flag(row.status !== 'withdrawn') } : null;
  const resolved = inWindow(row.resolvedAt)
    ? {
        resolved: 1,
        onTime: flag(row.resolutionDueAt !== null && before(row.resolvedAt, row.resolutionDueAt)),
        redo: flag(row.redoCount > 0),
        closureResolved: flag(row.closureType === 'resolved'),
        closurePartly: flag(row.closureType === 'partly_resolved'),
        closureExplained: flag(row.closureType === 'explained'),
      }
    : null;
  const verified = inWindow(row.verifiedAt)
    ? {
        verified: flag(row.solved !== null),
        solvedYes: flag(row.solved === 'yes'),
        solvedPartly: flag(row.solved === 'partly'),
        rated: flag(row.satisfaction !== null),
        verySatisfied: flag(row.satisfaction === 'very_satisfied'),
        satisfied: flag(row.satisfaction === 'satisfied'),
        basicallySatisfied: flag(row.satisfaction === 'basically_satisfied'),
        dissatisfied: flag(row.satisfaction === 'dissatisfied'),
        veryDissatisfied: flag(row.satisfaction === 'very_dissatisfied'),
        onBehalf: flag(row.solved !== null && row.verifiedOnBehalf === 1),
      }
    : null;
  const assigned = inWindow(row.assignedAt)
    ? { handled: 1, objection: flag(row.objectionCount > 0), extension: flag(row.extensionCount > 0) }
    : null;
  // Open at the end: submitted before it and not in a terminal status then.
  const finishedAfterEnd =
    !TERMINAL_STATUSES.has(row.status) ||
    (row.status === 'closed'
      ? row.closedAt !== null && row.closedAt.getTime() >= to.getTime()
      : row.finishedAt !== null && row.finishedAt.getTime() >= to.getTime());
  const open =
    row.submittedAt !== null && row.submittedAt.getTime() < to.getTime() && finishedAfterEnd
      ? {
          open: 1,
          overdue: flag(
            row.resolutionDueAt !== null &&
              row.resolutionDueAt.getTime() < to.getTime() &&
              (unresolvedAtEnd || (row.status !== 'resolved' && row.status !== 'closed')),
          ),
        }
      : null;
  const closed =
    inWindow(row.closedAt) && row.status === 'closed' && row.submittedAt !== null
      ? { id: row.id, submittedAt: row.submittedAt, resolvedAt: row.resolvedAt ?? row.closedAt }
      : null;
  if (!response && !dueUnresolved && !resolved && !verified && !assigned && !open && !closed) return null;
  return { response, dueUnresolved, resolved, verified, assigned, open, closed };
}

type NumericFamily = Exclude<keyof RawGroupCounts, 'closed'>;
const NUMERIC_FAMILIES: readonly NumericFamily[] = ['response', 'dueUnresolved', 'resolved', 'verified', 'assigned', 'open'];

/**
 * The count whose being zero means a group has no row in a family: the SQL lists a group only
 * when an appeal of it matched (response and resolution-due: only when the net count is
 * positive, its HAVING clause). Verified appeals always carry an answer, so `verified` marks them.
 */
const PRESENCE: Record<NumericFamily, string> = {
  response: 'due',
  dueUnresolved: 'n',
  resolved: 'resolved',
  verified: 'verified',
  assigned: 'handled',
  open: 'open',
};

class FamilyTally {
  private readonly families = new Map<NumericFamily, Map<string, Record<string, number>>>(NUMERIC_FAMILIES.map((f) => [f, new Map()]));
  private readonly closed: ClosedAppealRow[] = [];

  add(key: string, contribution: Contribution, closed: ClosedAppealRow | Omit<ClosedAppealRow, 'g'> | null): void {
    for (const family of NUMERIC_FAMILIES) {
      const counts = contribution[family];
      if (counts) addInto(this.families.get(family)!, key, counts as unknown as Record<string, number>, 1);
    }
    if (closed) this.closed.push({ ...(closed as ClosedAppealRow), g: key });
  }

  counts(): RawGroupCounts {
    const rows = (family: NumericFamily) => presentRows(family, this.families.get(family)!);
    return {
      response: rows('response') as unknown as ResponseRow[],
      dueUnresolved: rows('dueUnresolved') as unknown as DueUnresolvedRow[],
      resolved: rows('resolved') as unknown as ResolvedRow[],
      verified: rows('verified') as unknown as VerifiedRow[],
      assigned: rows('assigned') as unknown as AssignedRow[],
      open: rows('open') as unknown as OpenRow[],
      closed: this.closed,
    };
  }
}

function presentRows(family: NumericFamily, byKey: Map<string, Record<string, number>>): Array<Record<string, unknown>> {
  return [...byKey.entries()].filter(([, counts]) => counts[PRESENCE[family]] > 0).map(([g, counts]) => ({ g, ...counts }));
}

function addInto(byKey: Map<string, Record<string, number>>, key: string, counts: Record<string, number>, sign: 1 | -1): void {
  let sum = byKey.get(key);
  if (!sum) {
    sum = Object.fromEntries(Object.keys(counts).map((name) => [name, 0]));
    byKey.set(key, sum);
  }
  for (const [name, value] of Object.entries(counts)) sum[name] = (sum[name] ?? 0) + sign * value;
}

/**
 * `base − minus + plus`, family by family and group by group: the SQL's counts over the table
 * with some appeals' current contribution replaced by another. The closed appeals of `minus`
 * are taken out by id. A group keeps a family row only while that family's presence count is
 * positive, as the SQL would list it.
 */
export function replaceContributions(base: RawGroupCounts, minus: RawGroupCounts, plus: RawGroupCounts): RawGroupCounts {
  const result = {} as Record<NumericFamily, Array<Record<string, unknown>>>;
  for (const family of NUMERIC_FAMILIES) {
    const byKey = new Map<string, Record<string, number>>();
    const fold = (rows: ReadonlyArray<object>, sign: 1 | -1) => {
      for (const row of rows) {
        const { g, ...counts } = row as Record<string, unknown> & { g: string };
        addInto(byKey, g, counts as Record<string, number>, sign);
      }
    };
    fold(base[family], 1);
    fold(minus[family], -1);
    fold(plus[family], 1);
    result[family] = presentRows(family, byKey);
  }
  const removed = new Set(minus.closed.map((row) => row.id));
  return {
    response: result.response as unknown as ResponseRow[],
    dueUnresolved: result.dueUnresolved as unknown as DueUnresolvedRow[],
    resolved: result.resolved as unknown as ResolvedRow[],
    verified: result.verified as unknown as VerifiedRow[],
    assigned: result.assigned as unknown as AssignedRow[],
    open: result.open as unknown as OpenRow[],
    closed: [...base.closed.filter((row) => !removed.has(row.id)), ...plus.closed],
  };
}
