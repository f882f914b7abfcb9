import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { appealScope, type AppealFilter, type GroupColumn, type Window } from './metric-counts.repository';
import type { Ranking } from './figures.service';
import { groupKey, keyColumns } from './metric-group-keys';
import { ANSWERED_APPEAL_STATUSES, UNANSWERED_END_STATUSES } from '../../appeals/domain/appeal-status';
import { sqlValues } from '../../common/database/sql-literals';

const ANSWERED = sqlValues(ANSWERED_APPEAL_STATUSES);
const UNANSWERED_END = sqlValues(UNANSWERED_END_STATUSES);

/**
 * Of the appeals a figure counts, how many are judged on a deadline that is provisional (暂定:
 * computed past the published holiday schedule, recomputed when the year is entered). Only the
 * figures that compare against a deadline can depend on one: the response rate (response due),
 * the on-time resolution rate (resolution due, for resolved and due-unresolved appeals) and the
 * overdue count.
 */
export interface ProvisionalCounts {
  responseRate: number;
  onTimeResolutionRate: number;
  overdueCount: number;
}

export interface ProvisionalGroupCounts extends ProvisionalCounts {
  key: string;
}

/** A scope's total and its groups (only those with a figure that depends on a provisional deadline). */
export interface ProvisionalFigures {
  total: ProvisionalCounts;
  groups: ProvisionalGroupCounts[];
}

/** A ranking with, per ranked group, how many appeals of its deadline-dependent figures are judged on a provisional deadline. */
export type RankingWithProvisional = Ranking & { provisional: ProvisionalFigures };

/**
 * A frozen report's provisional counts for each of its rankings, counted when it was frozen and
 * stored beside its figures: a ranking read from the report says what depended on a 暂定 deadline
 * then, even after the year's recompute has made those deadlines statutory.
 */
export interface ReportProvisional {
  countedAt: string;
  rankings: { region?: ProvisionalFigures; department: ProvisionalFigures };
}

export const NO_PROVISIONAL: ProvisionalCounts = { responseRate: 0, onTimeResolutionRate: 0, overdueCount: 0 };

/**
 * The total of a ranking's groups: a ranking counts every appeal of the scope in exactly one of
 * its groups (regions of one level, or lead departments with "not yet routed" as a group of its
 * own), so the groups add up to the scope's total.
 */
export function provisionalFromGroups(groups: ProvisionalGroupCounts[]): ProvisionalFigures {
  const total = { ...NO_PROVISIONAL };
  for (const g of groups) {
    total.responseRate += g.responseRate;
    total.onTimeResolutionRate += g.onTimeResolutionRate;
    total.overdueCount += g.overdueCount;
  }
  return { total, groups };
}

/**
 * Counted beside the metric families (MetricCountsRepository), with the same windows and scope,
 * over the few appeals that carry a provisional deadline at all: one range of
 * ix_appeals_provisional (has_provisional = 1), so it stays cheap however many appeals there are.
 * Deadlines as they stand now: once the year is entered and recomputed they are statutory and
 * drop out of these counts.
 */
@Injectable()
export class ProvisionalFiguresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(user: AuthUser, filter: AppealFilter, window: Window, group: GroupColumn = 'total'): Promise<ProvisionalGroupCounts[]> {
    const keys = keyColumns([group]);
    const scope = appealScope(user, filter);
    const { from, to } = window;
    const rows: Array<{ k0: unknown; responseRate: number | null; onTimeResolutionRate: number | null; overdueCount: number | null }> =
      await this.db.query(
        `SELECT ${keys.select},
                SUM(a.response_due_basis = 'provisional' AND a.response_due_at >= ? AND a.response_due_at < ?
                    AND NOT (a.signed_at IS NULL AND a.status IN (${UNANSWERED_END}))) AS responseRate,
                SUM(a.resolution_due_basis = 'provisional' AND (
                      (a.resolved_at >= ? AND a.resolved_at < ?)
                      OR (a.resolution_due_at >= ? AND a.resolution_due_at < ? AND (a.resolved_at IS NULL OR a.resolved_at >= ?)
                          AND a.status <> 'withdrawn'))) AS onTimeResolutionRate,
                SUM(a.resolution_due_basis = 'provisional' AND a.resolution_due_at < ? AND a.submitted_at < ?
                    AND (a.is_open = 1 OR (a.status = 'closed' AND a.closed_at >= ?))
                    AND (a.resolved_at IS NULL OR a.resolved_at >= ? OR a.status NOT IN (${ANSWERED}))) AS overdueCount
           FROM appeals a FORCE INDEX (ix_appeals_provisional)
          WHERE a.has_provisional = 1 AND ${scope.sql}
          GROUP BY ${keys.groupBy}`,
        [from, to, from, to, from, to, to, to, to, to, to, ...scope.params],
      );
    return rows
      .map((r) => ({
        key: groupKey(r.k0),
        responseRate: Number(r.responseRate ?? 0),
        onTimeResolutionRate: Number(r.onTimeResolutionRate ?? 0),
        overdueCount: Number(r.overdueCount ?? 0),
      }))
      .filter((r) => r.responseRate || r.onTimeResolutionRate || r.overdueCount);
  }

  /** The scope's total (every group added up). */
  async total(user: AuthUser, filter: AppealFilter, window: Window): Promise<ProvisionalCounts> {
    const [row] = await this.count(user, filter, window, 'total');
    return row
      ? { responseRate: row.responseRate, onTimeResolutionRate: row.onTimeResolutionRate, overdueCount: row.overdueCount }
      : NO_PROVISIONAL;
  }
}
