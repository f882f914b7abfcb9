import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { assertNever } from '../../common/domain/assert-never';
import { reachCondition } from '../../common/scope/sql-reach';
import { subtreePrefix } from '../../common/scope/region-reach';
import type { PauseSpan } from '../calendar/working-time-index';

/** What an appeal is grouped by; `total` puts every appeal in scope into one group, "all". */
export type GroupColumn = 'city' | 'county' | 'department' | 'officer' | 'category' | 'total';

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

const NUMERIC_SKIP = new Set(['g', 'submittedAt', 'resolvedAt', 'pauses']);

/**
 * The counting half of the metrics (src/supervision/domain/metrics.ts divides). One query per
 * metric family, each a range scan on the index over the timestamp that family is dated by,
 * all run in parallel. The definitions are in src/supervision/METRICS.md; keep both in step.
 */
@Injectable()
export class MetricCountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Counts for every group with any activity in `window`. Appeals "open at the end" are those
   * open at `window.to`, so for a running period the caller passes now as the end.
   */
  async countByGroup(user: AuthUser, filter: AppealFilter, window: Window, group: GroupColumn): Promise<RawGroupCounts> {
    const g = groupExpression(group);
    const scope = this.scopeOf(user, filter);
    const { from, to } = window;
    const run = <T>(sql: string, params: unknown[]) => this.query<T>(sql, [...params, ...scope.params]);

    const [response, dueUnresolved, resolved, verified, assigned, open, closed] = await Promise.all([
      run<ResponseRow>(
        `SELECT ${g} AS g, COUNT(*) AS due,
                SUM(CASE WHEN a.signed_at IS NOT NULL AND a.signed_at <= a.response_due_at THEN 1 ELSE 0 END) AS onTime
           FROM appeals a
          WHERE a.response_due_at >= ? AND a.response_due_at < ?
            AND NOT (a.status IN ('rejected','withdrawn') AND a.signed_at IS NULL)
            AND ${scope.sql}
          GROUP BY 1`,
        [from, to],
      ),
      run<DueUnresolvedRow>(
        `SELECT ${g} AS g, COUNT(*) AS n
           FROM appeals a
          WHERE a.resolution_due_at >= ? AND a.resolution_due_at < ?
            AND (a.resolved_at IS NULL OR a.resolved_at >= ?)
            AND a.status <> 'withdrawn'
            AND ${scope.sql}
          GROUP BY 1`,
        [from, to, to],
      ),
      run<ResolvedRow>(
        `SELECT ${g} AS g, COUNT(*) AS resolved,
                SUM(CASE WHEN a.resolution_due_at IS NOT NULL AND a.resolved_at <= a.resolution_due_at THEN 1 ELSE 0 END) AS onTime,
                SUM(CASE WHEN a.redo_count > 0 THEN 1 ELSE 0 END) AS redo,
                SUM(CASE WHEN a.closure_type = 'resolved' THEN 1 ELSE 0 END) AS closureResolved,
                SUM(CASE WHEN a.closure_type = 'partly_resolved' THEN 1 ELSE 0 END) AS closurePartly,
                SUM(CASE WHEN a.closure_type = 'explained' THEN 1 ELSE 0 END) AS closureExplained
           FROM appeals a
          WHERE a.resolved_at >= ? AND a.resolved_at < ?
            AND ${scope.sql}
          GROUP BY 1`,
        [from, to],
      ),
      run<VerifiedRow>(
        `SELECT ${g} AS g,
                SUM(CASE WHEN a.solved IS NOT NULL THEN 1 ELSE 0 END) AS verified,
                SUM(CASE WHEN a.solved = 'yes' THEN 1 ELSE 0 END) AS solvedYes,
                SUM(CASE WHEN a.solved = 'partly' THEN 1 ELSE 0 END) AS solvedPartly,
                SUM(CASE WHEN a.satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS rated,
                SUM(CASE WHEN a.satisfaction = 'very_satisfied' THEN 1 ELSE 0 END) AS verySatisfied,
                SUM(CASE WHEN a.satisfaction = 'satisfied' THEN 1 ELSE 0 END) AS satisfied,
                SUM(CASE WHEN a.satisfaction = 'basically_satisfied' THEN 1 ELSE 0 END) AS basicallySatisfied,
                SUM(CASE WHEN a.satisfaction = 'dissatisfied' THEN 1 ELSE 0 END) AS dissatisfied,
                SUM(CASE WHEN a.satisfaction = 'very_dissatisfied' THEN 1 ELSE 0 END) AS veryDissatisfied,
                SUM(CASE WHEN a.solved IS NOT NULL AND a.verified_on_behalf = 1 THEN 1 ELSE 0 END) AS onBehalf
           FROM appeals a
          WHERE a.verified_at >= ? AND a.verified_at < ?
            AND ${scope.sql}
          GROUP BY 1`,
        [from, to],
      ),
      run<AssignedRow>(
        `SELECT ${g} AS g, COUNT(*) AS handled,
                SUM(CASE WHEN a.objection_count > 0 THEN 1 ELSE 0 END) AS objection,
                SUM(CASE WHEN a.extension_count > 0 THEN 1 ELSE 0 END) AS extension
           FROM appeals a
          WHERE a.assigned_at >= ? AND a.assigned_at < ?
            AND ${scope.sql}
          GROUP BY 1`,
        [from, to],
      ),
      this.openAt(g, scope, to),
      this.closedIn(g, scope, window),
    ]);
    return { response, dueUnresolved, resolved, verified, assigned, open, closed };
  }

  /**
   * Appeals submitted before `at` and not yet finished at `at`: open now, or finished after it.
   * Three branches so each uses its own index; the moment a case was rejected or withdrawn is
   * read from its event log (updated_at, never earlier than that moment, narrows the lookups).
   */
  private openAt(g: string, scope: { sql: string; params: unknown[] }, at: Date): Promise<OpenRow[]> {
    const overdue = `CASE WHEN a.resolution_due_at < ? AND (a.resolved_at IS NULL OR a.resolved_at >= ? OR a.status NOT IN ('resolved','closed'))
                          THEN 1 ELSE 0 END`;
    const branch = (condition: string) =>
      `SELECT ${g} AS g, ${overdue} AS overdue FROM appeals a WHERE ${condition} AND a.submitted_at < ? AND ${scope.sql}`;
    const sql = `
      SELECT t.g, COUNT(*) AS open, SUM(t.overdue) AS overdue FROM (
        ${branch('a.is_open = 1')}
        UNION ALL
        ${branch(`a.status = 'closed' AND a.closed_at >= ?`)}
        UNION ALL
        ${branch(`a.status IN ('rejected','withdrawn') AND a.updated_at >= ?
                  AND (SELECT MAX(e.created_at) FROM appeal_events e WHERE e.appeal_id = a.id AND e.to_status = a.status) >= ?`)}
      ) t GROUP BY t.g`;
    return this.query<OpenRow>(sql, [
      ...[at, at, at, ...scope.params],
      ...[at, at, at, at, ...scope.params],
      ...[at, at, at, at, at, ...scope.params],
    ]);
  }

  /** Appeals closed in the window with what handling time needs: submission, final resolution, pauses. */
  private async closedIn(g: string, scope: { sql: string; params: unknown[] }, window: Window): Promise<ClosedAppealRow[]> {
    const where = `a.closed_at >= ? AND a.closed_at < ? AND a.status = 'closed' AND ${scope.sql}`;
    const params = [window.from, window.to, ...scope.params];
    const [rows, pauses] = await Promise.all([
      this.db.query(
        `SELECT ${g} AS g, a.id, a.submitted_at, COALESCE(a.resolved_at, a.closed_at) AS resolved_at FROM appeals a WHERE ${where}`,
        params,
      ) as Promise<Array<{ g: string; id: number; submitted_at: Date; resolved_at: Date }>>,
      this.db.query(
        `SELECT p.appeal_id, p.started_at, p.ended_at FROM appeal_pauses p JOIN appeals a ON a.id = p.appeal_id WHERE ${where}`,
        params,
      ) as Promise<Array<{ appeal_id: number; started_at: Date; ended_at: Date | null }>>,
    ]);
    const pausesByAppeal = new Map<number, PauseSpan[]>();
    for (const pause of pauses) {
      const list = pausesByAppeal.get(Number(pause.appeal_id)) ?? [];
      list.push({ from: pause.started_at, to: pause.ended_at });
      pausesByAppeal.set(Number(pause.appeal_id), list);
    }
    return rows.map((row) => ({
      g: String(row.g),
      id: Number(row.id),
      submittedAt: row.submitted_at,
      resolvedAt: row.resolved_at,
      pauses: pausesByAppeal.get(Number(row.id)) ?? [],
    }));
  }

  private scopeOf(user: AuthUser, filter: AppealFilter): { sql: string; params: unknown[] } {
    const reach = reachCondition('a.region_code', user);
    const parts = [reach.sql];
    const params: unknown[] = [...reach.params];
    if (filter.regionCode) {
      parts.push('a.region_code LIKE ?');
      params.push(`${subtreePrefix(filter.regionCode)}%`);
    }
    if (filter.departmentId !== undefined) {
      parts.push('a.lead_department_id = ?');
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

  /** mysql2 hands back SUMs as numbers (decimalNumbers) but keys as whatever type the column has. */
  private async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(sql, params);
    return rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row))
        out[key] = key === 'g' ? String(value) : NUMERIC_SKIP.has(key) ? value : Number(value ?? 0);
      return out as T;
    });
  }
}

/** The SQL expression an appeal's group key is read from; unassigned cases get the key "none". */
export function groupExpression(group: GroupColumn): string {
  switch (group) {
    case 'city':
      return 'a.city_code';
    case 'county':
      return 'a.region_code';
    case 'department':
      return `COALESCE(CAST(a.lead_department_id AS CHAR), 'none')`;
    case 'officer':
      return `COALESCE(CAST(a.officer_id AS CHAR), 'none')`;
    case 'category':
      return 'CAST(a.category_id AS CHAR)';
    case 'total':
      return `'all'`;
    default:
      return assertNever(group, 'group column');
  }
}
