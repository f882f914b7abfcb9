import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APPEAL_SUMMARY_COLUMNS, type AppealSummaryDbRow, appealSummaryOf } from '../../appeals/appeal-row';
import type { ProgressReportRevisionDto, ProjectAppealDto } from '../dto/report.dto';

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
  correctedAt: Date | null;
  version: number;
}

/** A progress report as list() reads it, with its reporter's name and the appeal it raised (if any). */
interface ReportDbRow {
  id: number;
  project_id: number;
  period_kind: string;
  /** 'YYYY-MM-DD'. */
  period_start: string;
  progress: string;
  invested_to_date_wan: number;
  problems: string | null;
  reporter_id: number;
  reporter_name: string;
  created_at: Date;
  corrected_at: Date | null;
  version: number;
  appeal_id: number | null;
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
    const rows: ReportDbRow[] = await m.query(
      `SELECT r.id, r.project_id, r.period_kind, DATE_FORMAT(r.period_start, '%Y-%m-%d') AS period_start, r.progress, r.invested_to_date_wan,
              r.problems, r.reporter_id, u.display_name AS reporter_name, r.created_at, r.corrected_at, r.version,
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
      problems: r.problems ?? null,
      reporterId: Number(r.reporter_id),
      reporterName: String(r.reporter_name),
      appealId: r.appeal_id === null ? null : Number(r.appeal_id),
      createdAt: new Date(r.created_at),
      correctedAt: r.corrected_at ? new Date(r.corrected_at) : null,
      version: Number(r.version),
    }));
  }

  async lockOne(m: EntityManager, projectId: number, id: number): Promise<ReportRow | null> {
    await m.query('SELECT id FROM project_reports WHERE id = ? AND project_id = ? FOR UPDATE', [id, projectId]);
    return (await this.list(m, projectId)).find((r) => r.id === id) ?? null;
  }

  /** The latest report of the project (by period): its figure is the project's investment to date. */
  async latestId(m: EntityManager, projectId: number): Promise<number | null> {
    const rows: Array<{ id: number }> = await m.query(
      'SELECT id FROM project_reports WHERE project_id = ? ORDER BY period_start DESC, id DESC LIMIT 1',
      [projectId],
    );
    return rows[0] ? Number(rows[0].id) : null;
  }

  /**
   * Keeps the current text as a revision and writes the correction, guarded by the version read:
   * false (nothing written) when someone corrected it meanwhile.
   */
  async correct(
    m: EntityManager,
    current: ReportRow,
    version: number,
    next: { progress: string; investedToDateWan: number; problems: string | null },
    by: { userId: number; reason: string; now: Date },
  ): Promise<boolean> {
    const result: { affectedRows: number } = await m.query(
      `UPDATE project_reports SET progress = ?, invested_to_date_wan = ?, problems = ?, corrected_at = ?, version = version + 1
        WHERE id = ? AND version = ?`,
      [next.progress, next.investedToDateWan, next.problems, by.now, current.id, version],
    );
    if (result.affectedRows !== 1) return false;
    await m.query(
      `INSERT INTO project_report_revisions (report_id, revision, progress, invested_to_date_wan, problems, corrected_by, reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [current.id, version, current.progress, current.investedToDateWan, current.problems, by.userId, by.reason, by.now],
    );
    return true;
  }

  async revisions(m: EntityManager, reportId: number): Promise<ProgressReportRevisionDto[]> {
    const rows: Array<{
      revision: number;
      progress: string;
      invested_to_date_wan: number;
      problems: string | null;
      corrected_by: number;
      display_name: string;
      reason: string;
      created_at: Date;
    }> = await m.query(
      `SELECT v.revision, v.progress, v.invested_to_date_wan, v.problems, v.corrected_by, u.display_name, v.reason, v.created_at
         FROM project_report_revisions v JOIN users u ON u.id = v.corrected_by WHERE v.report_id = ? ORDER BY v.revision`,
      [reportId],
    );
    return rows.map((r) => ({
      revision: Number(r.revision),
      progress: String(r.progress),
      investedToDateWan: Number(r.invested_to_date_wan),
      problems: r.problems ?? null,
      correctedBy: Number(r.corrected_by),
      correctedByName: String(r.display_name),
      reason: String(r.reason),
      correctedAt: new Date(r.created_at),
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
    const rows: Array<AppealSummaryDbRow & { report_id: number | null; linked_at: Date }> = await m.query(
      `SELECT ${APPEAL_SUMMARY_COLUMNS}, pa.report_id, pa.linked_at
         FROM project_appeals pa JOIN appeals a ON a.id = pa.appeal_id JOIN enterprises e ON e.id = a.enterprise_id
        WHERE pa.project_id = ? ORDER BY pa.linked_at DESC, a.id DESC`,
      [projectId],
    );
    return rows.map((r) => ({
      ...appealSummaryOf(r),
      reportId: r.report_id === null ? null : Number(r.report_id),
      linkedAt: new Date(r.linked_at),
    }));
  }
}
