import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { type ColumnChanges, updateIfVersion } from '../common/database/versioned-update';
import { subtreePrefix } from '../common/scope/region-reach';
import { type FirmSummaryDbRow, firmSummaryOf } from '../enterprises/enterprise-row';
import { enterpriseVisibleCondition, NO_PLANNER_REACH, type PlannerReach, visitVisibleCondition } from '../enterprises/enterprise-scope';
import type { AppealStatus } from '../appeals/domain';
import { ACTIVE_PLAN_STATUSES, BUDGET_STATUSES, type VisitConfirmation, type VisitStatus } from './domain/visit-state';
import type { VisitUnit } from './domain/visit-planning';
import type { ListVisitsQuery, VisitAppealDto, VisitForm } from './dto/visit.dto';
import { SqlConditions } from '../common/database/sql-conditions';

export interface FirmForVisit {
  id: number;
  name: string;
  regionCode: string;
  active: boolean;
  officerId: number | null;
}

/** A visit row as stored (the service adds units, clashes, appeals and the caller's actions). */
export interface VisitRow {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  officerId: number;
  officerName: string;
  regionCode: string;
  status: VisitStatus;
  visitDate: string;
  proposedDate: string | null;
  form: VisitForm;
  purpose: string | null;
  participants: string | null;
  notes: string | null;
  problemsFound: boolean;
  firmNote: string | null;
  groupId: number | null;
  unit: VisitUnit;
  mergedIntoId: number | null;
  confirmation: VisitConfirmation | null;
  overBudget: boolean;
  loggedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** A plan still on, as a clash check needs it. */
export interface ActivePlan {
  id: number;
  enterpriseId: number;
  unit: VisitUnit;
  visitDate: string;
  status: VisitStatus;
  version: number;
}

export interface VisitInsert {
  enterpriseId: number;
  officerId: number;
  groupId: number | null;
  unit: VisitUnit;
  regionCode: string;
  status: 'planned' | 'done';
  visitDate: string;
  form: VisitForm;
  purpose: string | null;
  participants: string | null;
  notes: string | null;
  problemsFound: boolean;
  confirmation: VisitConfirmation | null;
  overBudget: boolean;
  at: Date;
}

/** The visits columns a step may change (keys are the column names: a wrong one is a compile error). */
export interface VisitColumns {
  status: VisitStatus;
  visit_date: string;
  proposed_date: string | null;
  firm_note: string | null;
  confirmation: VisitConfirmation | null;
  merged_into_id: number;
  form: VisitForm;
  participants: string | null;
  notes: string | null;
  problems_found: 0 | 1;
  over_budget: 0 | 1;
  logged_at: Date;
}

/** A visit as SELECT_VISIT reads it (dates formatted to 'YYYY-MM-DD' by the SQL). */
interface VisitDbRow {
  id: number;
  enterprise_id: number;
  enterprise_name: string;
  officer_id: number;
  officer_name: string;
  region_code: string;
  status: VisitStatus;
  visit_date: string;
  proposed_date: string | null;
  form: VisitForm;
  purpose: string | null;
  participants: string | null;
  notes: string | null;
  problems_found: number;
  firm_note: string | null;
  group_id: number | null;
  unit_key: string;
  unit_name: string;
  merged_into_id: number | null;
  confirmation: VisitConfirmation | null;
  over_budget: number;
  logged_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS = `v.id, v.enterprise_id, e.name AS enterprise_name, v.officer_id, u.display_name AS officer_name, v.region_code, v.status,
         DATE_FORMAT(v.visit_date, '%Y-%m-%d') AS visit_date, DATE_FORMAT(v.proposed_date, '%Y-%m-%d') AS proposed_date, v.form, v.purpose,
         v.participants, v.notes, v.problems_found, v.firm_note, v.group_id, v.unit_key, v.unit_name, v.merged_into_id, v.confirmation,
         v.over_budget, v.logged_at, v.created_at, v.updated_at, v.version`;
const SELECT_VISIT = `SELECT ${COLUMNS} FROM visits v JOIN enterprises e ON e.id = v.enterprise_id JOIN users u ON u.id = v.officer_id`;

const text = (value: string | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

function toRow(r: VisitDbRow): VisitRow {
  return {
    id: Number(r.id),
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
    officerId: Number(r.officer_id),
    officerName: String(r.officer_name),
    regionCode: String(r.region_code),
    status: r.status,
    visitDate: String(r.visit_date),
    proposedDate: text(r.proposed_date),
    form: r.form,
    purpose: text(r.purpose),
    participants: text(r.participants),
    notes: text(r.notes),
    problemsFound: Number(r.problems_found) === 1,
    firmNote: text(r.firm_note),
    groupId: r.group_id === null ? null : Number(r.group_id),
    unit: { key: String(r.unit_key), name: String(r.unit_name) },
    mergedIntoId: r.merged_into_id === null ? null : Number(r.merged_into_id),
    confirmation: r.confirmation ?? null,
    overBudget: Number(r.over_budget) === 1,
    loggedAt: r.logged_at ?? null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: Number(r.version),
  };
}

const ACTIVE = ACTIVE_PLAN_STATUSES.map((s) => `'${s}'`).join(', ');
const BUDGETED = BUDGET_STATUSES.map((s) => `'${s}'`).join(', ');

@Injectable()
export class VisitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Who sees which visit is the firm-visibility rule's (enterprise-scope.ts); what the caller
   * planned beyond their own visits is read first: their groups, then the joint visits any visit of
   * theirs (or their groups') was merged into — both small indexed reads.
   */
  private async visitScope(user: AuthUser): Promise<{ sql: string; params: unknown[] }> {
    if (user.role === 'enterprise') return visitVisibleCondition('v', user);
    return visitVisibleCondition('v', user, await this.plannerReach(user.id));
  }

  async plannerReach(userId: number): Promise<PlannerReach> {
    const groups: Array<{ group_id: number }> = await this.dataSource.query(
      'SELECT group_id FROM working_group_members WHERE user_id = ?',
      [userId],
    );
    const groupIds = groups.map((g) => Number(g.group_id));
    const joint: Array<{ id: number }> = await this.dataSource.query(
      `SELECT DISTINCT merged_into_id AS id FROM visits WHERE merged_into_id IS NOT NULL
          AND (officer_id = ?${groupIds.length ? ' OR group_id IN (?)' : ''})`,
      groupIds.length ? [userId, groupIds] : [userId],
    );
    if (!groupIds.length && !joint.length) return NO_PLANNER_REACH;
    return { groupIds, jointVisitIds: joint.map((j) => Number(j.id)) };
  }

  async findVisibleFirm(user: AuthUser, enterpriseId: number): Promise<FirmForVisit | null> {
    const scope = enterpriseVisibleCondition('e', user);
    const [r]: FirmSummaryDbRow[] = await this.dataSource.query(
      `SELECT e.id, e.name, e.region_code, e.active, e.officer_id FROM enterprises e WHERE e.id = ? AND ${scope.sql}`,
      [enterpriseId, ...scope.params],
    );
    return r ? firmSummaryOf(r) : null;
  }

  /** The id of the firm with this credit code (the console's group planning names the firm by it); null when none. */
  async firmIdByCreditCode(creditCode: string): Promise<number | null> {
    const [r]: Array<{ id: number }> = await this.dataSource.query('SELECT id FROM enterprises WHERE credit_code = ?', [creditCode]);
    return r ? Number(r.id) : null;
  }

  /** A firm by id, for a working group's planning (the group's cities are checked by the caller). */
  async findFirm(enterpriseId: number): Promise<FirmForVisit | null> {
    const [r]: FirmSummaryDbRow[] = await this.dataSource.query(
      'SELECT e.id, e.name, e.region_code, e.active, e.officer_id FROM enterprises e WHERE e.id = ?',
      [enterpriseId],
    );
    return r ? firmSummaryOf(r) : null;
  }

  /** The officer's region and its name, for their visiting unit (their liaison office). */
  async officerFacts(userId: number): Promise<{ regionCode: string; regionName: string }> {
    const [r]: Array<{ region_code: string; region_name: string }> = await this.dataSource.query(
      'SELECT u.region_code, r.name AS region_name FROM users u JOIN regions r ON r.code = u.region_code WHERE u.id = ?',
      [userId],
    );
    return { regionCode: String(r.region_code), regionName: String(r.region_name) };
  }

  /** The group, when the user is its member and it takes the city of `regionCode`; null otherwise. */
  async groupPlanningFor(userId: number, groupId: number, regionCode: string): Promise<{ id: number; name: string } | null> {
    const [r]: Array<{ id: number; name: string }> = await this.dataSource.query(
      `SELECT g.id, g.name FROM working_groups g
         JOIN working_group_members m ON m.group_id = g.id AND m.user_id = ?
         JOIN working_group_cities c ON c.group_id = g.id AND c.city_code = CONCAT(LEFT(?, 4), '00')
        WHERE g.id = ?`,
      [userId, regionCode, groupId],
    );
    return r ? { id: Number(r.id), name: String(r.name) } : null;
  }

  async isGroupMember(userId: number, groupId: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM working_group_members WHERE group_id = ? AND user_id = ?', [
      groupId,
      userId,
    ]);
    return rows.length > 0;
  }

  /** The firm's visits of a month that count against its budget (planned or made), this one left out. */
  async countForBudget(m: EntityManager, enterpriseId: number, from: string, to: string, excludeId: number | null): Promise<number> {
    const [r]: Array<{ n: number }> = await m.query(
      `SELECT COUNT(*) AS n FROM visits WHERE enterprise_id = ? AND status IN (${BUDGETED}) AND visit_date BETWEEN ? AND ? AND id <> ?`,
      [enterpriseId, from, to, excludeId ?? 0],
    );
    return Number(r.n);
  }

  /** Plans still on for these firms between two days (the weeks a clash check looks at). */
  async activePlans(m: EntityManager | null, enterpriseIds: readonly number[], from: string, to: string): Promise<ActivePlan[]> {
    if (!enterpriseIds.length) return [];
    const rows: Array<Pick<VisitDbRow, 'id' | 'enterprise_id' | 'unit_key' | 'unit_name' | 'visit_date' | 'status' | 'version'>> = await (
      m ?? this.dataSource.manager
    ).query(
      `SELECT id, enterprise_id, unit_key, unit_name, DATE_FORMAT(visit_date, '%Y-%m-%d') AS visit_date, status, version
         FROM visits WHERE enterprise_id IN (?) AND status IN (${ACTIVE}) AND visit_date BETWEEN ? AND ?`,
      [enterpriseIds, from, to],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      enterpriseId: Number(r.enterprise_id),
      unit: { key: String(r.unit_key), name: String(r.unit_name) },
      visitDate: String(r.visit_date),
      status: r.status,
      version: Number(r.version),
    }));
  }

  /** Locks the firm's row for the caller's transaction: its plans are then decided one at a time (the monthly budget). */
  async lockFirm(m: EntityManager, enterpriseId: number): Promise<void> {
    await m.query('SELECT id FROM enterprises WHERE id = ? FOR UPDATE', [enterpriseId]);
  }

  async insert(m: EntityManager, v: VisitInsert): Promise<number> {
    const result: { insertId: number } = await m.query(
      `INSERT INTO visits (enterprise_id, officer_id, group_id, unit_key, unit_name, region_code, status, visit_date, form, purpose, participants,
                           notes, problems_found, confirmation, logged_at, over_budget, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        v.enterpriseId,
        v.officerId,
        v.groupId,
        v.unit.key,
        v.unit.name.slice(0, 120),
        v.regionCode,
        v.status,
        v.visitDate,
        v.form,
        v.purpose,
        v.participants,
        v.notes,
        v.problemsFound ? 1 : 0,
        v.confirmation,
        v.status === 'done' ? v.at : null,
        v.overBudget ? 1 : 0,
        v.at,
        v.at,
      ],
    );
    return Number(result.insertId);
  }

  /** Whether the caller may see the visit (the scope rule), without locking. */
  async isVisible(user: AuthUser, id: number): Promise<boolean> {
    const scope = await this.visitScope(user);
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM visits v WHERE v.id = ? AND ${scope.sql}`, [id, ...scope.params]);
    return rows.length > 0;
  }

  /** The visit row, locked for the rest of the transaction (visibility was checked before). */
  async lock(m: EntityManager, id: number): Promise<VisitRow | null> {
    await m.query('SELECT id FROM visits WHERE id = ? FOR UPDATE', [id]);
    const [row]: VisitDbRow[] = await m.query(`${SELECT_VISIT} WHERE v.id = ?`, [id]);
    return row ? toRow(row) : null;
  }

  /** Applies a step if the version is still the one read: false when someone else changed it first. */
  updateVersioned(m: EntityManager, id: number, version: number, changes: ColumnChanges<VisitColumns>, at: Date): Promise<boolean> {
    return updateIfVersion(m, 'visits', id, version, changes, at);
  }

  async findVisible(user: AuthUser, id: number): Promise<VisitRow | null> {
    const scope = await this.visitScope(user);
    const [row]: VisitDbRow[] = await this.dataSource.query(`${SELECT_VISIT} WHERE v.id = ? AND ${scope.sql}`, [
      id,
      ...scope.params,
    ]);
    return row ? toRow(row) : null;
  }

  async listVisible(user: AuthUser, query: ListVisitsQuery): Promise<[VisitRow[], number]> {
    const where = new SqlConditions(await this.visitScope(user));
    if (query.enterpriseId) where.add('v.enterprise_id = ?', query.enterpriseId);
    if (query.officerId) where.add('v.officer_id = ?', query.officerId);
    if (query.appealId) where.add('v.id IN (SELECT va.visit_id FROM visit_appeals va WHERE va.appeal_id = ?)', query.appealId);
    if (query.regionCode) where.add('v.region_code LIKE ?', `${subtreePrefix(query.regionCode)}%`);
    if (query.from) where.add('v.visit_date >= ?', query.from);
    if (query.to) where.add('v.visit_date <= ?', query.to);
    if (query.form) where.add('v.form = ?', query.form);
    if (query.status) where.add('v.status = ?', query.status);
    if (query.active !== undefined) where.add(query.active ? `v.status IN (${ACTIVE})` : `v.status NOT IN (${ACTIVE})`);
    if (query.problemsFound !== undefined) where.add('v.problems_found = ?', query.problemsFound ? 1 : 0);
    const condition = where.sql;
    const params = where.params;
    const rows: VisitDbRow[] = await this.dataSource.query(
      `${SELECT_VISIT} WHERE ${condition} ORDER BY v.visit_date DESC, v.id DESC LIMIT ? OFFSET ?`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const [count]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM visits v WHERE ${condition}`,
      params,
    );
    return [rows.map(toRow), Number(count.n)];
  }

  /** The units of the visits merged into each of these (joint visits), in one read. */
  async mergedUnits(ids: readonly number[]): Promise<Map<number, VisitUnit[]>> {
    const byVisit = new Map<number, VisitUnit[]>();
    if (!ids.length) return byVisit;
    const rows: Array<{ merged_into_id: number; unit_key: string; unit_name: string }> = await this.dataSource.query(
      'SELECT merged_into_id, unit_key, unit_name FROM visits WHERE merged_into_id IN (?) ORDER BY id',
      [ids],
    );
    for (const r of rows) {
      const list = byVisit.get(Number(r.merged_into_id)) ?? [];
      list.push({ key: String(r.unit_key), name: String(r.unit_name) });
      byVisit.set(Number(r.merged_into_id), list);
    }
    return byVisit;
  }

  /** Each visit's appeals (raised from it), in one indexed read for the page. */
  async appealsOf(ids: readonly number[]): Promise<Map<number, VisitAppealDto[]>> {
    const byVisit = new Map<number, VisitAppealDto[]>();
    if (!ids.length) return byVisit;
    const rows: Array<{ visit_id: number; id: number; number: string; title: string; status: AppealStatus }> = await this.dataSource.query(
      `SELECT va.visit_id, a.id, a.number, a.title, a.status FROM visit_appeals va JOIN appeals a ON a.id = va.appeal_id
        WHERE va.visit_id IN (?) ORDER BY a.id`,
      [ids],
    );
    for (const r of rows) {
      const list = byVisit.get(Number(r.visit_id)) ?? [];
      list.push({ id: Number(r.id), number: String(r.number), title: String(r.title), status: r.status });
      byVisit.set(Number(r.visit_id), list);
    }
    return byVisit;
  }
}
