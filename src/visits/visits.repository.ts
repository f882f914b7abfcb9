import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { subtreePrefix } from '../common/scope/region-reach';
import { enterpriseVisibleCondition, visitVisibleCondition } from '../enterprises/enterprise-scope';
import type { AppealStatus } from '../appeals/domain';
import type { ListVisitsQuery, VisitAppealDto, VisitDto, VisitForm } from './dto/visit.dto';

export interface FirmForVisit {
  id: number;
  name: string;
  regionCode: string;
  active: boolean;
  officerId: number | null;
}

const SELECT_VISIT = `SELECT v.id, v.enterprise_id, e.name AS enterprise_name, v.officer_id, u.display_name AS officer_name, v.region_code,
         DATE_FORMAT(v.visit_date, '%Y-%m-%d') AS visit_date, v.form, v.participants, v.notes, v.problems_found, v.created_at
    FROM visits v JOIN enterprises e ON e.id = v.enterprise_id JOIN users u ON u.id = v.officer_id`;

function toVisit(r: Record<string, unknown>): VisitDto {
  return {
    id: Number(r.id),
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
    officerId: Number(r.officer_id),
    officerName: String(r.officer_name),
    regionCode: String(r.region_code),
    visitDate: String(r.visit_date),
    form: r.form as VisitForm,
    participants: (r.participants as string | null) ?? null,
    notes: (r.notes as string | null) ?? null,
    problemsFound: Number(r.problems_found) === 1,
    createdAt: r.created_at as Date,
    appeals: [],
  };
}

/** Who sees which visit is the firm-visibility rule's (enterprise-scope.ts). */
const visitScope = (user: AuthUser) => visitVisibleCondition('v', user);

@Injectable()
export class VisitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findVisibleFirm(user: AuthUser, enterpriseId: number): Promise<FirmForVisit | null> {
    const scope = enterpriseVisibleCondition('e', user);
    const [r]: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT e.id, e.name, e.region_code, e.active, e.officer_id FROM enterprises e WHERE e.id = ? AND ${scope.sql}`,
      [enterpriseId, ...scope.params],
    );
    if (!r) return null;
    return {
      id: Number(r.id),
      name: String(r.name),
      regionCode: String(r.region_code),
      active: Number(r.active) === 1,
      officerId: r.officer_id === null ? null : Number(r.officer_id),
    };
  }

  async insert(values: {
    enterpriseId: number;
    officerId: number;
    regionCode: string;
    visitDate: string;
    form: VisitForm;
    participants: string | null;
    notes: string | null;
    problemsFound: boolean;
    createdAt: Date;
  }): Promise<number> {
    const result: { insertId: number } = await this.dataSource.query(
      `INSERT INTO visits (enterprise_id, officer_id, region_code, visit_date, form, participants, notes, problems_found, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        values.enterpriseId,
        values.officerId,
        values.regionCode,
        values.visitDate,
        values.form,
        values.participants,
        values.notes,
        values.problemsFound ? 1 : 0,
        values.createdAt,
      ],
    );
    return Number(result.insertId);
  }

  async findVisible(user: AuthUser, id: number): Promise<VisitDto | null> {
    const scope = visitScope(user);
    const [row]: Array<Record<string, unknown>> = await this.dataSource.query(`${SELECT_VISIT} WHERE v.id = ? AND ${scope.sql}`, [
      id,
      ...scope.params,
    ]);
    return row ? (await this.withAppeals([toVisit(row)]))[0] : null;
  }

  async listVisible(user: AuthUser, query: ListVisitsQuery): Promise<[VisitDto[], number]> {
    const scope = visitScope(user);
    const where = [scope.sql];
    const params: unknown[] = [...scope.params];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (query.enterpriseId) add('v.enterprise_id = ?', query.enterpriseId);
    if (query.officerId) add('v.officer_id = ?', query.officerId);
    if (query.appealId) add('v.id IN (SELECT va.visit_id FROM visit_appeals va WHERE va.appeal_id = ?)', query.appealId);
    if (query.regionCode) add('v.region_code LIKE ?', `${subtreePrefix(query.regionCode)}%`);
    if (query.from) add('v.visit_date >= ?', query.from);
    if (query.to) add('v.visit_date <= ?', query.to);
    if (query.form) add('v.form = ?', query.form);
    if (query.problemsFound !== undefined) add('v.problems_found = ?', query.problemsFound ? 1 : 0);
    const condition = where.join(' AND ');
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `${SELECT_VISIT} WHERE ${condition} ORDER BY v.visit_date DESC, v.id DESC LIMIT ? OFFSET ?`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const [count]: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM visits v WHERE ${condition}`,
      params,
    );
    return [await this.withAppeals(rows.map(toVisit)), Number(count.n)];
  }

  /** Each visit's appeals (raised from it), in one indexed read for the page. */
  private async withAppeals(visits: VisitDto[]): Promise<VisitDto[]> {
    if (visits.length === 0) return visits;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT va.visit_id, a.id, a.number, a.title, a.status FROM visit_appeals va JOIN appeals a ON a.id = va.appeal_id
        WHERE va.visit_id IN (${visits.map(() => '?').join(', ')}) ORDER BY a.id`,
      visits.map((v) => v.id),
    );
    const byVisit = new Map(visits.map((v) => [v.id, v]));
    for (const r of rows) {
      const appeal: VisitAppealDto = { id: Number(r.id), number: String(r.number), title: String(r.title), status: r.status as AppealStatus };
      byVisit.get(Number(r.visit_id))?.appeals.push(appeal);
    }
    return visits;
  }
}
