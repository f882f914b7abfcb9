import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { type JsonObject, parseJsonColumn } from '../../common/database/json-column';
import { type ColumnChanges, updateIfVersion } from '../../common/database/versioned-update';
import type { CommonProblemState, ProblemEventAction, ProblemPeriodKind } from './domain/common-problem-rules';
import { SqlConditions } from '../../common/database/sql-conditions';

/** Who sees which problems: a region's subtree (supervisors, admins with ''), or the problems a department leads (handlers). */
export type ProblemVisibility = { kind: 'reach'; prefix: string } | { kind: 'department'; departmentId: number };

export interface ProblemRow {
  id: number;
  title: string;
  description: string | null;
  regionCode: string;
  regionName: string;
  periodKind: ProblemPeriodKind;
  periodKey: string;
  sourceClusterKey: number | null;
  leadDepartmentId: number | null;
  leadDepartmentName: string | null;
  state: CommonProblemState;
  answerText: string | null;
  answerPolicyId: number | null;
  answerPolicyTitle: string | null;
  answeredAt: Date | null;
  answeredBy: number | null;
  answeredByName: string | null;
  closedAt: Date | null;
  topicKind: ProblemPeriodKind | null;
  topicKey: string | null;
  createdBy: number;
  createdByName: string;
  createdAt: Date;
  version: number;
  linkedAppeals: number;
}

export interface NewProblem {
  title: string;
  description: string | null;
  regionCode: string;
  periodKind: ProblemPeriodKind;
  periodKey: string;
  periodFrom: string;
  periodTo: string;
  sourceClusterKey: number | null;
  leadDepartmentId: number | null;
  createdBy: number;
  createdAt: Date;
}

export interface ProblemEventRow {
  id: number;
  action: ProblemEventAction;
  actorId: number;
  actorName: string;
  at: Date;
  details: JsonObject;
}

/** The common_problems columns a change may write (keys are the column names: a wrong one is a compile error). */
export interface ProblemColumns {
  state: CommonProblemState;
  lead_department_id: number;
  answer_text: string | null;
  answer_policy_id: number | null;
  answered_at: Date | null;
  answered_by: number | null;
  closed_at: Date | null;
  closed_by: number | null;
  topic_kind: ProblemPeriodKind | null;
  topic_key: string | null;
  topic_from: string | null;
  topic_to: string | null;
}

/** A problem as SELECT_PROBLEM reads it, with its names and its count of linked appeals. */
interface ProblemDbRow {
  id: number;
  title: string;
  description: string | null;
  region_code: string;
  region_name: string;
  period_kind: ProblemPeriodKind;
  period_key: string;
  source_cluster_key: number | null;
  lead_department_id: number | null;
  lead_department_name: string | null;
  state: CommonProblemState;
  answer_text: string | null;
  answer_policy_id: number | null;
  answer_policy_title: string | null;
  answered_at: Date | null;
  answered_by: number | null;
  answered_by_name: string | null;
  closed_at: Date | null;
  topic_kind: ProblemPeriodKind | null;
  topic_key: string | null;
  created_by: number;
  created_by_name: string;
  created_at: Date;
  version: number;
  linked_appeals: number;
}

export interface LinkedAppealRow {
  id: number;
  number: string;
  title: string;
  status: string;
  enterpriseName: string;
  regionCode: string;
  regionName: string;
  leadDepartmentName: string | null;
  submittedAt: Date;
  linkedAt: Date;
}

export interface ProblemListFilter {
  state?: CommonProblemState;
  /** Problems whose own period starts within [from, to] (local dates). */
  periodFrom?: string;
  periodTo?: string;
  /** A region's subtree within the visibility. */
  regionPrefix?: string;
  topic?: boolean;
  /** Problems that are the topic of a period starting within [from, to]. */
  topicFrom?: string;
  topicTo?: string;
}

/** For the assessment notice: one period's named problems of a region, as it prints them. */
export interface PeriodProblemRow {
  id: number;
  title: string;
  leadDepartmentName: string | null;
  state: CommonProblemState;
  linkedAppeals: number;
  isTopic: boolean;
}

const SELECT_PROBLEM = `
  SELECT p.id, p.title, p.description, p.region_code, r.name AS region_name, p.period_kind, p.period_key,
         p.source_cluster_key, p.lead_department_id, d.name AS lead_department_name, p.state, p.answer_text,
         p.answer_policy_id, pol.title AS answer_policy_title, p.answered_at, p.answered_by, ua.display_name AS answered_by_name,
         p.closed_at, p.topic_kind, p.topic_key, p.created_by, uc.display_name AS created_by_name, p.created_at, p.version,
         (SELECT COUNT(*) FROM common_problem_appeals l WHERE l.problem_id = p.id) AS linked_appeals
    FROM common_problems p
    JOIN regions r ON r.code = p.region_code
    JOIN users uc ON uc.id = p.created_by
    LEFT JOIN departments d ON d.id = p.lead_department_id
    LEFT JOIN policies pol ON pol.id = p.answer_policy_id
    LEFT JOIN users ua ON ua.id = p.answered_by`;

/** The SQL of named common problems: the problems, their linked appeals, their timeline. */
@Injectable()
export class CommonProblemsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(m: EntityManager, problem: NewProblem): Promise<number> {
    const result: { insertId: number } = await m.query(
      `INSERT INTO common_problems (title, description, region_code, period_kind, period_key, period_from, period_to,
                                    source_cluster_key, lead_department_id, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        problem.title,
        problem.description,
        problem.regionCode,
        problem.periodKind,
        problem.periodKey,
        problem.periodFrom,
        problem.periodTo,
        problem.sourceClusterKey,
        problem.leadDepartmentId,
        problem.createdBy,
        problem.createdAt,
        problem.createdAt,
      ],
    );
    return Number(result.insertId);
  }

  /** The problem's row locked for a change, when the caller sees it (else null: 404). */
  async lockVisible(m: EntityManager, id: number, visibility: ProblemVisibility): Promise<{ version: number; regionCode: string } | null> {
    const { sql, params } = visible(visibility);
    const rows: Array<{ version: number; region_code: string }> = await m.query(
      `SELECT p.version, p.region_code FROM common_problems p WHERE p.id = ? AND ${sql} FOR UPDATE`,
      [id, ...params],
    );
    return rows[0] ? { version: Number(rows[0].version), regionCode: String(rows[0].region_code) } : null;
  }

  /**
   * Applies `changes` when the row still has `expectedVersion`; false when someone else changed it
   * first (the caller holds the row lock, so this only fails on a version read before the lock).
   */
  updateVersioned(m: EntityManager, id: number, expectedVersion: number, changes: ColumnChanges<ProblemColumns>, now: Date): Promise<boolean> {
    return updateIfVersion(m, 'common_problems', id, expectedVersion, changes, now);
  }

  async find(id: number, visibility: ProblemVisibility, m: EntityManager = this.db.manager): Promise<ProblemRow | null> {
    const { sql, params } = visible(visibility);
    const rows: ProblemDbRow[] = await m.query(`${SELECT_PROBLEM} WHERE p.id = ? AND ${sql}`, [id, ...params]);
    return rows[0] ? problemOf(rows[0]) : null;
  }

  async list(visibility: ProblemVisibility, filter: ProblemListFilter, page: { offset: number; limit: number }): Promise<{ rows: ProblemRow[]; total: number }> {
    const { sql, params } = listWhere(visibility, filter);
    const [count]: Array<{ n: number }> = await this.db.query(`SELECT COUNT(*) AS n FROM common_problems p WHERE ${sql}`, params);
    const rows: ProblemDbRow[] = await this.db.query(`${SELECT_PROBLEM} WHERE ${sql} ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?`, [
      ...params,
      page.limit,
      page.offset,
    ]);
    return { rows: rows.map(problemOf), total: Number(count.n) };
  }

  /** Every problem matching, no paging (exports and topics of a period; both bounded by a period and region). */
  async all(visibility: ProblemVisibility, filter: ProblemListFilter, limit = 5000): Promise<ProblemRow[]> {
    const { sql, params } = listWhere(visibility, filter);
    const rows: ProblemDbRow[] = await this.db.query(`${SELECT_PROBLEM} WHERE ${sql} ORDER BY p.created_at, p.id LIMIT ?`, [...params, limit]);
    return rows.map(problemOf);
  }

  async linkedIds(m: EntityManager, problemId: number): Promise<number[]> {
    const rows: Array<{ appeal_id: number }> = await m.query('SELECT appeal_id FROM common_problem_appeals WHERE problem_id = ? ORDER BY appeal_id', [problemId]);
    return rows.map((r) => Number(r.appeal_id));
  }

  async link(m: EntityManager, problemId: number, appealIds: readonly number[], by: number, at: Date): Promise<void> {
    if (appealIds.length === 0) return;
    await m.query(
      `INSERT INTO common_problem_appeals (problem_id, appeal_id, linked_by, linked_at) VALUES ${appealIds.map(() => '(?, ?, ?, ?)').join(', ')}`,
      appealIds.flatMap((id) => [problemId, id, by, at]),
    );
  }

  async unlink(m: EntityManager, problemId: number, appealIds: readonly number[]): Promise<void> {
    if (appealIds.length === 0) return;
    await m.query(`DELETE FROM common_problem_appeals WHERE problem_id = ? AND appeal_id IN (${appealIds.map(() => '?').join(',')})`, [problemId, ...appealIds]);
  }

  async addEvent(m: EntityManager, problemId: number, action: ProblemEventAction, actorId: number, at: Date, details: JsonObject): Promise<void> {
    await m.query('INSERT INTO common_problem_events (problem_id, action, actor_id, at, details) VALUES (?, ?, ?, ?, ?)', [
      problemId,
      action,
      actorId,
      at,
      JSON.stringify(details),
    ]);
  }

  async events(problemId: number): Promise<ProblemEventRow[]> {
    const rows: Array<{ id: number; action: ProblemEventAction; actor_id: number; actor_name: string; at: Date; details: unknown }> = await this.db.query(
      `SELECT e.id, e.action, e.actor_id, u.display_name AS actor_name, e.at, e.details
         FROM common_problem_events e JOIN users u ON u.id = e.actor_id
        WHERE e.problem_id = ? ORDER BY e.id`,
      [problemId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      action: r.action,
      actorId: Number(r.actor_id),
      actorName: String(r.actor_name),
      at: r.at,
      details: parseJsonColumn<JsonObject>(r.details),
    }));
  }

  async linkedAppeals(problemId: number, limit = 1000): Promise<LinkedAppealRow[]> {
    return (await this.linkedAppealsOf([problemId], limit)).get(problemId) ?? [];
  }

  /**
   * The linked appeals of several problems in one statement (the export's second sheet), the
   * oldest `limit` of each: numbered per problem in SQL, so a problem with many appeals never
   * crowds out the others.
   */
  async linkedAppealsOf(problemIds: readonly number[], limit = 1000): Promise<Map<number, LinkedAppealRow[]>> {
    const byProblem = new Map<number, LinkedAppealRow[]>();
    if (problemIds.length === 0) return byProblem;
    const rows: Array<{
      problem_id: number;
      id: number;
      number: string;
      title: string;
      status: string;
      enterprise_name: string;
      region_code: string;
      region_name: string;
      department_name: string | null;
      submitted_at: Date;
      linked_at: Date;
    }> = await this.db.query(
      `SELECT * FROM (
         SELECT l.problem_id, a.id, a.number, a.title, a.status, e.name AS enterprise_name, a.region_code, r.name AS region_name,
                d.name AS department_name, a.submitted_at, l.linked_at,
                ROW_NUMBER() OVER (PARTITION BY l.problem_id ORDER BY a.submitted_at, a.id) AS n
           FROM common_problem_appeals l
           JOIN appeals a ON a.id = l.appeal_id
           JOIN enterprises e ON e.id = a.enterprise_id
           JOIN regions r ON r.code = a.region_code
           LEFT JOIN departments d ON d.id = a.lead_department_id
          WHERE l.problem_id IN (?)
       ) ranked
       WHERE n <= ?
       ORDER BY problem_id, n`,
      [problemIds, limit],
    );
    for (const r of rows) {
      const list = byProblem.get(Number(r.problem_id)) ?? [];
      list.push({
        id: Number(r.id),
        number: String(r.number),
        title: String(r.title),
        status: String(r.status),
        enterpriseName: String(r.enterprise_name),
        regionCode: String(r.region_code),
        regionName: String(r.region_name),
        leadDepartmentName: r.department_name === null ? null : String(r.department_name),
        submittedAt: r.submitted_at,
        linkedAt: r.linked_at,
      });
      byProblem.set(Number(r.problem_id), list);
    }
    return byProblem;
  }

  /** Of the given appeals, those in the region subtree `prefix` ('' = everywhere), with their region. */
  async appealsIn(m: EntityManager, ids: readonly number[], prefix: string): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: number; region_code: string }> = await m.query(
      `SELECT id, region_code FROM appeals WHERE id IN (${ids.map(() => '?').join(',')}) AND region_code LIKE ?`,
      [...ids, `${prefix}%`],
    );
    return new Map(rows.map((r) => [Number(r.id), String(r.region_code)]));
  }

  async department(id: number): Promise<{ id: number; name: string; regionCode: string; active: boolean } | null> {
    const [row]: Array<{ id: number; name: string; region_code: string; active: number }> = await this.db.query(
      'SELECT id, name, region_code, active FROM departments WHERE id = ?',
      [id],
    );
    return row ? { id: Number(row.id), name: String(row.name), regionCode: String(row.region_code), active: Number(row.active) === 1 } : null;
  }

  /** Active departments of a region subtree ('' = all), by region then name: the lead department's choices. */
  async departmentsIn(prefix: string, limit = 1000): Promise<Array<{ id: number; name: string; regionName: string }>> {
    const rows: Array<{ id: number; name: string; region_name: string }> = await this.db.query(
      `SELECT d.id, d.name, r.name AS region_name FROM departments d JOIN regions r ON r.code = d.region_code
        WHERE d.active = 1 AND d.region_code LIKE ? ORDER BY d.region_code, d.name LIMIT ?`,
      [`${prefix}%`, limit],
    );
    return rows.map((r) => ({ id: Number(r.id), name: String(r.name), regionName: String(r.region_name) }));
  }

  /** Appeal ids by their readable numbers, within a region subtree; numbers not found are left out. */
  async appealIdsByNumber(numbers: readonly string[], prefix: string): Promise<Map<string, number>> {
    if (numbers.length === 0) return new Map();
    const rows: Array<{ id: number; number: string }> = await this.db.query(
      `SELECT id, number FROM appeals WHERE number IN (${numbers.map(() => '?').join(',')}) AND region_code LIKE ?`,
      [...numbers, `${prefix}%`],
    );
    return new Map(rows.map((r) => [String(r.number), Number(r.id)]));
  }

  async policyTitle(id: number): Promise<string | null> {
    const [row]: Array<{ title: string }> = await this.db.query('SELECT title FROM policies WHERE id = ?', [id]);
    return row ? String(row.title) : null;
  }

  /**
   * New appeals of the problem's class submitted in [from, to) within the region subtree: those
   * linked to it, and those the pool clusters with a linked appeal (the class as the clustering
   * sees it). Appeals closed as duplicates (重复) are the same firm asking again, not new: left out.
   */
  async classCount(problemId: number, regionPrefix: string, from: Date, to: Date): Promise<number> {
    const [row]: Array<{ n: number }> = await this.db.query(
      `SELECT COUNT(*) AS n FROM appeals a
        WHERE a.submitted_at >= ? AND a.submitted_at < ? AND a.region_code LIKE ? AND a.duplicate_of_id IS NULL
          AND (a.id IN (SELECT l.appeal_id FROM common_problem_appeals l WHERE l.problem_id = ?)
               OR a.id IN (SELECT m.appeal_id FROM problem_cluster_members m
                            WHERE m.cluster_key IN (SELECT c.cluster_key FROM common_problem_appeals l2
                                                      JOIN problem_cluster_members c ON c.appeal_id = l2.appeal_id
                                                     WHERE l2.problem_id = ?)))`,
      [from, to, `${regionPrefix}%`, problemId, problemId],
    );
    return Number(row.n);
  }

  /**
   * One period's named common problems of a region and below (the notice's "common problems of
   * the period"): named for a period starting within it, or chosen as a topic of one.
   */
  async listForPeriod(regionPrefix: string, fromDate: string, toDate: string): Promise<PeriodProblemRow[]> {
    const rows: Array<{
      id: number;
      title: string;
      lead_department_name: string | null;
      state: CommonProblemState;
      linked_appeals: number;
      is_topic: number;
    }> = await this.db.query(
      `SELECT p.id, p.title, d.name AS lead_department_name, p.state,
              (SELECT COUNT(*) FROM common_problem_appeals l WHERE l.problem_id = p.id) AS linked_appeals,
              (p.topic_from IS NOT NULL AND p.topic_from BETWEEN ? AND ?) AS is_topic
         FROM common_problems p LEFT JOIN departments d ON d.id = p.lead_department_id
        WHERE p.region_code LIKE ? AND (p.period_from BETWEEN ? AND ? OR p.topic_from BETWEEN ? AND ?)
        ORDER BY is_topic DESC, linked_appeals DESC, p.id`,
      [fromDate, toDate, `${regionPrefix}%`, fromDate, toDate, fromDate, toDate],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      title: String(r.title),
      leadDepartmentName: r.lead_department_name === null ? null : String(r.lead_department_name),
      state: r.state,
      linkedAppeals: Number(r.linked_appeals),
      isTopic: Number(r.is_topic) === 1,
    }));
  }
}

function visible(visibility: ProblemVisibility): { sql: string; params: unknown[] } {
  if (visibility.kind === 'department') return { sql: 'p.lead_department_id = ?', params: [visibility.departmentId] };
  return visibility.prefix === '' ? { sql: '1=1', params: [] } : { sql: 'p.region_code LIKE ?', params: [`${visibility.prefix}%`] };
}

function listWhere(visibility: ProblemVisibility, filter: ProblemListFilter): { sql: string; params: unknown[] } {
  const where = new SqlConditions(visible(visibility));
  if (filter.state) where.add('p.state = ?', filter.state);
  if (filter.periodFrom && filter.periodTo) where.add('p.period_from BETWEEN ? AND ?', filter.periodFrom, filter.periodTo);
  if (filter.regionPrefix) where.add('p.region_code LIKE ?', `${filter.regionPrefix}%`);
  if (filter.topic !== undefined) where.add(filter.topic ? 'p.topic_key IS NOT NULL' : 'p.topic_key IS NULL');
  if (filter.topicFrom && filter.topicTo) where.add('p.topic_from BETWEEN ? AND ?', filter.topicFrom, filter.topicTo);
  return { sql: where.sql, params: where.params };
}

function problemOf(r: ProblemDbRow): ProblemRow {
  const n = (v: number | null) => (v === null || v === undefined ? null : Number(v));
  const s = (v: string | null) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(r.id),
    title: String(r.title),
    description: s(r.description),
    regionCode: String(r.region_code),
    regionName: String(r.region_name),
    periodKind: r.period_kind,
    periodKey: String(r.period_key),
    sourceClusterKey: n(r.source_cluster_key),
    leadDepartmentId: n(r.lead_department_id),
    leadDepartmentName: s(r.lead_department_name),
    state: r.state,
    answerText: s(r.answer_text),
    answerPolicyId: n(r.answer_policy_id),
    answerPolicyTitle: s(r.answer_policy_title),
    answeredAt: r.answered_at ?? null,
    answeredBy: n(r.answered_by),
    answeredByName: s(r.answered_by_name),
    closedAt: r.closed_at ?? null,
    topicKind: r.topic_kind ?? null,
    topicKey: s(r.topic_key),
    createdBy: Number(r.created_by),
    createdByName: String(r.created_by_name),
    createdAt: r.created_at,
    version: Number(r.version),
    linkedAppeals: Number(r.linked_appeals),
  };
}
