import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appealReadCondition } from '../appeals/appeal-access';
import type { AuthUser } from '../common/auth/auth-user';
import type { DeadlineBasis } from '../sla/domain/deadline-basis';
import { type CoHandlerTaskStatus, OPEN_TASK_STATUSES } from './domain';

export interface CoHandlerTaskRow {
  id: number;
  appealId: number;
  departmentId: number;
  departmentName: string;
  request: string;
  status: CoHandlerTaskStatus;
  createdBy: number | null;
  createdAt: Date;
  dueAt: Date;
  dueBasis: DeadlineBasis;
  objectionDeadlineAt: Date;
  signedBy: number | null;
  signedByName: string | null;
  signedAt: Date | null;
  answer: string | null;
  answeredAt: Date | null;
  objectionReason: string | null;
  objectedAt: Date | null;
  waiveReason: string | null;
  waivedBy: number | null;
  waivedAt: Date | null;
  withdrawnAt: Date | null;
  version: number;
}

export interface NewCoHandlerTask {
  appealId: number;
  departmentId: number;
  request: string;
  createdBy: number | null;
  createdAt: Date;
  dueAt: Date;
  dueBasis: DeadlineBasis;
  objectionDeadlineAt: Date;
}

/** What one task command writes, besides the status: who did it, when, and the text it carries. */
export type TaskStatusWrite =
  | { to: 'signed'; by: number; at: Date }
  | { to: 'answered'; by: number; at: Date; answer: string }
  | { to: 'objected'; by: number; at: Date; reason: string }
  | { to: 'waived'; by: number; at: Date; reason: string };

const TASK_SELECT = `
  SELECT t.*, d.name AS department_name, su.display_name AS signed_by_name
    FROM co_handler_tasks t
    JOIN departments d ON d.id = t.department_id
    LEFT JOIN users su ON su.id = t.signed_by`;

const OPEN_STATUSES_SQL = OPEN_TASK_STATUSES.map((s) => `'${s}'`).join(', ');

interface TaskSqlRow {
  id: number;
  appeal_id: number;
  department_id: number;
  department_name: string;
  request: string;
  status: CoHandlerTaskStatus;
  created_by: number | null;
  created_at: Date;
  due_at: Date;
  due_basis: DeadlineBasis;
  objection_deadline_at: Date;
  signed_by: number | null;
  signed_by_name: string | null;
  signed_at: Date | null;
  answer: string | null;
  answered_at: Date | null;
  objection_reason: string | null;
  objected_at: Date | null;
  waive_reason: string | null;
  waived_by: number | null;
  waived_at: Date | null;
  withdrawn_at: Date | null;
  version: number;
}

const nullableNumber = (v: number | null) => (v === null ? null : Number(v));

function toTask(r: TaskSqlRow): CoHandlerTaskRow {
  return {
    id: Number(r.id),
    appealId: Number(r.appeal_id),
    departmentId: Number(r.department_id),
    departmentName: r.department_name,
    request: r.request,
    status: r.status,
    createdBy: nullableNumber(r.created_by),
    createdAt: r.created_at,
    dueAt: r.due_at,
    dueBasis: r.due_basis,
    objectionDeadlineAt: r.objection_deadline_at,
    signedBy: nullableNumber(r.signed_by),
    signedByName: r.signed_by_name,
    signedAt: r.signed_at,
    answer: r.answer,
    answeredAt: r.answered_at,
    objectionReason: r.objection_reason,
    objectedAt: r.objected_at,
    waiveReason: r.waive_reason,
    waivedBy: nullableNumber(r.waived_by),
    waivedAt: r.waived_at,
    withdrawnAt: r.withdrawn_at,
    version: Number(r.version),
  };
}

/** The columns each task status write sets (the one place that names them). */
function statusColumns(write: TaskStatusWrite): { sql: string; params: unknown[] } {
  switch (write.to) {
    case 'signed':
      return { sql: 'signed_by = ?, signed_at = ?', params: [write.by, write.at] };
    case 'answered':
      return { sql: 'answer = ?, answered_by = ?, answered_at = ?', params: [write.answer, write.by, write.at] };
    case 'objected':
      return { sql: 'objection_reason = ?, objected_by = ?, objected_at = ?', params: [write.reason, write.by, write.at] };
    case 'waived':
      return { sql: 'waive_reason = ?, waived_by = ?, waived_at = ?', params: [write.reason, write.by, write.at] };
  }
}

/** Co-handler tasks (协办任务): one row per department asked for its part of an appeal. */
@Injectable()
export class CoHandlerTasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Tasks of one appeal, oldest first, locked when the caller is about to replace them. */
  async forAppeal(m: EntityManager, appealId: number, lock = false): Promise<CoHandlerTaskRow[]> {
    const rows: TaskSqlRow[] = await m.query(`${TASK_SELECT} WHERE t.appeal_id = ? ORDER BY t.id${lock ? ' FOR UPDATE' : ''}`, [appealId]);
    return rows.map(toTask);
  }

  /** How many tasks still owe their part (open or signed): the joint-closure rule reads this. */
  async openCount(m: EntityManager, appealId: number): Promise<number> {
    const rows: Array<{ n: number }> = await m.query(
      `SELECT COUNT(*) AS n FROM co_handler_tasks WHERE appeal_id = ? AND status IN (${OPEN_STATUSES_SQL})`,
      [appealId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async insertMany(m: EntityManager, tasks: readonly NewCoHandlerTask[]): Promise<void> {
    if (!tasks.length) return;
    await m.query(
      `INSERT INTO co_handler_tasks (appeal_id, department_id, request, created_by, created_at, due_at, due_basis, objection_deadline_at)
       VALUES ${tasks.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      tasks.flatMap((t) => [t.appealId, t.departmentId, t.request, t.createdBy, t.createdAt, t.dueAt, t.dueBasis, t.objectionDeadlineAt]),
    );
  }

  async withdraw(m: EntityManager, taskIds: readonly number[], at: Date): Promise<void> {
    if (!taskIds.length) return;
    await m.query(
      `UPDATE co_handler_tasks SET status = 'withdrawn', withdrawn_at = ?, version = version + 1
        WHERE id IN (${taskIds.map(() => '?').join(', ')}) AND status IN (${OPEN_STATUSES_SQL})`,
      [at, ...taskIds],
    );
  }

  /** One task with its appeal as the user may read it, row-locked (404 outside the appeal's reach). */
  async lockReadable(m: EntityManager, user: AuthUser, taskId: number): Promise<CoHandlerTaskRow | null> {
    const access = appealReadCondition(user);
    const rows: TaskSqlRow[] = await m.query(
      `${TASK_SELECT} JOIN appeals a ON a.id = t.appeal_id WHERE t.id = ? AND ${access.sql} FOR UPDATE`,
      [taskId, ...access.params],
    );
    return rows[0] ? toTask(rows[0]) : null;
  }

  /** Moves a task to its next status if nobody moved it since `version` was read; false when somebody did. */
  async updateIfVersion(m: EntityManager, taskId: number, version: number, write: TaskStatusWrite): Promise<boolean> {
    const columns = statusColumns(write);
    const result: { affectedRows?: number } = await m.query(
      `UPDATE co_handler_tasks SET status = ?, ${columns.sql}, version = version + 1 WHERE id = ? AND version = ?`,
      [write.to, ...columns.params, taskId, version],
    );
    return (result.affectedRows ?? 0) === 1;
  }

  /** The tasks of one appeal the user may read, for the appeal page (reads outside a transaction). */
  async listReadable(user: AuthUser, appealId: number): Promise<CoHandlerTaskRow[] | null> {
    const access = appealReadCondition(user);
    const appeal: Array<{ id: number }> = await this.dataSource.query(`SELECT a.id FROM appeals a WHERE a.id = ? AND ${access.sql}`, [
      appealId,
      ...access.params,
    ]);
    if (!appeal.length) return null;
    return this.forAppeal(this.dataSource.manager, appealId);
  }

  async findById(taskId: number): Promise<CoHandlerTaskRow | null> {
    const rows: TaskSqlRow[] = await this.dataSource.query(`${TASK_SELECT} WHERE t.id = ?`, [taskId]);
    return rows[0] ? toTask(rows[0]) : null;
  }
}
