import type { DeadlineBasis } from '../domain/deadline-basis';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toSnapshot, type SnapshotColumns } from '../../appeals/appeal-mapping';
import { appealColumns, type ColumnWrite } from '../../appeals/appeal-columns';
import type { SupervisionLevel } from '../domain/escalation-ladder';
import type { SweepChanges, SweepRow } from './sweep-planner';
import type { NotifiedAppeal } from '../../notifications/appeal-event-notifier';
import { CLOCK_RUNNING_STATUSES } from '../../appeals/domain/appeal-status';
import { sqlValues } from '../../common/database/sql-literals';

const CLOCK_RUNNING = sqlValues(CLOCK_RUNNING_STATUSES);

/** A column's new value, or an expression over the row's own columns (so many rows can share one UPDATE). */
type ColumnValue = ColumnWrite | { sql: string };

/** The sweep's typed changes as the columns of an UPDATE. */
export function sweepColumns(changes: SweepChanges): Record<string, ColumnValue> {
  const { overdueSinceFromDue, ...typed } = changes;
  const columns: Record<string, ColumnValue> = appealColumns(typed);
  if (overdueSinceFromDue) columns.overdue_since = { sql: 'COALESCE(overdue_since, current_due_at)' };
  return columns;
}

/** A due appeal as the sweep reads it: the planner's columns plus what notifications need. */
export interface SweepAppeal extends SweepRow, Omit<NotifiedAppeal, 'id' | 'coHandlerDepartmentIds'> {
  /** For the red card's routing at the next level. */
  categoryId: number;
  currentDueBasis: DeadlineBasis;
}

export interface LadderOrderInsert {
  appealId: number;
  departmentId: number | null;
  note: string;
  replyDueAt: Date;
  replyDueBasis: DeadlineBasis;
  createdAt: Date;
}

interface RawSweepRow extends SnapshotColumns {
  id: number;
  number: string;
  title: string;
  enterprise_id: number;
  officer_id: number | null;
  lead_department_id: number | null;
  region_code: string;
  category_id: number;
  signed_at: Date | null;
  current_due_at: Date | null;
  current_due_basis: DeadlineBasis;
  yellow_at: Date | null;
  verification_due_at: Date | null;
  warning_light: SweepRow['warningLight'];
  supervision_level: SupervisionLevel;
  ladder_cycle: number;
  response_overdue: number;
  resolution_overdue: number;
}

function groupKey(set: Record<string, ColumnValue>): string {
  return JSON.stringify(
    Object.keys(set)
      .sort()
      .map((column) => {
        const value = set[column];
        if (value instanceof Date) return [column, 'd', value.getTime()];
        if (value !== null && typeof value === 'object') return [column, 'sql', value.sql];
        return [column, 'v', value];
      }),
  );
}

const SETTABLE = new Set([
  'status',
  'updated_at',
  'current_due_basis',
  'auto_closed',
  'closed_at',
  'current_due_at',
  'yellow_at',
  'next_check_at',
  'warning_light',
  'response_overdue',
  'resolution_overdue',
  'overdue_since',
  'supervision_level',
]);

const SWEEP_COLUMNS = `id, number, title, status, level, enterprise_id, officer_id, lead_department_id, region_code, category_id, signed_at, current_due_at, current_due_basis,
              yellow_at, verification_due_at, warning_light, supervision_level, ladder_cycle, response_overdue, resolution_overdue,
              objected_department_ids, pending_objection, pending_extension, objection_deadline_at, resolution_due_at, suspended_at,
              redo_count, objection_count, extension_count`;

function toSweepAppeal(r: RawSweepRow, coDepartmentIds: number[]): SweepAppeal {
  return {
    id: Number(r.id),
    number: r.number,
    title: r.title,
    status: r.status,
    level: r.level,
    enterpriseId: Number(r.enterprise_id),
    officerId: r.officer_id === null ? null : Number(r.officer_id),
    leadDepartmentId: r.lead_department_id === null ? null : Number(r.lead_department_id),
    regionCode: r.region_code,
    categoryId: Number(r.category_id),
    signedAt: r.signed_at,
    currentDueAt: r.current_due_at,
    currentDueBasis: r.current_due_basis,
    yellowAt: r.yellow_at,
    verificationDueAt: r.verification_due_at,
    warningLight: r.warning_light,
    supervisionLevel: r.supervision_level,
    ladderCycle: Number(r.ladder_cycle),
    responseOverdue: Number(r.response_overdue) === 1,
    resolutionOverdue: Number(r.resolution_overdue) === 1,
    // The sweep decides only the auto-close of resolved appeals, which co-handler tasks never block.
    snapshot: toSnapshot(r, coDepartmentIds, 0),
  };
}

@Injectable()
export class SweepRepository {
  /**
   * The next batch of open appeals whose next check has come, locked for this transaction. The
   * range scan on (is_open, next_check_at) reads only due rows, so a sweep with nothing to do
   * costs one index probe however large the table is.
   */
  async lockDueBatch(manager: EntityManager, now: Date, limit: number): Promise<SweepAppeal[]> {
    const rows: RawSweepRow[] = await manager.query(
      `SELECT ${SWEEP_COLUMNS}
         FROM appeals FORCE INDEX (ix_appeals_open_next_check)
        WHERE is_open = 1 AND next_check_at <= ?
        ORDER BY next_check_at
        LIMIT ?
        FOR UPDATE`,
      [now, limit],
    );
    return this.withCoDepartments(manager, rows);
  }

  /** One appeal, when it is still due: the sweep redoes a failed batch one appeal at a time. */
  async lockDueById(manager: EntityManager, now: Date, id: number): Promise<SweepAppeal[]> {
    const rows: RawSweepRow[] = await manager.query(
      `SELECT ${SWEEP_COLUMNS} FROM appeals WHERE id = ? AND is_open = 1 AND next_check_at <= ? FOR UPDATE`,
      [id, now],
    );
    return this.withCoDepartments(manager, rows);
  }

  /** The state machine decides on whole snapshots, co-handling departments included: one query per batch. */
  private async withCoDepartments(manager: EntityManager, rows: RawSweepRow[]): Promise<SweepAppeal[]> {
    if (!rows.length) return [];
    const links: Array<{ appeal_id: number; department_id: number }> = await manager.query(
      'SELECT appeal_id, department_id FROM appeal_co_departments WHERE appeal_id IN (?) ORDER BY department_id',
      [rows.map((r) => r.id)],
    );
    const byAppeal = new Map<number, number[]>();
    for (const link of links) byAppeal.set(Number(link.appeal_id), [...(byAppeal.get(Number(link.appeal_id)) ?? []), Number(link.department_id)]);
    return rows.map((r) => toSweepAppeal(r, byAppeal.get(Number(r.id)) ?? []));
  }

  /**
   * After an appeal failed even on its own: keep it red when its active clock has run out (an
   * overdue appeal is always shown red) and look again at `retryAt`. One statement, no event.
   */
  async markFailed(manager: EntityManager, id: number, now: Date, retryAt: Date): Promise<void> {
    await manager.query(
      `UPDATE appeals
          SET next_check_at = ?,
              warning_light = IF(status IN (${CLOCK_RUNNING}) AND current_due_at < ?, 'red', warning_light),
              overdue_since = IF(status IN (${CLOCK_RUNNING}) AND current_due_at < ?,
                                 COALESCE(overdue_since, current_due_at), overdue_since)
        WHERE id = ? AND is_open = 1 AND next_check_at <= ?`,
      [retryAt, now, now, id, now],
    );
  }

  /**
   * Appeals that need the same change share one `UPDATE ... WHERE id IN (...)`. Deadlines and
   * thresholds fall on a few closing times, and per-row values that follow from the row itself
   * are SQL expressions, so a batch of thousands of changes is a handful of statements.
   * Returns the number of statements run.
   */
  async applyGrouped(manager: EntityManager, changes: ReadonlyArray<{ id: number; set: SweepChanges }>): Promise<number> {
    const groups = new Map<string, { set: Record<string, ColumnValue>; ids: number[] }>();
    for (const change of changes) {
      const set = sweepColumns(change.set);
      const key = groupKey(set);
      const group = groups.get(key);
      if (group) group.ids.push(change.id);
      else groups.set(key, { set, ids: [change.id] });
    }
    for (const { set, ids } of groups.values()) {
      const assignments: string[] = [];
      const params: unknown[] = [];
      for (const [column, value] of Object.entries(set)) {
        if (!SETTABLE.has(column)) throw new Error(`The sweep may not set appeals.${column}`);
        if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
          assignments.push(`${column} = ${value.sql}`);
        } else {
          assignments.push(`${column} = ?`);
          params.push(value);
        }
      }
      await manager.query(`UPDATE appeals SET ${assignments.join(', ')} WHERE id IN (?)`, [...params, ids]);
    }
    return groups.size;
  }

  async insertLadderOrders(manager: EntityManager, orders: readonly LadderOrderInsert[]): Promise<void> {
    if (!orders.length) return;
    await manager.query(
      `INSERT INTO supervision_orders (appeal_id, source, issued_by, department_id, note, reply_due_at, reply_due_basis, created_at)
       VALUES ${orders.map(() => "(?, 'ladder', NULL, ?, ?, ?, ?, ?)").join(', ')}`,
      orders.flatMap((o) => [o.appealId, o.departmentId, o.note, o.replyDueAt, o.replyDueBasis, o.createdAt]),
    );
  }
}
