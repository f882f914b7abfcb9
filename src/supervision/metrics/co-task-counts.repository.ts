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
 * their deadline, answer, waiver or objection (an index-merge union of the four timestamp indexes,
 * migration 1763800005000), each predicate clause for clause `countCoTasks` in code. The table is
 * its own history (each timestamp written once), so the same statement counts a running period
 * live and an ended one as the tasks stood at its end.
 */
@Injectable()
export class CoTaskCountsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(regionPrefix: string, window: CountWindow): Promise<DepartmentCoTaskCounts[]> {
    const { from, to } = window;
    const inWindow = (column: string) => `(t.${column} >= ? AND t.${column} < ?)`;
    const notBy = (column: string) => `(t.${column} IS NULL OR t.${column} >= ?)`;
    const dueIn = `(${inWindow('due_at')} AND ${notBy('withdrawn_at')})`;
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT t.department_id, d.name AS department_name,
              SUM(${dueIn}) AS due,
              SUM(${inWindow('answered_at')} AND t.answered_at <= t.due_at) AS delivered_on_time,
              SUM(${inWindow('answered_at')} AND t.answered_at > t.due_at) AS delivered_late,
              SUM(${dueIn} AND ${notBy('answered_at')} AND ${notBy('objected_at')} AND ${notBy('waived_at')}) AS open_overdue,
              SUM(${inWindow('waived_at')}) AS waived,
              SUM(${inWindow('objected_at')}) AS objected
         FROM co_handler_tasks t
         JOIN appeals a ON a.id = t.appeal_id
         JOIN departments d ON d.id = t.department_id
        WHERE (${inWindow('due_at')} OR ${inWindow('answered_at')} OR ${inWindow('waived_at')} OR ${inWindow('objected_at')})
          AND a.region_code LIKE ?
        GROUP BY t.department_id, d.name
        ORDER BY t.department_id`,
      [
        // due
        from, to, to,
        // delivered on time / late
        from, to, from, to,
        // open overdue
        from, to, to, to, to, to,
        // waived, objected
        from, to, from, to,
        // WHERE
        from, to, from, to, from, to, from, to,
        `${regionPrefix}%`,
      ],
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
