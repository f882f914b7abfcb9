import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SupervisionLevel } from '../../sla/domain/escalation-ladder';
import type { MilestoneDto } from '../dto/milestone.dto';

export interface NewMilestone {
  projectId: number;
  title: string;
  owner: string;
  ownerDepartmentId: number | null;
  startedAt: Date;
  basisWorkingDays: number | null;
  basisDate: string | null;
  dueAt: Date;
  dueProvisional: boolean;
  yellowAt: Date;
  now: Date;
}

export interface DueMilestoneRow {
  id: number;
  projectId: number;
  stageCode: string;
  title: string;
  dueAt: Date;
  yellowAt: Date;
  warningLight: 'green' | 'yellow' | 'red';
  supervisionLevel: SupervisionLevel;
}

export interface ProvisionalMilestoneRow {
  id: number;
  projectId: number;
  stageCode: string;
  startedAt: Date;
  basisWorkingDays: number | null;
  basisDate: string | null;
  dueAt: Date;
}

export interface MilestoneTimerUpdate {
  id: number;
  warningLight: 'green' | 'yellow' | 'red';
  supervisionLevel: SupervisionLevel;
  overdueSince: Date | null;
  nextCheckAt: Date | null;
}

const MILESTONE_COLUMNS = `m.id, m.project_id, m.title, m.owner, m.owner_department_id, d.name AS owner_department_name, m.started_at,
  m.basis_working_days, DATE_FORMAT(m.basis_date, '%Y-%m-%d') AS basis_date, m.due_at,
  m.due_provisional, m.yellow_at, m.done_at, m.warning_light, m.supervision_level, m.version`;

/** A milestone as MILESTONE_COLUMNS reads it (with its owner department's name). */
interface MilestoneDbRow {
  id: number;
  project_id: number;
  title: string;
  owner: string;
  owner_department_id: number | null;
  owner_department_name: string | null;
  started_at: Date;
  basis_working_days: number | null;
  basis_date: string | null;
  due_at: Date;
  due_provisional: number;
  yellow_at: Date;
  done_at: Date | null;
  warning_light: MilestoneDto['warningLight'];
  supervision_level: SupervisionLevel;
  version: number;
}

function toDto(r: MilestoneDbRow, now: Date): MilestoneDto {
  const dueAt = new Date(r.due_at);
  const doneAt = r.done_at ? new Date(r.done_at) : null;
  const stored = r.warning_light;
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    title: String(r.title),
    owner: String(r.owner),
    ownerDepartment: r.owner_department_id === null ? null : { id: Number(r.owner_department_id), name: String(r.owner_department_name) },
    startedAt: new Date(r.started_at),
    basisWorkingDays: r.basis_working_days === null || r.basis_working_days === undefined ? null : Number(r.basis_working_days),
    basisDate: r.basis_date ?? null,
    dueAt,
    dueProvisional: Number(r.due_provisional) === 1,
    yellowAt: new Date(r.yellow_at),
    doneAt,
    // An overdue open milestone is always shown red, even before the job has looked at it.
    warningLight: !doneAt && dueAt.getTime() < now.getTime() ? 'red' : doneAt ? 'green' : stored,
    supervisionLevel: r.supervision_level,
    version: Number(r.version),
  };
}

/** The SQL of project milestones: the responsibility list's timers and the job that watches them. */
@Injectable()
export class MilestonesRepository {
  async insert(m: EntityManager, x: NewMilestone): Promise<number> {
    const result: { insertId: number } = await m.query(
      `INSERT INTO project_milestones (project_id, title, owner, owner_department_id, started_at, basis_working_days, basis_date, due_at,
                                       due_provisional, yellow_at, next_check_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        x.projectId,
        x.title,
        x.owner,
        x.ownerDepartmentId,
        x.startedAt,
        x.basisWorkingDays,
        x.basisDate,
        x.dueAt,
        x.dueProvisional ? 1 : 0,
        x.yellowAt,
        // Checked at once: a deadline already in its yellow share is lit by the next run.
        x.now,
        x.now,
        x.now,
      ],
    );
    return Number(result.insertId);
  }

  async listForProject(m: EntityManager, projectId: number, now: Date): Promise<MilestoneDto[]> {
    const rows: MilestoneDbRow[] = await m.query(
      `SELECT ${MILESTONE_COLUMNS} FROM project_milestones m LEFT JOIN departments d ON d.id = m.owner_department_id
        WHERE m.project_id = ? ORDER BY m.due_at, m.id`,
      [projectId],
    );
    return rows.map((r) => toDto(r, now));
  }

  /** The milestones of many projects in one query (the responsibility list export). */
  async listForProjects(m: EntityManager, projectIds: number[], now: Date): Promise<Map<number, MilestoneDto[]>> {
    const result = new Map<number, MilestoneDto[]>();
    if (!projectIds.length) return result;
    const rows: MilestoneDbRow[] = await m.query(
      `SELECT ${MILESTONE_COLUMNS} FROM project_milestones m LEFT JOIN departments d ON d.id = m.owner_department_id
        WHERE m.project_id IN (?) ORDER BY m.project_id, m.due_at, m.id`,
      [projectIds],
    );
    for (const r of rows) {
      const dto = toDto(r, now);
      result.set(dto.projectId, [...(result.get(dto.projectId) ?? []), dto]);
    }
    return result;
  }

  async find(m: EntityManager, projectId: number, id: number, now: Date, lock = false): Promise<MilestoneDto | null> {
    const rows: MilestoneDbRow[] = await m.query(
      `SELECT ${MILESTONE_COLUMNS} FROM project_milestones m LEFT JOIN departments d ON d.id = m.owner_department_id
        WHERE m.id = ? AND m.project_id = ?${lock ? ' FOR UPDATE' : ''}`,
      [id, projectId],
    );
    return rows[0] ? toDto(rows[0], now) : null;
  }

  /**
   * Applies an edit checked against `version` (0 rows: someone changed it meanwhile). A new
   * deadline relights the milestone at once (red if already overdue) and the job rechecks it now;
   * the ladder level stays, so steps already taken are not taken again.
   */
  async update(
    m: EntityManager,
    id: number,
    version: number,
    changes: {
      title: string;
      owner: string;
      ownerDepartmentId: number | null;
      due: { basisWorkingDays: number | null; basisDate: string | null; dueAt: Date; yellowAt: Date; provisional: boolean } | null;
    },
    now: Date,
  ): Promise<boolean> {
    const due = changes.due;
    const dueSql = due
      ? `, basis_working_days = ?, basis_date = ?, due_at = ?, yellow_at = ?, due_provisional = ?, next_check_at = ?,
           warning_light = IF(? < ?, 'red', IF(? <= ?, 'yellow', 'green')), overdue_since = IF(? < ?, overdue_since, NULL)`
      : '';
    const dueParams = due
      ? [
          due.basisWorkingDays,
          due.basisDate,
          due.dueAt,
          due.yellowAt,
          due.provisional ? 1 : 0,
          now,
          due.dueAt,
          now,
          due.yellowAt,
          now,
          due.dueAt,
          now,
        ]
      : [];
    const result: { affectedRows: number } = await m.query(
      `UPDATE project_milestones SET title = ?, owner = ?, owner_department_id = ?${dueSql}, version = version + 1, updated_at = ?
        WHERE id = ? AND version = ? AND done_at IS NULL`,
      [changes.title, changes.owner, changes.ownerDepartmentId, ...dueParams, now, id, version],
    );
    return result.affectedRows === 1;
  }

  async markDone(m: EntityManager, id: number, now: Date): Promise<void> {
    await m.query('UPDATE project_milestones SET done_at = ?, next_check_at = NULL, version = version + 1, updated_at = ? WHERE id = ?', [
      now,
      now,
      id,
    ]);
  }

  /** Open milestones whose check has come, locked (the lease keeps other instances out; the lock keeps users' completions in order). */
  async lockDue(m: EntityManager, now: Date, limit: number): Promise<DueMilestoneRow[]> {
    const rows: Array<
      Pick<MilestoneDbRow, 'id' | 'project_id' | 'title' | 'due_at' | 'yellow_at' | 'warning_light' | 'supervision_level'> & { stage_code: string }
    > = await m.query(
      `SELECT m.id, m.project_id, p.stage_code, m.title, m.due_at, m.yellow_at, m.warning_light, m.supervision_level
         FROM project_milestones m JOIN projects p ON p.id = m.project_id
        WHERE m.next_check_at <= ? AND m.done_at IS NULL
        ORDER BY m.next_check_at, m.id LIMIT ${Number(limit)} FOR UPDATE`,
      [now],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      projectId: Number(r.project_id),
      stageCode: String(r.stage_code),
      title: String(r.title),
      dueAt: new Date(r.due_at),
      yellowAt: new Date(r.yellow_at),
      warningLight: r.warning_light,
      supervisionLevel: r.supervision_level,
    }));
  }

  /** One UPDATE for the whole batch, joined to a derived table of the planned values. */
  async applyTimers(m: EntityManager, updates: MilestoneTimerUpdate[], now: Date): Promise<void> {
    if (!updates.length) return;
    const derived = updates
      .map((_, i) => (i === 0 ? 'SELECT ? AS id, ? AS wl, ? AS sl, ? AS os, ? AS nc' : 'SELECT ?, ?, ?, ?, ?'))
      .join(' UNION ALL ');
    await m.query(
      `UPDATE project_milestones m JOIN (${derived}) v ON v.id = m.id
          SET m.warning_light = v.wl, m.supervision_level = v.sl, m.overdue_since = COALESCE(m.overdue_since, v.os),
              m.next_check_at = v.nc, m.updated_at = IF(m.warning_light <> v.wl OR m.supervision_level <> v.sl, ?, m.updated_at)`,
      [...updates.flatMap((u) => [u.id, u.warningLight, u.supervisionLevel, u.overdueSince, u.nextCheckAt]), now],
    );
  }

  async lockProvisional(m: EntityManager, limit: number): Promise<ProvisionalMilestoneRow[]> {
    const rows: Array<
      Pick<MilestoneDbRow, 'id' | 'project_id' | 'started_at' | 'basis_working_days' | 'basis_date' | 'due_at'> & { stage_code: string }
    > = await m.query(
      `SELECT m.id, m.project_id, p.stage_code, m.started_at, m.basis_working_days, DATE_FORMAT(m.basis_date, '%Y-%m-%d') AS basis_date, m.due_at
         FROM project_milestones m JOIN projects p ON p.id = m.project_id
        WHERE m.due_provisional = 1 AND m.done_at IS NULL ORDER BY m.id LIMIT ${Number(limit)} FOR UPDATE`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      projectId: Number(r.project_id),
      stageCode: String(r.stage_code),
      startedAt: new Date(r.started_at),
      basisWorkingDays: r.basis_working_days === null ? null : Number(r.basis_working_days),
      basisDate: r.basis_date ?? null,
      dueAt: new Date(r.due_at),
    }));
  }

  async setDue(m: EntityManager, id: number, due: { dueAt: Date; yellowAt: Date; provisional: boolean }, now: Date): Promise<void> {
    await m.query(
      `UPDATE project_milestones SET due_at = ?, yellow_at = ?, due_provisional = ?, next_check_at = ?, warning_light = 'green',
              version = version + 1, updated_at = ? WHERE id = ?`,
      [due.dueAt, due.yellowAt, due.provisional ? 1 : 0, now, now, id],
    );
  }

  /**
   * Inbox entries for a batch's ladder steps in one INSERT … SELECT: each step reaches the
   * project's liaison officer and the active handlers of its lead department (the department head
   * among them), as an appeal's ladder reaches its handlers. No appeal id: the entry names the project.
   */
  async notifySteps(
    m: EntityManager,
    steps: Array<{ projectId: number; kind: string; title: string; body: string }>,
    now: Date,
  ): Promise<number> {
    if (!steps.length) return 0;
    const projectIds = [...new Set(steps.map((s) => s.projectId))];
    const derived = steps
      .map((_, i) => (i === 0 ? 'SELECT ? AS project_id, ? AS kind, ? AS title, ? AS body' : 'SELECT ?, ?, ?, ?'))
      .join(' UNION ALL ');
    const result: { affectedRows: number } = await m.query(
      `INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at)
       SELECT r.user_id, NULL, s.kind, s.title, s.body, ?
         FROM (${derived}) s
         JOIN (SELECT p.id AS project_id, p.liaison_officer_id AS user_id FROM projects p
                WHERE p.id IN (?) AND p.liaison_officer_id IS NOT NULL
               UNION
               SELECT p.id, u.id FROM projects p JOIN users u ON u.department_id = p.lead_department_id AND u.role = 'handler' AND u.active = 1
                WHERE p.id IN (?)) r
           ON r.project_id = s.project_id`,
      [now, ...steps.flatMap((s) => [s.projectId, s.kind, s.title, s.body]), projectIds, projectIds],
    );
    return result.affectedRows;
  }
}
