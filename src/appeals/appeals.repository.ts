import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { appealReadCondition } from './appeal-access';
import { addAppealFilters } from './appeal-filters';
import { appealColumns } from './appeal-columns';
import type { AppealChanges } from './changes/appeal-changes';
import { AppealListRow, AppealRow } from './appeal-row';
import { ListAppealsQuery } from './dto/appeal-read.dto';
import { likeContaining, likeStartingWith } from '../common/database/like-pattern';
import { searchTermOf, tokensOf } from '../common-problems/domain';
import { SqlConditions } from '../common/database/sql-conditions';

const LIST_SELECT = `
  SELECT a.*, e.name AS enterprise_name, e.credit_code AS enterprise_credit_code, c.name AS category_name,
         d.name AS lead_department_name
    FROM appeals a
    JOIN enterprises e ON e.id = a.enterprise_id
    JOIN appeal_categories c ON c.id = a.category_id
    LEFT JOIN departments d ON d.id = a.lead_department_id`;

/**
 * An officer's open caseload by deadline (the caseload's default, and its hottest query): the
 * officer's (officer_id, is_open, current_due_at) index range read in its own order, the page
 * joined to its firm, category and department afterwards (STRAIGHT_JOIN keeps `appeals` first).
 * Pinned because the optimizer's estimate goes wrong under skew: with one officer holding
 * 20,000 open appeals it was seen to start from `enterprises` and filesort.
 */
const OFFICER_QUEUE_INDEX = 'ix_appeals_officer_open_due';
const OFFICER_QUEUE_SELECT = LIST_SELECT.replace('SELECT a.*', 'SELECT STRAIGHT_JOIN a.*').replace(
  'FROM appeals a',
  `FROM appeals a FORCE INDEX (${OFFICER_QUEUE_INDEX})`,
);

const SORTS: Record<string, string> = {
  // Open appeals with the nearest deadline first; finished ones (no deadline) last.
  due: 'a.current_due_at IS NULL, a.current_due_at ASC, a.id ASC',
  submitted: 'a.submitted_at ASC, a.id ASC',
  '-submitted': 'a.submitted_at DESC, a.id DESC',
  '-updated': 'a.updated_at DESC, a.id DESC',
};

/**
 * One word of a list search: the appeal's number (prefix, on its unique index), the firm's credit
 * code (prefix, on its unique index) or name, or the words of the title and description through
 * the FULLTEXT index of `appeal_texts` (#16): the word is segmented like the appeal texts were
 * (src/common-problems/domain), and every one of its words must be there, so "停电" finds "频繁停电"
 * and Traditional "停電" finds it too. A word with no searchable words (punctuation, stop words
 * such as 企业) falls back to the substring match of title and description. The firm side is a
 * subquery over `enterprises` (about 16,000 rows) so the count query needs no join.
 */
const TEXT_MATCH =
  'a.id IN (SELECT ft.appeal_id FROM appeal_texts ft WHERE MATCH (ft.search_text) AGAINST (? IN BOOLEAN MODE)) OR a.enterprise_id IN (SELECT se.id FROM enterprises se WHERE se.name LIKE ?)';
const SUBSTRING_MATCH = 'a.title LIKE ? OR a.description LIKE ? OR a.enterprise_id IN (SELECT se.id FROM enterprises se WHERE se.name LIKE ?)';
/** number and credit_code are ascii_bin: compared only with words that can be part of them (and that keeps their indexes usable). */
const CODE_MATCH = 'a.number LIKE ? OR a.enterprise_id IN (SELECT sc.id FROM enterprises sc WHERE sc.credit_code LIKE ?)';
const CODE_WORD = /^[0-9A-Za-z-]+$/;

function textCondition(word: string): { sql: string; params: unknown[] } {
  const containing = likeContaining(word);
  const terms = [...new Set(tokensOf(word).map(searchTermOf))];
  if (terms.length === 0) return { sql: SUBSTRING_MATCH, params: [containing, containing, containing] };
  return { sql: TEXT_MATCH, params: [terms.map((t) => `+${t}`).join(' '), containing] };
}

export function searchCondition(word: string): { sql: string; params: unknown[] } {
  const text = textCondition(word);
  if (!CODE_WORD.test(word)) return { sql: `(${text.sql})`, params: text.params };
  return { sql: `(${CODE_MATCH} OR ${text.sql})`, params: [likeStartingWith(word), likeStartingWith(word.toUpperCase()), ...text.params] };
}

/** Words separated by spaces must all match (at most five; a longer query is its first five words). */
export function searchWords(q: string): string[] {
  return q
    .split(/[\s\u3000]+/)
    .filter(Boolean)
    .slice(0, 5);
}

/** A new appeal's columns (the database fills in the rest: id, defaults). */
export type NewAppealRow = Partial<Omit<AppealRow, 'id'>>;

@Injectable()
export class AppealsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  /** Locks the appeal for the rest of the transaction; null when absent or outside the user's reach. */
  async lockReadable(manager: EntityManager, user: AuthUser, id: number): Promise<AppealRow | null> {
    const access = appealReadCondition(user);
    const rows: AppealRow[] = await manager.query(`SELECT a.* FROM appeals a WHERE a.id = ? AND ${access.sql} FOR UPDATE`, [
      id,
      ...access.params,
    ]);
    return rows[0] ?? null;
  }

  /**
   * The appeal a duplicate is linked to, as the actor may read it, share-locked so that it cannot
   * itself become a duplicate (or be withdrawn) while the link is written.
   */
  async findDuplicateOriginal(
    manager: EntityManager,
    user: AuthUser,
    id: number,
  ): Promise<Pick<AppealRow, 'id' | 'number' | 'enterprise_id' | 'status' | 'duplicate_of_id'> | null> {
    const access = appealReadCondition(user);
    const rows: Array<Pick<AppealRow, 'id' | 'number' | 'enterprise_id' | 'status' | 'duplicate_of_id'>> = await manager.query(
      `SELECT a.id, a.number, a.enterprise_id, a.status, a.duplicate_of_id FROM appeals a WHERE a.id = ? AND ${access.sql} LOCK IN SHARE MODE`,
      [id, ...access.params],
    );
    return rows[0] ?? null;
  }

  async numberOf(manager: EntityManager, id: number): Promise<string | null> {
    const rows: Array<{ number: string }> = await manager.query('SELECT number FROM appeals WHERE id = ?', [id]);
    return rows[0]?.number ?? null;
  }

  /** The appeal row under lock, for the system's own decisions (the sweep already narrowed what it works on). */
  /** The open appeals of these firms, locked for the rest of the transaction (an officer handover moves them). */
  async lockOpenOfFirms(
    manager: EntityManager,
    enterpriseIds: readonly number[],
  ): Promise<Array<Pick<AppealRow, 'id' | 'enterprise_id' | 'officer_id' | 'status'>>> {
    if (!enterpriseIds.length) return [];
    return manager.query('SELECT id, enterprise_id, officer_id, status FROM appeals WHERE enterprise_id IN (?) AND is_open = 1 FOR UPDATE', [
      enterpriseIds,
    ]);
  }

  /** Moves appeals to another liaison officer in one statement (no version bump: the firm's change, not the appeal's). */
  async setOfficer(manager: EntityManager, appealIds: readonly number[], officerId: number): Promise<void> {
    if (!appealIds.length) return;
    await manager.query('UPDATE appeals SET officer_id = ? WHERE id IN (?)', [officerId, appealIds]);
  }

  async lockForSystem(manager: EntityManager, id: number): Promise<AppealRow | null> {
    const rows: AppealRow[] = await manager.query('SELECT a.* FROM appeals a WHERE a.id = ? FOR UPDATE', [id]);
    return rows[0] ?? null;
  }

  /**
   * Region and level of a readable appeal, read before an action's transaction to check the
   * departments it names. The transaction re-reads the row under lock; a level raised in between
   * fails the state machine or the version check there.
   */
  async regionAndLevelForCheck(user: AuthUser, id: number): Promise<Pick<AppealRow, 'region_code' | 'level'> | null> {
    const access = appealReadCondition(user);
    const rows: Array<Pick<AppealRow, 'region_code' | 'level'>> = await this.db.query(
      `SELECT a.region_code, a.level FROM appeals a WHERE a.id = ? AND ${access.sql}`,
      [id, ...access.params],
    );
    return rows[0] ?? null;
  }

  /** The appeal carrying another system's reference, whoever may read it (the reference is unique per source). */
  async findByExternalReference(
    manager: EntityManager,
    source: string,
    externalId: string,
  ): Promise<{ id: number; enterprise_id: number } | null> {
    const rows: Array<{ id: number; enterprise_id: number }> = await manager.query(
      'SELECT id, enterprise_id FROM appeals WHERE external_source = ? AND external_id = ?',
      [source, externalId],
    );
    return rows[0] ? { id: Number(rows[0].id), enterprise_id: Number(rows[0].enterprise_id) } : null;
  }

  async lockById(manager: EntityManager, id: number): Promise<AppealRow | null> {
    const rows: AppealRow[] = await manager.query('SELECT * FROM appeals WHERE id = ? FOR UPDATE', [id]);
    return rows[0] ?? null;
  }

  async findReadable(user: AuthUser, id: number, manager: EntityManager = this.db.manager): Promise<AppealListRow | null> {
    const access = appealReadCondition(user);
    const rows: AppealListRow[] = await manager.query(`${LIST_SELECT} WHERE a.id = ? AND ${access.sql}`, [id, ...access.params]);
    return rows[0] ?? null;
  }

  /** The co-handling departments, each with the task force (专班) that brought it in, if one did. */
  async coDepartments(
    manager: EntityManager,
    appealId: number,
  ): Promise<Array<{ id: number; name: string; taskForce: { id: number; name: string } | null }>> {
    const rows: Array<{ id: number; name: string; tf_id: number | null; tf_name: string | null }> = await manager.query(
      `SELECT d.id, d.name, tf.id AS tf_id, tf.name AS tf_name
         FROM appeal_co_departments cd JOIN departments d ON d.id = cd.department_id
         LEFT JOIN task_forces tf ON tf.id = cd.task_force_id
        WHERE cd.appeal_id = ? ORDER BY d.id`,
      [appealId],
    );
    return rows.map((r) => ({ id: Number(r.id), name: r.name, taskForce: r.tf_id === null ? null : { id: Number(r.tf_id), name: r.tf_name ?? '' } }));
  }

  /**
   * Sets the appeal's co-handling departments: those no longer named go, new ones come, those that
   * stay keep how they came. `viaTaskForce` names the departments this change brought in through a
   * task force (专班), recorded on their rows.
   */
  async replaceCoDepartments(
    manager: EntityManager,
    appealId: number,
    departmentIds: number[],
    viaTaskForce: { taskForceId: number; departmentIds: number[] } | null = null,
  ): Promise<void> {
    if (departmentIds.length) {
      await manager.query('DELETE FROM appeal_co_departments WHERE appeal_id = ? AND department_id NOT IN (?)', [appealId, departmentIds]);
      const source = (d: number) => (viaTaskForce?.departmentIds.includes(d) ? viaTaskForce.taskForceId : null);
      await manager.query(
        `INSERT INTO appeal_co_departments (appeal_id, department_id, task_force_id) VALUES ${departmentIds.map(() => '(?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE department_id = department_id`,
        departmentIds.flatMap((d) => [appealId, d, source(d)]),
      );
    } else {
      await manager.query('DELETE FROM appeal_co_departments WHERE appeal_id = ?', [appealId]);
    }
  }

  async pauses(
    manager: EntityManager,
    appealId: number,
  ): Promise<Array<{ started_at: Date; ended_at: Date | null; reason: string | null }>> {
    return manager.query('SELECT started_at, ended_at, reason FROM appeal_pauses WHERE appeal_id = ? ORDER BY id', [appealId]);
  }

  async openPause(manager: EntityManager, appealId: number, at: Date, reason: string | null): Promise<void> {
    await manager.query('INSERT INTO appeal_pauses (appeal_id, started_at, reason) VALUES (?, ?, ?)', [appealId, at, reason]);
  }

  async closePause(manager: EntityManager, appealId: number, at: Date): Promise<void> {
    await manager.query('UPDATE appeal_pauses SET ended_at = ? WHERE appeal_id = ? AND ended_at IS NULL', [at, appealId]);
  }

  /** Writes the changes only if nobody else changed the appeal since `version`. */
  async updateIfVersion(manager: EntityManager, id: number, version: number, changes: AppealChanges): Promise<boolean> {
    const values = appealColumns(changes);
    const columns = Object.keys(values);
    const assignments = [...columns.map((c) => `\`${c}\` = ?`), 'version = version + 1'];
    const result: { affectedRows: number } = await manager.query(
      `UPDATE appeals SET ${assignments.join(', ')} WHERE id = ? AND version = ?`,
      [...columns.map((c) => values[c]), id, version],
    );
    return result.affectedRows === 1;
  }

  async insert(manager: EntityManager, values: NewAppealRow): Promise<number> {
    const columns = Object.keys(values) as Array<keyof NewAppealRow>;
    const result: { insertId: number } = await manager.query(
      `INSERT INTO appeals (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      columns.map((c) => values[c]),
    );
    return Number(result.insertId);
  }

  async list(user: AuthUser, query: ListAppealsQuery, extra?: { sql: string; params: unknown[] }): Promise<[AppealListRow[], number]> {
    const where = new SqlConditions(appealReadCondition(user));
    if (extra) where.add(extra.sql, ...extra.params);
    addAppealFilters(where, query);
    if (query.handlerId) where.add('a.handler_id = ?', query.handlerId);
    if (query.pending === 'extension') where.add('a.pending_extension IS NOT NULL');
    if (query.pending === 'objection') where.add('a.pending_objection IS NOT NULL');
    if (query.pending === 'any') where.add('(a.pending_extension IS NOT NULL OR a.pending_objection IS NOT NULL)');
    if (query.q) {
      for (const word of searchWords(query.q)) {
        const condition = searchCondition(word);
        where.add(condition.sql, ...condition.params);
      }
    }
    if (query.submittedFrom) where.add('a.submitted_at >= ?', startOfDay(query.submittedFrom));
    if (query.submittedTo) where.add('a.submitted_at < ?', endOfDay(query.submittedTo));
    if (query.dueFrom) where.add('a.current_due_at >= ?', startOfDay(query.dueFrom));
    if (query.dueTo) where.add('a.current_due_at < ?', endOfDay(query.dueTo));
    const clause = where.sql;
    const params = where.params;
    // Open appeals always have a deadline, so their "due" order can walk the (…, is_open, current_due_at) indexes.
    const dueOpen = (query.sort ?? 'due') === 'due' && query.open === true;
    const order = dueOpen ? 'a.current_due_at ASC, a.id ASC' : SORTS[query.sort ?? 'due'];
    // An officer's own open queue (a machine client's reach is an OR, which that index cannot serve).
    const officerQueue = dueOpen && user.role === 'officer' && !user.client;
    const rows: AppealListRow[] = await this.db.query(
      `${officerQueue ? OFFICER_QUEUE_SELECT : LIST_SELECT} WHERE ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    // The total reads the categories only for a category filter (every appeal has its category):
    // an officer's is then a count of their index range alone, never of table rows.
    const countFrom = `appeals a${officerQueue ? ` FORCE INDEX (${OFFICER_QUEUE_INDEX})` : ''}${
      query.categoryId ? ' JOIN appeal_categories c ON c.id = a.category_id' : ''
    }`;
    const [{ total }] = await this.db.query(`SELECT COUNT(*) AS total FROM ${countFrom} WHERE ${clause}`, params);
    return [rows, Number(total)];
  }

  async attachments(manager: EntityManager, appealId: number) {
    const rows: Array<{
      id: number;
      file_name: string;
      content_type: string;
      size_bytes: number;
      sha256: string;
      uploaded_by: number;
      created_at: Date;
    }> = await manager.query(
      'SELECT id, file_name, content_type, size_bytes, sha256, uploaded_by, created_at FROM appeal_attachments WHERE appeal_id = ? ORDER BY id',
      [appealId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      fileName: String(r.file_name),
      contentType: String(r.content_type),
      sizeBytes: Number(r.size_bytes),
      sha256: String(r.sha256),
      uploadedBy: Number(r.uploaded_by),
      createdAt: r.created_at,
    }));
  }
}

/** Plain dates in filters are days in Asia/Shanghai; "to 2026-03-31" includes that whole day. */
function startOfDay(date: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00+08:00`) : new Date(date);
}

function endOfDay(date: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(startOfDay(date).getTime() + 24 * 3600 * 1000) : new Date(date);
}
