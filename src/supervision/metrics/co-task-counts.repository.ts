import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CoTaskCounts, CountWindow } from '../domain';

export interface DepartmentCoTaskCounts extends CoTaskCounts {
  departmentId: number;
  departmentName: string;
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * Per-department co-handler task counts for a window and the appeals of a region (src/supervision/
 * METRICS.md, "Co-handler tasks"): one grouped statement over the tasks dated in the window by
 * their deadline, answer, waiver or objection (a union of the four timestamp indexes' ranges,
 * migration 1763800005000, and of the deadline moves'), each predicate clause for clause
 * `countCoTasks` in code. The table is its own history (each timestamp written once, a moved
 * deadline kept with the instant it moved), so the same statement counts a running period live
 * and an ended one as the tasks stood at its end.
 */
@Injectable()
export class CoTaskCountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(regionPrefix: string, window: CountWindow): Promise<DepartmentCoTaskCounts[]> {
    const { from, to } = window;
    const params: unknown[] = [];
    // Each fragment pushes its parameters as it is written; the fragments are written in the
    // statement's own order (outer sums, each task's due-in, its deadline at the end, the
    // candidates, the region), so the list stays in step with the placeholders.
    const p = (value: unknown) => (params.push(value), '?');
    const inWindow = (column: string) => `(${column} >= ${p(from)} AND ${column} < ${p(to)})`;
    const notBy = (column: string) => `(${column} IS NULL OR ${column} >= ${p(to)})`;
    const sums = `SUM(x.due_in) AS due,
              SUM(${inWindow('x.answered_at')} AND x.answered_at <= x.due_at) AS delivered_on_time,
              SUM(${inWindow('x.answered_at')} AND x.answered_at > x.due_at) AS delivered_late,
              SUM(x.due_in AND ${notBy('x.answered_at')} AND ${notBy('x.objected_at')} AND ${notBy('x.waived_at')}) AS open_overdue,
              SUM(${inWindow('x.waived_at')}) AS waived,
              SUM(${inWindow('x.objected_at')}) AS objected`;
    // Due in the window by the deadline as it stood at its end, not withdrawn by then, and not
    // standing still then: a task whose appeal was suspended at the end, the pause begun by that
    // deadline, was not late (the resumption moves its deadline to the period it falls in).
    const dueIn = `(${inWindow('k.due_end')} AND ${notBy('k.withdrawn_at')}
           AND NOT EXISTS (SELECT 1 FROM appeal_pauses ap WHERE ap.appeal_id = k.appeal_id AND ap.started_at < ${p(to)}
                             AND (ap.ended_at IS NULL OR ap.ended_at >= ${p(to)}) AND ap.started_at <= k.due_end))`;
    // The deadline as it stood at the window's end: a resumption after it moved the deadline of a
    // task still owed (co_handler_task_deadline_moves), and the move's earlier deadline is the one then.
    const dueEnd = `COALESCE((SELECT mv.from_due_at FROM co_handler_task_deadline_moves mv
                  WHERE mv.task_id = t.id AND mv.moved_at >= ${p(to)} ORDER BY mv.moved_at, mv.id LIMIT 1), t.due_at)`;
    // The tasks dated in the window by any of the four timestamps (each range an index), or whose
    // deadline was in it before a later move: a union of index ranges, then each task by its key.
    const dated = (column: string) => `SELECT id FROM co_handler_tasks WHERE ${inWindow(column)}`;
    const candidates = [
      dated('due_at'),
      dated('answered_at'),
      dated('waived_at'),
      dated('objected_at'),
      `SELECT task_id FROM co_handler_task_deadline_moves WHERE ${inWindow('from_due_at')}`,
    ].join(' UNION ');
    const region = p(`${regionPrefix}%`);
    // Each task's deadline at the end is looked up once (k), its due-in decided once (x), then summed.
    const rows: Array<{
      department_id: number;
      department_name: string;
      due: number | null;
      delivered_on_time: number | null;
      delivered_late: number | null;
      open_overdue: number | null;
      waived: number | null;
      objected: number | null;
    }> = await this.db.query(
      `SELECT x.department_id, d.name AS department_name, ${sums}
         FROM (SELECT k.*, ${dueIn} AS due_in
                 FROM (SELECT t.id, t.appeal_id, t.department_id, t.due_at, t.answered_at, t.objected_at, t.waived_at, t.withdrawn_at,
                              ${dueEnd} AS due_end
                         FROM (${candidates}) c
                         JOIN co_handler_tasks t ON t.id = c.id
                         JOIN appeals a ON a.id = t.appeal_id
                        WHERE a.region_code LIKE ${region}) k) x
         JOIN departments d ON d.id = x.department_id
        GROUP BY x.department_id, d.name
        ORDER BY x.department_id`,
      params,
    );
    return rows
      .map((r) => ({
        departmentId: n(r.department_id),
        departmentName: String(r.department_name),
        due: n(r.due),
        deliveredOnTime: n(r.delivered_on_time),
        deliveredLate: n(r.delivered_late),
        openOverdue: n(r.open_overdue),
        waived: n(r.waived),
        objected: n(r.objected),
      }))
      .filter((r) => r.due + r.deliveredOnTime + r.deliveredLate + r.openOverdue + r.waived + r.objected > 0);
  }
}
