import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { appealReadCondition } from '../appeals/appeal-access';
import type { AuthUser } from '../common/auth/auth-user';
import type { DeadlineBasis } from '../sla/domain/deadline-basis';
import type { WarningLight } from '../sla/domain/warning-light';
import { sqlValues } from '../common/database/sql-literals';
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
  /** Working time the appeal's finished pauses took from this task's clock (its deadline moved by as much). */
  pausedMs: number;
  /** As the SLA sweep last judged it (it owes nothing once answered, objected, waived or withdrawn). */
  warningLight: WarningLight;
  /** When the sweep reminded the department of the overdue task (催办), once. */
  remindedAt: Date | null;
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

export interface DepartmentTaskFilter {
  /** Null: every status. */
  statuses: readonly CoHandlerTaskStatus[] | null;
  light?: WarningLight;
  overdue?: boolean;
  now: Date;
}

export interface DepartmentTaskRow extends CoHandlerTaskRow {
  appealNumber: string;
  appealTitle: string;
  leadDepartmentName: string | null;
}

interface DepartmentTaskSqlColumns {
  appeal_number: string;
  appeal_title: string;
  lead_department_name: string | null;
}

const TASK_SELECT = `
  SELECT t.*, d.name AS department_name, su.display_name AS signed_by_name
    FROM co_handler_tasks t
    JOIN departments d ON d.id = t.department_id
    LEFT JOIN users su ON su.id = t.signed_by`;

const OPEN_STATUSES_SQL = sqlValues(OPEN_TASK_STATUSES);

/** A co_handler_tasks row with its department's and signer's names, as the task reads select it. */
export interface TaskSqlRow {
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
  paused_ms: number | string;
  warning_light: WarningLight;
  reminded_at: Date | null;
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

/** An appeal attachment as a co-handler's answer names it. */
export interface TaskAttachmentRow {
  id: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
  taskId: number | null;
  uploaderDepartmentId: number | null;
}

/** An appeal attachment with its uploader's department, as ATTACHMENTS reads it. */
interface TaskAttachmentDbRow {
  id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  created_at: Date;
  co_handler_task_id: number | null;
  department_id: number | null;
}

/** The appeal attachments (f) with their uploader's department; the caller adds the WHERE. */
const ATTACHMENTS = `SELECT f.id, f.file_name, f.content_type, f.size_bytes, f.created_at, f.co_handler_task_id, u.department_id
         FROM appeal_attachments f JOIN users u ON u.id = f.uploaded_by`;

function toAttachment(r: TaskAttachmentDbRow): TaskAttachmentRow {
  return {
    id: Number(r.id),
    fileName: String(r.file_name),
    contentType: String(r.content_type),
    sizeBytes: Number(r.size_bytes),
    createdAt: r.created_at,
    taskId: r.co_handler_task_id === null ? null : Number(r.co_handler_task_id),
    uploaderDepartmentId: r.department_id === null ? null : Number(r.department_id),
  };
}

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
    pausedMs: Number(r.paused_ms),
    warningLight: r.warning_light,
    remindedAt: r.reminded_at,
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

  /** New tasks start green and due for the SLA sweep's first look at once (it sets their yellow instant). */
  async insertMany(m: EntityManager, tasks: readonly NewCoHandlerTask[]): Promise<void> {
    if (!tasks.length) return;
    await m.query(
      `INSERT INTO co_handler_tasks (appeal_id, department_id, request, created_by, created_at, due_at, due_basis, objection_deadline_at, next_check_at)
       VALUES ${tasks.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      tasks.flatMap((t) => [t.appealId, t.departmentId, t.request, t.createdBy, t.createdAt, t.dueAt, t.dueBasis, t.objectionDeadlineAt, t.createdAt]),
    );
  }

  async withdraw(m: EntityManager, taskIds: readonly number[], at: Date): Promise<void> {
    if (!taskIds.length) return;
    await m.query(
      `UPDATE co_handler_tasks SET status = 'withdrawn', withdrawn_at = ?, next_check_at = NULL, version = version + 1
        WHERE id IN (${taskIds.map(() => '?').join(', ')}) AND status IN (${OPEN_STATUSES_SQL})`,
      [at, ...taskIds],
    );
  }

  /** The appeal's attachments among `ids`, with their uploader's department and task (locked: the answer links them). */
  async attachmentsForAnswer(m: EntityManager, appealId: number, ids: readonly number[]): Promise<TaskAttachmentRow[]> {
    if (!ids.length) return [];
    const rows: TaskAttachmentDbRow[] = await m.query(
      `${ATTACHMENTS}
        WHERE f.appeal_id = ? AND f.id IN (?) ORDER BY f.id FOR UPDATE`,
      [appealId, ids],
    );
    return rows.map(toAttachment);
  }

  /** Links the answer's attachments to the task; only those still unlinked (the caller checked them under lock). */
  async linkAttachments(m: EntityManager, taskId: number, ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    await m.query('UPDATE appeal_attachments SET co_handler_task_id = ? WHERE id IN (?) AND (co_handler_task_id IS NULL OR co_handler_task_id = ?)', [
      taskId,
      ids,
      taskId,
    ]);
  }

  /** The files each task's answer carries, by task. */
  async attachmentsOfTasks(taskIds: readonly number[]): Promise<Map<number, TaskAttachmentRow[]>> {
    const byTask = new Map<number, TaskAttachmentRow[]>();
    if (!taskIds.length) return byTask;
    const rows: TaskAttachmentDbRow[] = await this.dataSource.query(
      `${ATTACHMENTS}
        WHERE f.co_handler_task_id IN (?) ORDER BY f.id`,
      [taskIds],
    );
    for (const row of rows.map(toAttachment)) byTask.set(row.taskId as number, [...(byTask.get(row.taskId as number) ?? []), row]);
    return byTask;
  }

  /** The appeal's files uploaded by a department's handlers and not yet part of an answer: what its answer may carry. */
  async unlinkedAttachmentsOfDepartment(appealId: number, departmentId: number): Promise<TaskAttachmentRow[]> {
    const rows: TaskAttachmentDbRow[] = await this.dataSource.query(
      `${ATTACHMENTS}
        WHERE f.appeal_id = ? AND u.department_id = ? AND f.co_handler_task_id IS NULL ORDER BY f.id`,
      [appealId, departmentId],
    );
    return rows.map(toAttachment);
  }

  /** The appeal is suspended: its still-owed tasks' clocks stand still, so the sweep has nothing to look at. */
  async stopClocks(m: EntityManager, appealId: number): Promise<void> {
    await m.query(`UPDATE co_handler_tasks SET next_check_at = NULL WHERE appeal_id = ? AND status IN (${OPEN_STATUSES_SQL})`, [appealId]);
  }

  /**
   * The appeal resumed: each still-owed task's deadline moved by the pause (one statement, the move
   * recorded), the pause's working time added, and the sweep to look again now (its light).
   */
  async restartClocks(
    m: EntityManager,
    clocks: ReadonlyArray<{ id: number; fromDueAt: Date; dueAt: Date; dueBasis: DeadlineBasis }>,
    pausedMs: number,
    now: Date,
  ): Promise<void> {
    if (!clocks.length) return;
    // Each move kept with its instant: the task figures read a deadline as it stood at a period's end.
    // A pause that took no working time (a weekend, or resumed at once) moves nothing and is not kept.
    const moved = clocks.filter((c) => c.dueAt.getTime() !== c.fromDueAt.getTime());
    if (moved.length) {
      await m.query(
        `INSERT INTO co_handler_task_deadline_moves (task_id, moved_at, from_due_at, to_due_at) VALUES ${moved.map(() => '(?, ?, ?, ?)').join(', ')}`,
        moved.flatMap((c) => [c.id, now, c.fromDueAt, c.dueAt]),
      );
    }
    const cases = (column: 'dueAt' | 'dueBasis') => clocks.map(() => 'WHEN ? THEN ?').join(' ') + ` ELSE ${column === 'dueAt' ? 'due_at' : 'due_basis'} END`;
    await m.query(
      `UPDATE co_handler_tasks
          SET due_at = CASE id ${cases('dueAt')}, due_basis = CASE id ${cases('dueBasis')},
              paused_ms = paused_ms + ?, next_check_at = ?
        WHERE id IN (?)`,
      [...clocks.flatMap((c) => [c.id, c.dueAt]), ...clocks.flatMap((c) => [c.id, c.dueBasis]), pausedMs, now, clocks.map((c) => c.id)],
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
      `UPDATE co_handler_tasks SET status = ?, ${columns.sql}, next_check_at = IF(? = 'signed', next_check_at, NULL), version = version + 1
        WHERE id = ? AND version = ?`,
      [write.to, ...columns.params, write.to, taskId, version],
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

  /**
   * The tasks of one department, on appeals the user may read (a department that no longer
   * co-handles an appeal no longer sees it), most urgent first, one page and the total.
   */
  async listForDepartment(
    user: AuthUser,
    departmentId: number,
    filter: DepartmentTaskFilter,
    page: { offset: number; limit: number },
  ): Promise<{ rows: DepartmentTaskRow[]; total: number }> {
    const access = appealReadCondition(user);
    const where = ['t.department_id = ?', access.sql];
    const params: unknown[] = [departmentId, ...access.params];
    if (filter.statuses) {
      where.push('t.status IN (?)');
      params.push(filter.statuses);
    }
    if (filter.light) {
      where.push(`t.status IN (${OPEN_STATUSES_SQL}) AND t.warning_light = ?`);
      params.push(filter.light);
    }
    if (filter.overdue !== undefined) {
      where.push(filter.overdue ? `(t.status IN (${OPEN_STATUSES_SQL}) AND t.due_at < ?)` : `NOT (t.status IN (${OPEN_STATUSES_SQL}) AND t.due_at < ?)`);
      params.push(filter.now);
    }
    const from = `FROM co_handler_tasks t JOIN appeals a ON a.id = t.appeal_id WHERE ${where.join(' AND ')}`;
    const [rows, count]: [Array<TaskSqlRow & DepartmentTaskSqlColumns>, Array<{ n: number }>] = await Promise.all([
      this.dataSource.query(
        `SELECT t.*, d.name AS department_name, su.display_name AS signed_by_name,
                a.number AS appeal_number, a.title AS appeal_title, ld.name AS lead_department_name
           FROM co_handler_tasks t
           JOIN departments d ON d.id = t.department_id
           LEFT JOIN users su ON su.id = t.signed_by
           JOIN appeals a ON a.id = t.appeal_id
           LEFT JOIN departments ld ON ld.id = a.lead_department_id
          WHERE ${where.join(' AND ')}
          ORDER BY t.status IN (${OPEN_STATUSES_SQL}) DESC, t.due_at, t.id
          LIMIT ? OFFSET ?`,
        [...params, page.limit, page.offset],
      ),
      this.dataSource.query(`SELECT COUNT(*) AS n ${from}`, params),
    ]);
    return {
      rows: rows.map((r) => ({
        ...toTask(r),
        appealNumber: r.appeal_number,
        appealTitle: r.appeal_title,
        leadDepartmentName: r.lead_department_name,
      })),
      total: Number(count[0]?.n ?? 0),
    };
  }

  /** One task as the user may read its appeal (null outside that reach). */
  async findReadable(user: AuthUser, taskId: number): Promise<CoHandlerTaskRow | null> {
    const access = appealReadCondition(user);
    const rows: TaskSqlRow[] = await this.dataSource.query(`${TASK_SELECT} JOIN appeals a ON a.id = t.appeal_id WHERE t.id = ? AND ${access.sql}`, [
      taskId,
      ...access.params,
    ]);
    return rows[0] ? toTask(rows[0]) : null;
  }

  async findById(taskId: number): Promise<CoHandlerTaskRow | null> {
    const rows: TaskSqlRow[] = await this.dataSource.query(`${TASK_SELECT} WHERE t.id = ?`, [taskId]);
    return rows[0] ? toTask(rows[0]) : null;
  }
}
