import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { reachCondition } from '../../common/scope/sql-reach';
import { subtreePrefix } from '../../common/scope/region-reach';
import type { PauseSpan } from '../calendar/working-time-index';
import { groupKey, keyColumns, openKeyColumns, type GroupColumn, type KeyColumns } from './metric-group-keys';
import { ANSWERED_APPEAL_STATUSES, UNANSWERED_END_STATUSES } from '../../appeals/domain/appeal-status';
import { sqlValues } from '../../common/database/sql-literals';

const ANSWERED = sqlValues(ANSWERED_APPEAL_STATUSES);
const UNANSWERED_END = sqlValues(UNANSWERED_END_STATUSES);

export type { GroupColumn } from './metric-group-keys';

export interface AppealFilter {
  /** Only appeals of this region and below. */
  regionCode?: string;
  /** Only appeals led by this department (主办). */
  departmentId?: number;
  /** Only appeals of firms this liaison officer looks after. */
  officerId?: number;
  categoryId?: number;
}

/** Half-open [from, to): instants at or after `from` and before `to`. */
export interface Window {
  from: Date;
  to: Date;
}

export interface ResponseRow {
  g: string;
  due: number;
  onTime: number;
}
export interface DueUnresolvedRow {
  g: string;
  n: number;
}
export interface ResolvedRow {
  g: string;
  resolved: number;
  onTime: number;
  redo: number;
  closureResolved: number;
  closurePartly: number;
  closureExplained: number;
}
export interface VerifiedRow {
  g: string;
  verified: number;
  solvedYes: number;
  solvedPartly: number;
  rated: number;
  verySatisfied: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  veryDissatisfied: number;
  onBehalf: number;
  /** Ratings ruled unreasonable (不合理差评): not in `rated` nor in their level, counted apart. */
  unreasonable: number;
}
export interface AssignedRow {
  g: string;
  handled: number;
  objection: number;
  extension: number;
}
export interface OpenRow {
  g: string;
  open: number;
  overdue: number;
}
export interface ClosedAppealRow {
  g: string;
  id: number;
  submittedAt: Date;
  resolvedAt: Date;
  pauses: PauseSpan[];
  /** Closed as a duplicate (重复): counted apart, never in handling time. */
  duplicate: boolean;
}

export interface RawGroupCounts {
  response: ResponseRow[];
  dueUnresolved: DueUnresolvedRow[];
  resolved: ResolvedRow[];
  verified: VerifiedRow[];
  assigned: AssignedRow[];
  open: OpenRow[];
  closed: ClosedAppealRow[];
}

type Scope = { sql: string; params: unknown[] };

/** The data source, or a transaction's manager when the counts must share one snapshot with other reads. */
export type Queryable = Pick<DataSource, 'query'>;

/**
 * The counting half of the metrics (src/supervision/domain/metrics.ts divides). One query per
 * metric family, each an index-only range scan over the timestamp that family is dated by (the
 * covering indexes of migration 0650), all run in parallel. The definitions are in
 * src/supervision/METRICS.md; keep both in step.
 */
@Injectable()
export class MetricCountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Counts for every group with any activity in `window`. Appeals "open at the end" are those
   * open at `window.to`, so for a running period the caller passes now as the end.
   */
  async countByGroup(user: AuthUser, filter: AppealFilter, window: Window, group: GroupColumn): Promise<RawGroupCounts> {
    const [counts] = await this.countByGroups(user, filter, window, [group]);
    return counts;
  }

  /**
   * The same for several groupings at once (a report's cities, counties, departments and
   * categories): each family is counted once per combination of their keys and added up per
   * grouping here, so a report scans each index once instead of once per grouping. Returns one
   * RawGroupCounts per grouping, in the order asked for.
   */
  async countByGroups(
    user: AuthUser,
    filter: AppealFilter,
    window: Window,
    groupings: readonly GroupColumn[],
    db: Queryable = this.db,
  ): Promise<RawGroupCounts[]> {
    const keys = keyColumns(groupings);
    const scope = appealScope(user, filter);
    const { from, to } = window;
    const run = (sql: string, params: unknown[]) => this.grouped(db, groupings, sql, [...params, ...scope.params]);

    const [response, dueUnresolved, resolved, verified, assigned, open, closed] = await Promise.all([
      // Every appeal whose response fell due, less those rejected, withdrawn or closed as a
      // duplicate before anyone signed for them (nobody had to respond). The index holds no status (it would be rewritten
      // on every state change), so only the never-signed ones are read from the table; the hint
      // keeps MariaDB from reading every rejected or withdrawn appeal through the status index
      // instead. A group is listed only if it has an appeal due, as when this was one query.
      run(
        `SELECT ${keys.outer}, SUM(t.due) AS due, SUM(t.onTime) AS onTime FROM (
           SELECT ${keys.select}, COUNT(*) AS due,
                  SUM(CASE WHEN a.signed_at IS NOT NULL AND a.signed_at <= a.response_due_at THEN 1 ELSE 0 END) AS onTime
             FROM appeals a
            WHERE a.response_due_at >= ? AND a.response_due_at < ? AND ${scope.sql}
            GROUP BY ${keys.groupBy}
           UNION ALL
           SELECT ${keys.select}, -COUNT(*), 0
             FROM appeals a FORCE INDEX (ix_appeals_response_due_cover)
            WHERE a.response_due_at >= ? AND a.response_due_at < ? AND a.signed_at IS NULL
              AND (a.status IN (${UNANSWERED_END}) OR a.duplicate_of_id IS NOT NULL) AND ${scope.sql}
            GROUP BY ${keys.groupBy}
         ) t GROUP BY ${keys.groupBy} HAVING SUM(t.due) > 0`,
        [from, to, ...scope.params, from, to],
      ),
      // Likewise: due and not resolved by the end, less the withdrawn ones.
      run(
        `SELECT ${keys.outer}, SUM(t.n) AS n FROM (
           SELECT ${keys.select}, COUNT(*) AS n
             FROM appeals a
            WHERE a.resolution_due_at >= ? AND a.resolution_due_at < ? AND (a.resolved_at IS NULL OR a.resolved_at >= ?)
              AND ${scope.sql}
            GROUP BY ${keys.groupBy}
           UNION ALL
           SELECT ${keys.select}, -COUNT(*)
             FROM appeals a FORCE INDEX (ix_appeals_resolution_due_cover)
            WHERE a.resolution_due_at >= ? AND a.resolution_due_at < ? AND (a.resolved_at IS NULL OR a.resolved_at >= ?)
              AND a.status = 'withdrawn' AND ${scope.sql}
            GROUP BY ${keys.groupBy}
         ) t GROUP BY ${keys.groupBy} HAVING SUM(t.n) > 0`,
        [from, to, to, ...scope.params, from, to, to],
      ),
      run(
        `SELECT ${keys.select}, COUNT(*) AS resolved,
                SUM(CASE WHEN a.resolution_due_at IS NOT NULL AND a.resolved_at <= a.resolution_due_at THEN 1 ELSE 0 END) AS onTime,
                SUM(CASE WHEN a.redo_count > 0 THEN 1 ELSE 0 END) AS redo,
                SUM(CASE WHEN a.closure_type = 'resolved' THEN 1 ELSE 0 END) AS closureResolved,
                SUM(CASE WHEN a.closure_type = 'partly_resolved' THEN 1 ELSE 0 END) AS closurePartly,
                SUM(CASE WHEN a.closure_type = 'explained' THEN 1 ELSE 0 END) AS closureExplained
           FROM appeals a
          WHERE a.resolved_at >= ? AND a.resolved_at < ?
            AND ${scope.sql}
          GROUP BY ${keys.groupBy}`,
        [from, to],
      ),
      run(
        `SELECT ${keys.select},
                SUM(CASE WHEN a.solved IS NOT NULL THEN 1 ELSE 0 END) AS verified,
                SUM(CASE WHEN a.solved = 'yes' THEN 1 ELSE 0 END) AS solvedYes,
                SUM(CASE WHEN a.solved = 'partly' THEN 1 ELSE 0 END) AS solvedPartly,
                SUM(CASE WHEN a.satisfaction IS NOT NULL AND a.rating_ruled_at IS NULL THEN 1 ELSE 0 END) AS rated,
                SUM(CASE WHEN a.satisfaction = 'very_satisfied' THEN 1 ELSE 0 END) AS verySatisfied,
                SUM(CASE WHEN a.satisfaction = 'satisfied' THEN 1 ELSE 0 END) AS satisfied,
                SUM(CASE WHEN a.satisfaction = 'basically_satisfied' THEN 1 ELSE 0 END) AS basicallySatisfied,
                SUM(CASE WHEN a.satisfaction = 'dissatisfied' AND a.rating_ruled_at IS NULL THEN 1 ELSE 0 END) AS dissatisfied,
                SUM(CASE WHEN a.satisfaction = 'very_dissatisfied' AND a.rating_ruled_at IS NULL THEN 1 ELSE 0 END) AS veryDissatisfied,
                SUM(CASE WHEN a.solved IS NOT NULL AND a.verified_on_behalf = 1 THEN 1 ELSE 0 END) AS onBehalf,
                SUM(CASE WHEN a.rating_ruled_at IS NOT NULL THEN 1 ELSE 0 END) AS unreasonable
           FROM appeals a
          WHERE a.verified_at >= ? AND a.verified_at < ?
            AND ${scope.sql}
          GROUP BY ${keys.groupBy}`,
        [from, to],
      ),
      run(
        `SELECT ${keys.select}, COUNT(*) AS handled,
                SUM(CASE WHEN a.objection_count > 0 THEN 1 ELSE 0 END) AS objection,
                SUM(CASE WHEN a.extension_count > 0 THEN 1 ELSE 0 END) AS extension
           FROM appeals a
          WHERE a.assigned_at >= ? AND a.assigned_at < ?
            AND ${scope.sql}
          GROUP BY ${keys.groupBy}`,
        [from, to],
      ),
      this.openAt(db, keys, scope, to),
      this.closedIn(db, keys, scope, window),
    ]);
    return groupings.map((_, i) => ({
      response: response[i] as unknown as ResponseRow[],
      dueUnresolved: dueUnresolved[i] as unknown as DueUnresolvedRow[],
      resolved: resolved[i] as unknown as ResolvedRow[],
      verified: verified[i] as unknown as VerifiedRow[],
      assigned: assigned[i] as unknown as AssignedRow[],
      open: open[i] as unknown as OpenRow[],
      closed: closed[i],
    }));
  }

  /**
   * Appeals submitted before `at` and not yet finished at `at`: open now, or finished after it.
   * Three branches so each uses its own covering index, each counted per group (a province has
   * a few hundred thousand open appeals) and added up per group in `grouped`. The open ones are
   * grouped by the open index's own leading columns, so MariaDB counts them in index order
   * without a temporary table, whichever groupings were asked for. The moment a case was rejected
   * or withdrawn is read from its event log (the event that moved it there, not a later comment):
   * the events index finds the rejections and withdrawals at or after `at`, and updated_at
   * (never earlier than that moment) still narrows them as before.
   */
  private openAt(db: Queryable, keys: KeyColumns, scope: Scope, at: Date): Promise<Array<Array<Record<string, unknown>>>> {
    const open = openKeyColumns(keys.groupings);
    const overdue = `SUM(CASE WHEN a.resolution_due_at < ? AND (a.resolved_at IS NULL OR a.resolved_at >= ? OR a.status NOT IN (${ANSWERED}))
                              THEN 1 ELSE 0 END)`;
    const branch = (condition: string, groupBy = open.groupBy) =>
      `SELECT ${open.select}, COUNT(*) AS open, ${overdue} AS overdue FROM appeals a
        WHERE ${condition} AND a.submitted_at < ? AND ${scope.sql} GROUP BY ${groupBy}`;
    const sql = `
      ${branch('a.is_open = 1', open.byOpenIndex)}
      UNION ALL
      ${branch(`a.status = 'closed' AND a.closed_at >= ?`)}
      UNION ALL
      ${branch(`a.id IN (SELECT f.appeal_id FROM appeal_events f WHERE f.to_status IN (${UNANSWERED_END}) AND f.created_at >= ?)
                AND a.status IN (${UNANSWERED_END}) AND a.updated_at >= ?
                AND (SELECT MAX(e.created_at) FROM appeal_events e
                      WHERE e.appeal_id = a.id AND e.to_status = a.status AND e.from_status <> e.to_status) >= ?`)}`;
    return this.grouped(db, keys.groupings, sql, [
      ...[at, at, at, ...scope.params],
      ...[at, at, at, at, ...scope.params],
      ...[at, at, at, at, at, at, ...scope.params],
    ]);
  }

  /**
   * Appeals closed in the window with what handling time needs: submission, final resolution and
   * pauses, in one pass over the closed_at index (an appeal's pauses joined to it). The same
   * appeal objects are handed to every grouping, each under its own key.
   */
  private async closedIn(db: Queryable, keys: KeyColumns, scope: Scope, window: Window): Promise<ClosedAppealRow[][]> {
    const rows: Array<
      Record<string, unknown> & {
        id: number;
        submitted_at: Date;
        resolved_at: Date;
        duplicate: number;
        pause_from: Date | null;
        pause_to: Date | null;
      }
    > = await db.query(
      `SELECT ${keys.select}, a.id, a.submitted_at, COALESCE(a.resolved_at, a.closed_at) AS resolved_at,
                a.duplicate_of_id IS NOT NULL AS duplicate, p.started_at AS pause_from, p.ended_at AS pause_to
           FROM appeals a LEFT JOIN appeal_pauses p ON p.appeal_id = a.id
          WHERE a.closed_at >= ? AND a.closed_at < ? AND a.status = 'closed' AND ${scope.sql}`,
      [window.from, window.to, ...scope.params],
    );
    const byAppeal = new Map<number, ClosedAppealRow[]>();
    for (const row of rows) {
      const id = Number(row.id);
      let appeal = byAppeal.get(id);
      if (!appeal) {
        const pauses: PauseSpan[] = [];
        appeal = keys.groupings.map((_, i) => ({
          g: groupKey(row[`k${i}`]),
          id,
          submittedAt: row.submitted_at,
          resolvedAt: row.resolved_at,
          pauses,
          duplicate: Number(row.duplicate) === 1,
        }));
        byAppeal.set(id, appeal);
      }
      if (row.pause_from !== null) appeal[0].pauses.push({ from: row.pause_from, to: row.pause_to });
    }
    const appeals = [...byAppeal.values()];
    return keys.groupings.map((_, i) => appeals.map((appeal) => appeal[i]));
  }

  /**
   * Runs a query whose rows carry the key columns k0… and counts, and adds the counts up per
   * key of each grouping: one list of rows (`g` plus the counts) per grouping.
   */
  private async grouped(
    db: Queryable,
    groupings: readonly GroupColumn[],
    sql: string,
    params: unknown[],
  ): Promise<Array<Array<Record<string, unknown>>>> {
    const rows: Array<Record<string, unknown>> = await db.query(sql, params);
    const keyNames = new Set(groupings.map((_, i) => `k${i}`));
    const countNames = rows.length ? Object.keys(rows[0]).filter((name) => !keyNames.has(name)) : [];
    return groupings.map((_, i) => {
      const byKey = new Map<string, Record<string, string | number>>();
      for (const row of rows) {
        const g = groupKey(row[`k${i}`]);
        let sum = byKey.get(g);
        if (!sum) {
          sum = { g };
          for (const name of countNames) sum[name] = 0;
          byKey.set(g, sum);
        }
        // mysql2 hands back COUNTs and SUMs as numbers (decimalNumbers), NULL for a SUM over no rows.
        for (const name of countNames) sum[name] = (sum[name] as number) + Number(row[name] ?? 0);
      }
      return [...byKey.values()];
    });
  }
}

/**
 * The appeals (alias `a`) a reader may count or list, narrowed by the filter; `departmentColumn`
 * is what a department filter compares (a supervision order's own department in its queue).
 */
export function appealScope(user: AuthUser, filter: AppealFilter, departmentColumn = 'a.lead_department_id'): Scope {
  const reach = reachCondition('a.region_code', user);
  const parts = [reach.sql];
  const params: unknown[] = [...reach.params];
  if (filter.regionCode) {
    parts.push('a.region_code LIKE ?');
    params.push(`${subtreePrefix(filter.regionCode)}%`);
  }
  if (filter.departmentId !== undefined) {
    parts.push(`${departmentColumn} = ?`);
    params.push(filter.departmentId);
  }
  if (filter.officerId !== undefined) {
    parts.push('a.officer_id = ?');
    params.push(filter.officerId);
  }
  if (filter.categoryId !== undefined) {
    parts.push('a.category_id = ?');
    params.push(filter.categoryId);
  }
  return { sql: parts.join(' AND '), params };
}
