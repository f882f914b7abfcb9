import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { enterpriseVisibleCondition } from '../enterprises/enterprise-scope';
import { subtreePrefix } from '../common/scope/region-reach';
import type { ListProjectsQuery } from './dto/list-projects.query';
import type { StageDateDto } from './dto/project.dto';
import type { PipelineStage } from './domain/stage-pipeline';
import type { StalledCutoff } from './domain/stalled';
import type { TrackingThresholds } from './domain/tracking-levels';
import { projectVisibleCondition } from './project-scope';
import { columnAssignments, type ColumnChanges } from '../common/database/versioned-update';
import type { LockedProjectRow, ProjectColumns, ProjectExtras, ProjectRow } from './project-row';
import { escapeLike } from '../common/database/like-pattern';
import { SqlConditions } from '../common/database/sql-conditions';

const PROJECT_COLUMNS = `
  p.id, p.name, p.region_code, r.name AS region_name, p.city_code, p.industry, p.total_investment_wan, p.invested_to_date_wan,
  p.stage_code, s.name AS stage_name, DATE_FORMAT(p.stage_since, '%Y-%m-%d') AS stage_since, p.last_stage_change_at, p.last_report_at,
  p.responsible_leader, p.lead_department_id, d.name AS lead_department_name, p.liaison_officer_id, o.display_name AS liaison_officer_name,
  p.description, p.version, p.created_at, p.updated_at,
  (SELECT COUNT(*) FROM project_milestones m WHERE m.project_id = p.id AND m.done_at IS NULL) AS open_milestones,
  (SELECT COUNT(*) FROM project_milestones m WHERE m.project_id = p.id AND m.done_at IS NULL AND m.due_at < ?) AS overdue_milestones,
  (SELECT COUNT(*) FROM project_appeals pa WHERE pa.project_id = p.id) AS linked_appeals`;

const PROJECT_FROM = `
  FROM projects p
  JOIN regions r ON r.code = p.region_code
  JOIN project_stages s ON s.code = p.stage_code
  LEFT JOIN departments d ON d.id = p.lead_department_id
  LEFT JOIN users o ON o.id = p.liaison_officer_id`;

export interface ProjectFilterContext {
  now: Date;
  thresholds: TrackingThresholds;
  stalledCutoffs: StalledCutoff[];
}

export interface NewProject {
  name: string;
  regionCode: string;
  industry: string;
  totalInvestmentWan: number;
  stageCode: string;
  stageSince: string;
  responsibleLeader: string | null;
  leadDepartmentId: number | null;
  liaisonOfficerId: number | null;
  description: string | null;
  createdBy: number;
  now: Date;
}

/** The SQL of projects, their firms and stage dates. Every read narrows through projectVisibleCondition. */
@Injectable()
export class ProjectsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  async stages(m: EntityManager = this.db.manager): Promise<PipelineStage[]> {
    const rows: Array<{ code: string; name: string; position: number; active: number }> = await m.query(
      'SELECT code, name, position, active FROM project_stages ORDER BY position',
    );
    return rows.map((r) => ({ code: r.code, name: r.name, position: Number(r.position), active: Number(r.active) === 1 }));
  }

  async stageProjectCounts(): Promise<Map<string, number>> {
    const rows: Array<{ stage_code: string; n: number }> = await this.db.query(
      'SELECT stage_code, COUNT(*) AS n FROM projects GROUP BY stage_code',
    );
    return new Map(rows.map((r) => [r.stage_code, Number(r.n)]));
  }

  /** Rewrites the pipeline in one transaction: positions are shifted out of the way first (unique index). */
  async replaceStages(m: EntityManager, stages: Array<{ code: string; name: string }>): Promise<void> {
    await m.query('SELECT code FROM project_stages FOR UPDATE');
    await m.query('UPDATE project_stages SET position = position + 1000, active = 0');
    for (const [i, stage] of stages.entries()) {
      await m.query(
        `INSERT INTO project_stages (code, name, position, active) VALUES (?, ?, ?, 1)
         ON DUPLICATE KEY UPDATE name = VALUES(name), position = VALUES(position), active = 1`,
        [stage.code, stage.name, i + 1],
      );
    }
    // Retired stages that no project or stage date references are removed; the others stay inactive, out of the order.
    await m.query(
      `DELETE FROM project_stages WHERE active = 0
          AND code NOT IN (SELECT stage_code FROM project_stage_dates) AND code NOT IN (SELECT stage_code FROM projects)`,
    );
  }

  /** The firms among `ids` this user may see, with their region and officer. */
  async visibleFirms(
    user: AuthUser,
    ids: number[],
  ): Promise<Array<{ id: number; name: string; regionCode: string; officerId: number | null }>> {
    if (!ids.length) return [];
    const visible = enterpriseVisibleCondition('e', user);
    const rows: Array<{ id: number; name: string; region_code: string; officer_id: number | null }> = await this.db.query(
      `SELECT e.id, e.name, e.region_code, e.officer_id FROM enterprises e WHERE e.id IN (?) AND ${visible.sql}`,
      [ids, ...visible.params],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      regionCode: r.region_code,
      officerId: r.officer_id === null ? null : Number(r.officer_id),
    }));
  }

  /** Active departments in a reach (lead department choices). */
  async departmentOptions(reachPrefix: string): Promise<Array<{ id: number; name: string; regionCode: string }>> {
    const rows: Array<{ id: number; name: string; region_code: string }> = await this.db.query(
      'SELECT id, name, region_code FROM departments WHERE region_code LIKE ? ORDER BY region_code, name LIMIT 500',
      [`${reachPrefix}%`],
    );
    return rows.map((r) => ({ id: Number(r.id), name: r.name, regionCode: r.region_code }));
  }

  /** The credit codes of firms already known to the caller (a project's firms, for the console's edit form). */
  async creditCodesOf(ids: number[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows: Array<{ credit_code: string }> = await this.db.query('SELECT credit_code FROM enterprises WHERE id IN (?) ORDER BY id', [
      ids,
    ]);
    return rows.map((r) => r.credit_code);
  }

  async regionExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM regions WHERE code = ?', [code]);
    return rows.length > 0;
  }

  async department(id: number): Promise<{ id: number; regionCode: string } | null> {
    const rows: Array<{ id: number; region_code: string }> = await this.db.query('SELECT id, region_code FROM departments WHERE id = ?', [
      id,
    ]);
    return rows[0] ? { id: Number(rows[0].id), regionCode: rows[0].region_code } : null;
  }

  async officer(id: number): Promise<{ id: number; regionCode: string; active: boolean } | null> {
    const rows: Array<{ id: number; region_code: string; active: number }> = await this.db.query(
      "SELECT id, region_code, active FROM users WHERE id = ? AND role = 'officer'",
      [id],
    );
    return rows[0] ? { id: Number(rows[0].id), regionCode: rows[0].region_code, active: Number(rows[0].active) === 1 } : null;
  }

  async insert(m: EntityManager, p: NewProject): Promise<number> {
    const result: { insertId: number } = await m.query(
      `INSERT INTO projects (name, region_code, city_code, industry, total_investment_wan, stage_code, stage_since, last_stage_change_at,
                             responsible_leader, lead_department_id, liaison_officer_id, description, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        p.name,
        p.regionCode,
        `${p.regionCode.slice(0, 4)}00`,
        p.industry,
        p.totalInvestmentWan,
        p.stageCode,
        p.stageSince,
        p.now,
        p.responsibleLeader,
        p.leadDepartmentId,
        p.liaisonOfficerId,
        p.description,
        p.createdBy,
        p.now,
        p.now,
      ],
    );
    return Number(result.insertId);
  }

  async insertEnterprises(m: EntityManager, projectId: number, enterpriseIds: number[]): Promise<void> {
    if (!enterpriseIds.length) return;
    await m.query(
      `INSERT INTO project_enterprises (project_id, enterprise_id) VALUES ${enterpriseIds.map(() => '(?, ?)').join(', ')}`,
      enterpriseIds.flatMap((id) => [projectId, id]),
    );
  }

  async enterpriseIdsOf(m: EntityManager, projectId: number): Promise<number[]> {
    const rows: Array<{ enterprise_id: number }> = await m.query(
      'SELECT enterprise_id FROM project_enterprises WHERE project_id = ? ORDER BY enterprise_id FOR UPDATE',
      [projectId],
    );
    return rows.map((r) => Number(r.enterprise_id));
  }

  async removeEnterprises(m: EntityManager, projectId: number, enterpriseIds: number[]): Promise<void> {
    if (!enterpriseIds.length) return;
    await m.query('DELETE FROM project_enterprises WHERE project_id = ? AND enterprise_id IN (?)', [projectId, enterpriseIds]);
  }

  async stageDates(
    m: EntityManager,
    projectId: number,
  ): Promise<Array<{ stageCode: string; plannedDate: string | null; actualDate: string | null }>> {
    const rows: Array<{ stage_code: string; planned_date: string | null; actual_date: string | null }> = await m.query(
      `SELECT stage_code, DATE_FORMAT(planned_date, '%Y-%m-%d') AS planned_date, DATE_FORMAT(actual_date, '%Y-%m-%d') AS actual_date
         FROM project_stage_dates WHERE project_id = ?`,
      [projectId],
    );
    return rows.map((r) => ({ stageCode: r.stage_code, plannedDate: r.planned_date, actualDate: r.actual_date }));
  }

  async setPlannedDates(
    m: EntityManager,
    projectId: number,
    planned: Array<{ stageCode: string; plannedDate: string | null }>,
  ): Promise<void> {
    if (!planned.length) return;
    await m.query(
      `INSERT INTO project_stage_dates (project_id, stage_code, planned_date) VALUES ${planned.map(() => '(?, ?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE planned_date = VALUES(planned_date)`,
      planned.flatMap((p) => [projectId, p.stageCode, p.plannedDate]),
    );
  }

  async setActualDate(m: EntityManager, projectId: number, stageCode: string, date: string | null): Promise<void> {
    await m.query(
      `INSERT INTO project_stage_dates (project_id, stage_code, actual_date) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE actual_date = VALUES(actual_date)`,
      [projectId, stageCode, date],
    );
  }

  /** The project row locked for a change, if this user may see it. */
  async lockVisible(m: EntityManager, user: AuthUser, id: number): Promise<LockedProjectRow | null> {
    const visible = projectVisibleCondition('p', user);
    const rows: LockedProjectRow[] = await m.query(
      `SELECT p.*, DATE_FORMAT(p.stage_since, '%Y-%m-%d') AS stage_since_text FROM projects p WHERE p.id = ? AND ${visible.sql} FOR UPDATE`,
      [id, ...visible.params],
    );
    return rows[0] ?? null;
  }

  /** Applies a change that was checked against the locked row's version; bumps the version. */
  async update(m: EntityManager, id: number, changes: ColumnChanges<ProjectColumns>, now: Date): Promise<void> {
    const set = columnAssignments(changes);
    await m.query(`UPDATE projects SET ${[...set.sql, 'version = version + 1', 'updated_at = ?'].join(', ')} WHERE id = ?`, [
      ...set.params,
      now,
      id,
    ]);
  }

  async findVisible(user: AuthUser, id: number, now: Date): Promise<ProjectRow | null> {
    const visible = projectVisibleCondition('p', user);
    const rows: ProjectRow[] = await this.db.query(`SELECT ${PROJECT_COLUMNS} ${PROJECT_FROM} WHERE p.id = ? AND ${visible.sql}`, [
      now,
      id,
      ...visible.params,
    ]);
    return rows[0] ?? null;
  }

  private filters(user: AuthUser, query: Partial<ListProjectsQuery>, ctx: ProjectFilterContext): { where: string; params: unknown[] } {
    const where = new SqlConditions(projectVisibleCondition('p', user));
    if (query.level) where.add('p.total_investment_wan >= ?', ctx.thresholds[query.level]);
    if (query.stage) where.add('p.stage_code = ?', query.stage);
    if (query.regionCode) where.add('p.region_code LIKE ?', `${subtreePrefix(query.regionCode)}%`);
    if (query.industry) where.add('p.industry = ?', query.industry);
    if (query.enterpriseId)
      where.add('EXISTS (SELECT 1 FROM project_enterprises pe WHERE pe.project_id = p.id AND pe.enterprise_id = ?)', query.enterpriseId);
    if (query.q) where.add('p.name LIKE ?', `%${escapeLike(query.q)}%`);
    if (query.overdueMilestones !== undefined) {
      where.add(
        `${query.overdueMilestones ? '' : 'NOT '}EXISTS (SELECT 1 FROM project_milestones m WHERE m.project_id = p.id AND m.done_at IS NULL AND m.due_at < ?)`,
        ctx.now,
      );
    }
    if (query.stalled !== undefined) {
      const cases = ctx.stalledCutoffs.map(() => 'WHEN p.total_investment_wan >= ? THEN ?').join(' ');
      where.add(
        `(GREATEST(p.last_stage_change_at, COALESCE(p.last_report_at, p.last_stage_change_at)) < CASE ${cases} END) = ?`,
        ...ctx.stalledCutoffs.flatMap((c) => [c.minWan, c.cutoff]),
        query.stalled ? 1 : 0,
      );
    }
    return { where: where.sql, params: where.params };
  }

  async list(
    user: AuthUser,
    query: ListProjectsQuery,
    ctx: ProjectFilterContext,
    paging: { limit: number; offset: number } | null,
  ): Promise<{ rows: ProjectRow[]; total: number }> {
    const { where, params } = this.filters(user, query, ctx);
    const [{ total }]: Array<{ total: number }> = await this.db.query(`SELECT COUNT(*) AS total FROM projects p WHERE ${where}`, params);
    const limit = paging ? ` LIMIT ${Number(paging.limit)} OFFSET ${Number(paging.offset)}` : '';
    const rows: ProjectRow[] = await this.db.query(
      `SELECT ${PROJECT_COLUMNS} ${PROJECT_FROM} WHERE ${where} ORDER BY p.total_investment_wan DESC, p.id${limit}`,
      [ctx.now, ...params],
    );
    return { rows, total: Number(total) };
  }

  /** Firms and stage dates of many projects in two queries, for lists and exports. */
  async extrasFor(projectIds: number[], stages: PipelineStage[]): Promise<Map<number, ProjectExtras>> {
    const result = new Map<number, ProjectExtras>(projectIds.map((id) => [id, { enterprises: [], stageDates: [] }]));
    if (!projectIds.length) return result;
    const firms: Array<{ project_id: number; id: number; name: string }> = await this.db.query(
      `SELECT pe.project_id, e.id, e.name FROM project_enterprises pe JOIN enterprises e ON e.id = pe.enterprise_id
        WHERE pe.project_id IN (?) ORDER BY pe.project_id, e.id`,
      [projectIds],
    );
    for (const f of firms) result.get(Number(f.project_id))?.enterprises.push({ id: Number(f.id), name: f.name });
    const dates: Array<{ project_id: number; stage_code: string; planned_date: string | null; actual_date: string | null }> =
      await this.db.query(
        `SELECT project_id, stage_code, DATE_FORMAT(planned_date, '%Y-%m-%d') AS planned_date, DATE_FORMAT(actual_date, '%Y-%m-%d') AS actual_date
         FROM project_stage_dates WHERE project_id IN (?)`,
        [projectIds],
      );
    const byProject = new Map<number, Map<string, { planned: string | null; actual: string | null }>>();
    for (const d of dates) {
      const map = byProject.get(Number(d.project_id)) ?? new Map();
      map.set(d.stage_code, { planned: d.planned_date, actual: d.actual_date });
      byProject.set(Number(d.project_id), map);
    }
    for (const [id, extras] of result) {
      const map = byProject.get(id);
      extras.stageDates = stages
        .filter((s) => s.active || map?.has(s.code))
        .map((s): StageDateDto => ({
          stageCode: s.code,
          stageName: s.name,
          plannedDate: map?.get(s.code)?.planned ?? null,
          actualDate: map?.get(s.code)?.actual ?? null,
        }));
    }
    return result;
  }
}
