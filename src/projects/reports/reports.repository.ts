import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProjectAppealDto } from '../dto/report.dto';

export interface ReportRow {
  id: number;
  projectId: number;
  periodKind: string;
  periodStart: string;
  progress: string;
  investedToDateWan: number;
  problems: string | null;
  reporterId: number;
  reporterName: string;
  appealId: number | null;
  createdAt: Date;
}

/** Progress reports and the project ↔ appeal links. */
@Injectable()
export class ReportsRepository {
  async exists(m: EntityManager, projectId: number, kind: string, periodStart: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM project_reports WHERE project_id = ? AND period_kind = ? AND period_start = ?', [
      projectId,
      kind,
      periodStart,
    ]);
    return rows.length > 0;
  }

  async insert(
    m: EntityManager,
    r: {
      projectId: number;
      kind: string;
      periodStart: string;
      progress: string;
      investedToDateWan: number;
      problems: string | null;
      reporterId: number;
      now: Date;
    },
  ): Promise<number> {
    const result: { insertId: number } = await m.query(
      `INSERT INTO project_reports (project_id, period_kind, period_start, progress, invested_to_date_wan, problems, reporter_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [r.projectId, r.kind, r.periodStart, r.progress, r.investedToDateWan, r.problems, r.reporterId, r.now],
    );
    return Number(result.insertId);
  }

  async list(m: EntityManager, projectId: number): Promise<ReportRow[]> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT r.id, r.project_id, r.period_kind, DATE_FORMAT(r.period_start, '%Y-%m-%d') AS period_start, r.progress, r.invested_to_date_wan,
              r.problems, r.reporter_id, u.display_name AS reporter_name, r.created_at,
              (SELECT MIN(pa.appeal_id) FROM project_appeals pa WHERE pa.report_id = r.id) AS appeal_id
         FROM project_reports r JOIN users u ON u.id = r.reporter_id
        WHERE r.project_id = ? ORDER BY r.period_start DESC, r.id DESC`,
      [projectId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      projectId: Number(r.project_id),
      periodKind: String(r.period_kind),
      periodStart: String(r.period_start),
      progress: String(r.progress),
      investedToDateWan: Number(r.invested_to_date_wan),
      problems: (r.problems as string | null) ?? null,
      reporterId: Number(r.reporter_id),
      reporterName: String(r.reporter_name),
      appealId: r.appeal_id === null ? null : Number(r.appeal_id),
      createdAt: new Date(r.created_at as Date),
    }));
  }

  /** Links an appeal once; a repeated link (a retried report) changes nothing. */
  async link(m: EntityManager, projectId: number, appealId: number, reportId: number | null, userId: number, now: Date): Promise<boolean> {
    const result: { affectedRows: number } = await m.query(
      'INSERT IGNORE INTO project_appeals (project_id, appeal_id, report_id, linked_by, linked_at) VALUES (?, ?, ?, ?, ?)',
      [projectId, appealId, reportId, userId, now],
    );
    return result.affectedRows === 1;
  }

  async appealFirm(m: EntityManager, appealId: number): Promise<{ enterpriseId: number } | null> {
    const rows: Array<{ enterprise_id: number }> = await m.query('SELECT enterprise_id FROM appeals WHERE id = ?', [appealId]);
    return rows[0] ? { enterpriseId: Number(rows[0].enterprise_id) } : null;
  }

  async appealsOf(m: EntityManager, projectId: number): Promise<ProjectAppealDto[]> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT a.id, a.number, a.title, a.status, a.warning_light, a.enterprise_id, e.name AS enterprise_name, pa.report_id, pa.linked_at
         FROM project_appeals pa JOIN appeals a ON a.id = pa.appeal_id JOIN enterprises e ON e.id = a.enterprise_id
        WHERE pa.project_id = ? ORDER BY pa.linked_at DESC, a.id DESC`,
      [projectId],
    );
    return rows.map((r) => ({
      appealId: Number(r.id),
      number: String(r.number),
      title: String(r.title),
      status: String(r.status),
      warningLight: String(r.warning_light),
      enterpriseId: Number(r.enterprise_id),
      enterpriseName: String(r.enterprise_name),
      reportId: r.report_id === null ? null : Number(r.report_id),
      linkedAt: new Date(r.linked_at as Date),
    }));
  }
}
