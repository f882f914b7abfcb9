import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APPEAL_SUMMARY_COLUMNS, type AppealSummaryDbRow, appealSummaryOf } from '../appeals/appeal-row';
import { type ColumnChanges, updateIfVersion } from '../common/database/versioned-update';
import type { WorkingGroupFiguresDto, GroupVisitDto, LedgerEntryDto, LedgerNoteDto, LedgerQuery, MeasureDto } from './dto/group.dto';
import type { MeasureStatus } from './domain/group-access';

/** The group_measures columns an update may write (keys are the column names). */
export interface MeasureColumns {
  status: MeasureStatus;
  evidence: string | null;
  due_date: string | null;
}

/** A measure as MEASURE_COLUMNS reads it (dates formatted to 'YYYY-MM-DD'). */
interface MeasureDbRow {
  id: number;
  group_id: number;
  title: string;
  detail: string | null;
  owner: string;
  start_date: string;
  due_date: string | null;
  status: MeasureStatus;
  evidence: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function measureDto(r: MeasureDbRow, today: string): MeasureDto {
  const dueDate = r.due_date ?? null;
  const status = r.status;
  return {
    id: Number(r.id),
    groupId: Number(r.group_id),
    title: String(r.title),
    detail: r.detail ?? null,
    owner: String(r.owner),
    startDate: String(r.start_date),
    dueDate,
    status,
    evidence: r.evidence ?? null,
    overdue: dueDate !== null && dueDate < today && status !== 'done' && status !== 'cancelled',
    version: Number(r.version),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

const MEASURE_COLUMNS = `id, group_id, title, detail, owner, DATE_FORMAT(start_date, '%Y-%m-%d') AS start_date, DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date,
  status, evidence, version, created_at, updated_at`;

/**
 * The SQL of a group's work: its problem ledger (the appeals of its cities, with its own notes
 * and 销号 marks), service measures, visits and the figures of its dashboard. Every query is
 * bounded by the group's city codes, which the service has checked the caller may reach.
 */
@Injectable()
export class GroupWorkRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  /**
   * Newest first, read backwards along ix_appeals_city_submitted (city, submitted_at, id) without
   * a sort: a city holds tens of thousands of appeals at full scale. Open or closed is a filter.
   */
  async ledger(groupId: number, cityCodes: string[], query: LedgerQuery): Promise<{ items: LedgerEntryDto[]; total: number }> {
    const where = ['a.city_code IN (?)'];
    const params: unknown[] = [cityCodes];
    if (query.open !== undefined) where.push(`a.is_open = ${query.open ? 1 : 0}`);
    if (query.closedOff !== undefined)
      where.push(
        `${query.closedOff ? '' : 'NOT '}EXISTS (SELECT 1 FROM group_ledger_closures c WHERE c.group_id = ? AND c.appeal_id = a.id)`,
      );
    if (query.closedOff !== undefined) params.push(groupId);
    if (query.projectsOnly) where.push('EXISTS (SELECT 1 FROM project_appeals pa WHERE pa.appeal_id = a.id)');
    const [{ total }]: Array<{ total: number }> = await this.db.query(
      `SELECT COUNT(*) AS total FROM appeals a WHERE ${where.join(' AND ')}`,
      params,
    );
    const rows: Array<
      AppealSummaryDbRow & {
        region_code: string;
        submitted_at: Date;
        project_id: number | null;
        project_name: string | null;
        notes: number;
        last_note: string | null;
        closed_off_at: Date | null;
      }
    > = await this.db.query(
      `SELECT ${APPEAL_SUMMARY_COLUMNS}, a.region_code, a.submitted_at,
              pa.project_id, p.name AS project_name,
              (SELECT COUNT(*) FROM group_ledger_notes n WHERE n.group_id = ? AND n.appeal_id = a.id) AS notes,
              (SELECT n.note FROM group_ledger_notes n WHERE n.group_id = ? AND n.appeal_id = a.id ORDER BY n.id DESC LIMIT 1) AS last_note,
              (SELECT c.closed_at FROM group_ledger_closures c WHERE c.group_id = ? AND c.appeal_id = a.id) AS closed_off_at
         FROM appeals a JOIN enterprises e ON e.id = a.enterprise_id
         LEFT JOIN project_appeals pa ON pa.appeal_id = a.id AND pa.project_id = (SELECT MIN(x.project_id) FROM project_appeals x WHERE x.appeal_id = a.id)
         LEFT JOIN projects p ON p.id = pa.project_id
        WHERE ${where.join(' AND ')}
        ORDER BY a.submitted_at DESC, a.id DESC LIMIT ${Number(query.pageSize)} OFFSET ${Number((query.page - 1) * query.pageSize)}`,
      [groupId, groupId, groupId, ...params],
    );
    return {
      total: Number(total),
      items: rows.map((r) => ({
        ...appealSummaryOf(r),
        regionCode: String(r.region_code),
        submittedAt: new Date(r.submitted_at),
        projectId: r.project_id === null ? null : Number(r.project_id),
        projectName: r.project_name ?? null,
        notes: Number(r.notes),
        lastNote: r.last_note ?? null,
        closedOffAt: r.closed_off_at ? new Date(r.closed_off_at) : null,
      })),
    };
  }

  /** The appeal if it lies in the group's cities, locked when asked. */
  async appealInCities(
    m: EntityManager,
    appealId: number,
    cityCodes: string[],
    lock = false,
  ): Promise<{ id: number; status: string } | null> {
    const rows: Array<{ id: number; status: string }> = await m.query(
      `SELECT id, status FROM appeals WHERE id = ? AND city_code IN (?)${lock ? ' FOR UPDATE' : ''}`,
      [appealId, cityCodes],
    );
    return rows[0] ? { id: Number(rows[0].id), status: rows[0].status } : null;
  }

  async insertNote(m: EntityManager, groupId: number, appealId: number, note: string, authorId: number, now: Date): Promise<number> {
    const result: { insertId: number } = await m.query(
      'INSERT INTO group_ledger_notes (group_id, appeal_id, note, author_id, created_at) VALUES (?, ?, ?, ?, ?)',
      [groupId, appealId, note, authorId, now],
    );
    return Number(result.insertId);
  }

  async notes(groupId: number, appealId: number): Promise<LedgerNoteDto[]> {
    const rows: Array<{ id: number; appeal_id: number; note: string; author_id: number; display_name: string; created_at: Date }> = await this.db.query(
      `SELECT n.id, n.appeal_id, n.note, n.author_id, u.display_name, n.created_at FROM group_ledger_notes n JOIN users u ON u.id = n.author_id
        WHERE n.group_id = ? AND n.appeal_id = ? ORDER BY n.id`,
      [groupId, appealId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      appealId: Number(r.appeal_id),
      note: String(r.note),
      authorId: Number(r.author_id),
      authorName: String(r.display_name),
      createdAt: new Date(r.created_at),
    }));
  }

  async isClosedOff(m: EntityManager, groupId: number, appealId: number): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM group_ledger_closures WHERE group_id = ? AND appeal_id = ? FOR UPDATE', [
      groupId,
      appealId,
    ]);
    return rows.length > 0;
  }

  async closeOff(m: EntityManager, groupId: number, appealId: number, userId: number, note: string | null, now: Date): Promise<void> {
    await m.query('INSERT INTO group_ledger_closures (group_id, appeal_id, closed_by, closed_at, note) VALUES (?, ?, ?, ?, ?)', [
      groupId,
      appealId,
      userId,
      now,
      note,
    ]);
  }

  async measures(groupId: number, today: string): Promise<MeasureDto[]> {
    const rows: MeasureDbRow[] = await this.db.query(
      `SELECT ${MEASURE_COLUMNS} FROM group_measures WHERE group_id = ? ORDER BY FIELD(status, 'in_progress', 'planned', 'done', 'cancelled'), due_date IS NULL, due_date, id`,
      [groupId],
    );
    return rows.map((r) => measureDto(r, today));
  }

  async measure(m: EntityManager, groupId: number, id: number, today: string, lock = false): Promise<MeasureDto | null> {
    const rows: MeasureDbRow[] = await m.query(
      `SELECT ${MEASURE_COLUMNS} FROM group_measures WHERE id = ? AND group_id = ?${lock ? ' FOR UPDATE' : ''}`,
      [id, groupId],
    );
    return rows[0] ? measureDto(rows[0], today) : null;
  }

  async insertMeasure(
    m: EntityManager,
    x: {
      groupId: number;
      title: string;
      detail: string | null;
      owner: string;
      startDate: string;
      dueDate: string | null;
      userId: number;
      now: Date;
    },
  ): Promise<number> {
    const result: { insertId: number } = await m.query(
      'INSERT INTO group_measures (group_id, title, detail, owner, start_date, due_date, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [x.groupId, x.title, x.detail, x.owner, x.startDate, x.dueDate, x.userId, x.now, x.now],
    );
    return Number(result.insertId);
  }

  updateMeasure(m: EntityManager, id: number, version: number, changes: ColumnChanges<MeasureColumns>, now: Date): Promise<boolean> {
    return updateIfVersion(m, 'group_measures', id, version, changes, now);
  }

  async firmInCities(id: number, cityCodes: string[]): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM enterprises WHERE id = ? AND CONCAT(LEFT(region_code, 4), '00') IN (?)`, [
      id,
      cityCodes,
    ]);
    return rows.length > 0;
  }

  async projectInCities(id: number, cityCodes: string[]): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM projects WHERE id = ? AND city_code IN (?)', [id, cityCodes]);
    return rows.length > 0;
  }

  async insertVisit(x: {
    groupId: number;
    enterpriseId: number | null;
    projectId: number | null;
    visitDate: string;
    form: string;
    participants: string | null;
    notes: string | null;
    problemsFound: boolean;
    userId: number;
    now: Date;
  }): Promise<number> {
    const result: { insertId: number } = await this.db.query(
      `INSERT INTO group_visits (group_id, enterprise_id, project_id, visit_date, form, participants, notes, problems_found, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [x.groupId, x.enterpriseId, x.projectId, x.visitDate, x.form, x.participants, x.notes, x.problemsFound ? 1 : 0, x.userId, x.now],
    );
    return Number(result.insertId);
  }

  async visits(groupId: number): Promise<GroupVisitDto[]> {
    const rows: Array<{
      id: number;
      group_id: number;
      enterprise_id: number | null;
      enterprise_name: string | null;
      project_id: number | null;
      project_name: string | null;
      visit_date: string;
      form: GroupVisitDto['form'];
      participants: string | null;
      notes: string | null;
      problems_found: number;
      created_by: number;
      created_by_name: string;
      created_at: Date;
    }> = await this.db.query(
      `SELECT v.id, v.group_id, v.enterprise_id, e.name AS enterprise_name, v.project_id, p.name AS project_name,
              DATE_FORMAT(v.visit_date, '%Y-%m-%d') AS visit_date, v.form, v.participants, v.notes, v.problems_found, v.created_by,
              u.display_name AS created_by_name, v.created_at
         FROM group_visits v LEFT JOIN enterprises e ON e.id = v.enterprise_id LEFT JOIN projects p ON p.id = v.project_id
         JOIN users u ON u.id = v.created_by
        WHERE v.group_id = ? ORDER BY v.visit_date DESC, v.id DESC`,
      [groupId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      groupId: Number(r.group_id),
      enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id),
      enterpriseName: r.enterprise_name ?? null,
      projectId: r.project_id === null ? null : Number(r.project_id),
      projectName: r.project_name ?? null,
      visitDate: String(r.visit_date),
      form: r.form,
      participants: r.participants ?? null,
      notes: r.notes ?? null,
      problemsFound: Number(r.problems_found) === 1,
      createdBy: Number(r.created_by),
      createdByName: String(r.created_by_name),
      createdAt: new Date(r.created_at),
    }));
  }

  /**
   * The dashboard figures of many groups at once (the province view): one grouped query per
   * source, each joined to the groups' cities, so 21 groups cost the same handful of statements.
   */
  async figures(
    groupIds: number[],
    now: Date,
    today: string,
  ): Promise<Map<number, Omit<WorkingGroupFiguresDto, 'groupId' | 'name' | 'leaderName' | 'cities'>>> {
    const result = new Map<number, Omit<WorkingGroupFiguresDto, 'groupId' | 'name' | 'leaderName' | 'cities'>>();
    for (const id of groupIds) {
      result.set(id, {
        openAppeals: 0,
        overdueAppeals: 0,
        closedAppeals: 0,
        closedOff: 0,
        awaitingCloseOff: 0,
        projects: 0,
        projectsWithOverdueMilestones: 0,
        measures: 0,
        measuresDone: 0,
        measuresOverdue: 0,
        visits: 0,
        lastVisit: null,
      });
    }
    if (!groupIds.length) return result;
    const appeals: Array<Record<string, number>> = await this.db.query(
      `SELECT c.group_id, SUM(a.is_open) AS open_appeals, SUM(a.is_open = 1 AND a.warning_light = 'red') AS overdue_appeals,
              SUM(a.status = 'closed') AS closed_appeals, SUM(gc.appeal_id IS NOT NULL) AS closed_off,
              SUM(a.status = 'closed' AND gc.appeal_id IS NULL) AS awaiting_close_off
         FROM working_group_cities c JOIN appeals a ON a.city_code = c.city_code
         LEFT JOIN group_ledger_closures gc ON gc.group_id = c.group_id AND gc.appeal_id = a.id
        WHERE c.group_id IN (?) GROUP BY c.group_id`,
      [groupIds],
    );
    for (const r of appeals) {
      Object.assign(result.get(Number(r.group_id)) ?? {}, {
        openAppeals: Number(r.open_appeals ?? 0),
        overdueAppeals: Number(r.overdue_appeals ?? 0),
        closedAppeals: Number(r.closed_appeals ?? 0),
        closedOff: Number(r.closed_off ?? 0),
        awaitingCloseOff: Number(r.awaiting_close_off ?? 0),
      });
    }
    const projects: Array<Record<string, number>> = await this.db.query(
      `SELECT c.group_id, COUNT(*) AS projects,
              SUM(EXISTS (SELECT 1 FROM project_milestones m WHERE m.project_id = p.id AND m.done_at IS NULL AND m.due_at < ?)) AS overdue
         FROM working_group_cities c JOIN projects p ON p.city_code = c.city_code WHERE c.group_id IN (?) GROUP BY c.group_id`,
      [now, groupIds],
    );
    for (const r of projects)
      Object.assign(result.get(Number(r.group_id)) ?? {}, {
        projects: Number(r.projects),
        projectsWithOverdueMilestones: Number(r.overdue ?? 0),
      });
    const measures: Array<Record<string, number>> = await this.db.query(
      `SELECT group_id, COUNT(*) AS measures, SUM(status = 'done') AS done,
              SUM(due_date < ? AND status IN ('planned', 'in_progress')) AS overdue
         FROM group_measures WHERE group_id IN (?) GROUP BY group_id`,
      [today, groupIds],
    );
    for (const r of measures)
      Object.assign(result.get(Number(r.group_id)) ?? {}, {
        measures: Number(r.measures),
        measuresDone: Number(r.done ?? 0),
        measuresOverdue: Number(r.overdue ?? 0),
      });
    const visits: Array<{ group_id: number; visits: number; last_visit: string | null }> = await this.db.query(
      `SELECT group_id, COUNT(*) AS visits, DATE_FORMAT(MAX(visit_date), '%Y-%m-%d') AS last_visit FROM group_visits WHERE group_id IN (?) GROUP BY group_id`,
      [groupIds],
    );
    for (const r of visits) Object.assign(result.get(Number(r.group_id)) ?? {}, { visits: Number(r.visits), lastVisit: r.last_visit });
    return result;
  }
}
