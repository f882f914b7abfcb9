import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APPEAL_HEAD_COLUMNS, type AppealHeadDbRow, appealHeadOf } from '../../appeals/appeal-row';
import type { CoHandlerTaskRow, TaskSqlRow } from '../../cohandling/co-handler-tasks.repository';
import type { NotifiedAppeal } from '../../appeals/events/appeal-history';
import type { WarningLight } from '../domain/warning-light';

/** A due co-handler task as the sweep reads it, with what its appeal's history entry and notifications need. */
export interface SweepTask
  extends Pick<
    CoHandlerTaskRow,
    'id' | 'appealId' | 'departmentId' | 'departmentName' | 'status' | 'createdAt' | 'dueAt' | 'dueBasis' | 'pausedMs' | 'warningLight' | 'remindedAt'
  > {
  appeal: NotifiedAppeal & { status: string; isOpen: boolean };
}

/** One task's new timer columns. */
export interface TaskTimerWrite {
  id: number;
  warningLight: WarningLight;
  yellowAt: Date | null;
  nextCheckAt: Date | null;
}

type RawTask = Pick<
  TaskSqlRow,
  'id' | 'appeal_id' | 'department_id' | 'department_name' | 'status' | 'created_at' | 'due_at' | 'due_basis' | 'paused_ms' | 'warning_light' | 'reminded_at'
>;

/**
 * The co-handler tasks' side of the SLA sweep: set-based like the appeals' (one range scan on
 * `next_check_at`, grouped UPDATEs). The locks follow the order every task command takes them
 * in — the appeal first, then its tasks — so the sweep and a department signing at the same
 * moment wait for each other instead of deadlocking, and the appeal's history chain is extended
 * under its row lock.
 */
@Injectable()
export class TaskSweepRepository {
  /** The next due tasks with their appeals, both locked for this transaction (appeals first). */
  async lockDueBatch(m: EntityManager, now: Date, limit: number): Promise<SweepTask[]> {
    const candidates: Array<{ appeal_id: number }> = await m.query(
      `SELECT DISTINCT appeal_id FROM (
         SELECT appeal_id FROM co_handler_tasks FORCE INDEX (ix_co_handler_tasks_next_check)
          WHERE next_check_at <= ? ORDER BY next_check_at LIMIT ?) due`,
      [now, limit],
    );
    if (!candidates.length) return [];
    const appealIds = candidates.map((c) => Number(c.appeal_id));
    const appeals: AppealHeadDbRow[] = await m.query(
      `SELECT ${APPEAL_HEAD_COLUMNS} FROM appeals WHERE id IN (?) ORDER BY id FOR UPDATE`,
      [appealIds],
    );
    const tasks: RawTask[] = await m.query(
      `SELECT t.id, t.appeal_id, t.department_id, d.name AS department_name, t.status, t.created_at, t.due_at, t.due_basis, t.paused_ms, t.warning_light, t.reminded_at
         FROM co_handler_tasks t JOIN departments d ON d.id = t.department_id
        WHERE t.appeal_id IN (?) AND t.next_check_at <= ?
        ORDER BY t.id FOR UPDATE`,
      [appealIds, now],
    );
    const byId = new Map(appeals.map((a) => [Number(a.id), a]));
    return tasks.flatMap((t) => {
      const a = byId.get(Number(t.appeal_id));
      if (!a) return [];
      return [
        {
          id: Number(t.id),
          appealId: Number(t.appeal_id),
          departmentId: Number(t.department_id),
          departmentName: t.department_name,
          status: t.status,
          createdAt: t.created_at,
          dueAt: t.due_at,
          dueBasis: t.due_basis,
          pausedMs: Number(t.paused_ms),
          warningLight: t.warning_light,
          remindedAt: t.reminded_at,
          appeal: appealHeadOf(a),
        },
      ];
    });
  }

  /** Tasks that need the same timer columns share one UPDATE; returns the number of statements. */
  async applyTimers(m: EntityManager, writes: readonly TaskTimerWrite[]): Promise<number> {
    const groups = new Map<string, { write: TaskTimerWrite; ids: number[] }>();
    for (const write of writes) {
      const key = `${write.warningLight}|${write.yellowAt?.getTime() ?? ''}|${write.nextCheckAt?.getTime() ?? ''}`;
      const group = groups.get(key);
      if (group) group.ids.push(write.id);
      else groups.set(key, { write, ids: [write.id] });
    }
    for (const { write, ids } of groups.values()) {
      await m.query(
        `UPDATE co_handler_tasks SET warning_light = ?, yellow_at = COALESCE(?, yellow_at), next_check_at = ? WHERE id IN (?)`,
        [write.warningLight, write.yellowAt, write.nextCheckAt, ids],
      );
    }
    return groups.size;
  }

  /**
   * Marks the tasks reminded, only those not reminded yet. The caller writes one event per task
   * in the same transaction, so a count short of `ids` means another run reminded one first: the
   * transaction is refused (rolled back) rather than remind twice.
   */
  async markReminded(m: EntityManager, ids: readonly number[], at: Date): Promise<void> {
    if (!ids.length) return;
    const result: { affectedRows?: number } = await m.query(
      'UPDATE co_handler_tasks SET reminded_at = ? WHERE id IN (?) AND reminded_at IS NULL',
      [at, ids],
    );
    if ((result.affectedRows ?? 0) !== ids.length) {
      throw new Error(`co-handler task reminder: ${ids.length - (result.affectedRows ?? 0)} of ${ids.length} tasks were reminded already`);
    }
  }
}
