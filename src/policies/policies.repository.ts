import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import type { RegionLevel } from '../common/auth/role';
import { type ColumnChanges, columnsSet, updateWithVersion } from '../common/database/versioned-update';
import { subtreePrefix } from '../common/scope/region-reach';
import { parseStoredRules, type PolicyRules } from './domain/policy-rules';
import type { ObtainMode, PolicyStatus } from './domain/policy-vocabulary';
import type { SqlCondition } from './domain/rules-sql';
import type { ListPoliciesQuery, PolicyDto, PreviewDto } from './dto/policy.dto';
import { policyVisibleCondition } from './policy-visibility';
import { escapeLike } from '../common/database/like-pattern';
import { SqlConditions } from '../common/database/sql-conditions';

export interface PolicyValues {
  title: string;
  issuingBody: string;
  documentNumber: string | null;
  regionCode: string;
  level: RegionLevel;
  validFrom: string;
  validUntil: string | null;
  summary: string;
  fullText: string | null;
  attachmentUrl: string | null;
  departmentId: number;
  obtainMode: ObtainMode;
  rules: PolicyRules;
}

/** The policies columns (keys are the column names: a wrong one is a compile error). */
interface PolicyColumns {
  title: string;
  issuing_body: string;
  document_number: string | null;
  region_code: string;
  level: RegionLevel;
  valid_from: string;
  valid_until: string | null;
  summary: string;
  full_text: string | null;
  attachment_url: string | null;
  department_id: number;
  obtain_mode: ObtainMode;
  status: PolicyStatus;
  /** The rule set as JSON text (parseStoredRules reads it back). */
  rules: string;
  created_by: number;
  published_at: Date | null;
  withdrawn_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A policy as SELECT reads it: the row, its region and department names, its dates as text, its eligible firms. */
interface PolicyDbRow extends PolicyColumns {
  id: number;
  region_name: string;
  department_name: string;
  valid_from_text: string;
  valid_until_text: string | null;
  eligible_firms: number;
}

const SELECT = `
  SELECT p.*, r.name AS region_name, d.name AS department_name,
         DATE_FORMAT(p.valid_from, '%Y-%m-%d') AS valid_from_text, DATE_FORMAT(p.valid_until, '%Y-%m-%d') AS valid_until_text,
         (SELECT COUNT(*) FROM policy_firms pf WHERE pf.policy_id = p.id AND pf.eligible = 1) AS eligible_firms
    FROM policies p
    JOIN regions r ON r.code = p.region_code
    JOIN departments d ON d.id = p.department_id`;

function toPolicyDto(r: PolicyDbRow): PolicyDto {
  return {
    id: Number(r.id),
    title: String(r.title),
    issuingBody: String(r.issuing_body),
    documentNumber: r.document_number ?? null,
    regionCode: String(r.region_code),
    regionName: String(r.region_name),
    level: r.level,
    validFrom: String(r.valid_from_text),
    validUntil: r.valid_until_text ?? null,
    summary: String(r.summary),
    fullText: r.full_text ?? null,
    attachmentUrl: r.attachment_url ?? null,
    departmentId: Number(r.department_id),
    departmentName: String(r.department_name),
    obtainMode: r.obtain_mode,
    status: r.status,
    rules: parseStoredRules(String(r.rules)),
    publishedAt: r.published_at ?? null,
    withdrawnAt: r.withdrawn_at ?? null,
    eligibleFirms: Number(r.eligible_firms),
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}


/** The columns of the given values (undefined ones stay undefined: columns left as they are). */
function columnsOf(v: Partial<PolicyValues>): ColumnChanges<PolicyColumns> {
  return {
    title: v.title,
    issuing_body: v.issuingBody,
    document_number: v.documentNumber,
    region_code: v.regionCode,
    level: v.level,
    valid_from: v.validFrom,
    valid_until: v.validUntil,
    summary: v.summary,
    full_text: v.fullText,
    attachment_url: v.attachmentUrl,
    department_id: v.departmentId,
    obtain_mode: v.obtainMode,
    rules: v.rules === undefined ? undefined : JSON.stringify(v.rules),
  };
}

@Injectable()
export class PoliciesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async insert(values: PolicyValues, createdBy: number, now: Date): Promise<number> {
    const columns: ColumnChanges<PolicyColumns> = { ...columnsOf(values), created_by: createdBy, status: 'draft', version: 1, created_at: now, updated_at: now };
    const names = columnsSet(columns);
    const result: { insertId: number } = await this.dataSource.query(
      `INSERT INTO policies (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      names.map((n) => columns[n]),
    );
    return Number(result.insertId);
  }

  /** Any policy by id, whoever asks (callers check who may see it). */
  async findById(manager: EntityManager, id: number, lock = false): Promise<PolicyDto | null> {
    const rows: PolicyDbRow[] = await manager.query(`${SELECT} WHERE p.id = ?${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toPolicyDto(rows[0]) : null;
  }

  async findVisible(user: AuthUser, id: number): Promise<PolicyDto | null> {
    const visible = policyVisibleCondition('p', user);
    const rows: PolicyDbRow[] = await this.dataSource.query(`${SELECT} WHERE p.id = ? AND ${visible.sql}`, [id, ...visible.params]);
    return rows[0] ? toPolicyDto(rows[0]) : null;
  }

  async listVisible(user: AuthUser, query: ListPoliciesQuery): Promise<[PolicyDto[], number]> {
    const where = new SqlConditions(policyVisibleCondition('p', user));
    if (query.status) where.add('p.status = ?', query.status);
    if (query.regionCode) where.add('p.region_code LIKE ?', `${subtreePrefix(query.regionCode)}%`);
    if (query.q) where.add('(p.title LIKE ? OR p.document_number LIKE ?)', `%${escapeLike(query.q)}%`, `%${escapeLike(query.q)}%`);
    const sql = where.sql;
    const params = where.params;
    const [rows, count]: [PolicyDbRow[], Array<{ total: number }>] = await Promise.all([
      this.dataSource.query(`${SELECT} WHERE ${sql} ORDER BY p.status = 'draft' DESC, p.published_at DESC, p.id DESC LIMIT ? OFFSET ?`, [
        ...params,
        query.pageSize,
        (query.page - 1) * query.pageSize,
      ]),
      this.dataSource.query(`SELECT COUNT(*) AS total FROM policies p WHERE ${sql}`, params),
    ]);
    return [rows.map(toPolicyDto), Number(count[0].total)];
  }

  /** updateWithVersion stamps updated_at itself. */
  updateDraft(manager: EntityManager, id: number, version: number, values: Partial<PolicyValues>): Promise<void> {
    return updateWithVersion<PolicyColumns>(manager, 'policies', id, version, columnsOf(values), 'Policy', () => this.currentState(manager, id));
  }

  setStatus(manager: EntityManager, id: number, version: number, status: PolicyStatus, now: Date): Promise<void> {
    const stamp = status === 'published' ? { published_at: now } : status === 'withdrawn' ? { withdrawn_at: now } : {};
    return updateWithVersion<PolicyColumns>(manager, 'policies', id, version, { status, ...stamp }, 'Policy', () => this.currentState(manager, id));
  }

  private async currentState(manager: EntityManager, id: number): Promise<{ version: number; status: PolicyStatus } | null> {
    const rows: Array<Pick<PolicyColumns, 'version' | 'status'>> = await manager.query('SELECT version, status FROM policies WHERE id = ?', [id]);
    return rows[0] ? { version: Number(rows[0].version), status: rows[0].status } : null;
  }

  /** How many and which active firms a compiled rule set admits now (the firms table only, nothing written). */
  async preview(condition: SqlCondition, limit: number): Promise<PreviewDto> {
    const [count, byCity, firms]: [
      Array<{ total: number }>,
      Array<{ code: string; name: string; firms: number }>,
      Array<{ id: number; name: string; credit_code: string; region_code: string; region_name: string }>,
    ] = await Promise.all([
      this.dataSource.query(`SELECT COUNT(*) AS total FROM enterprises e WHERE ${condition.sql}`, condition.params),
      this.dataSource.query(
        `SELECT c.code, c.name, t.firms
           FROM (SELECT CONCAT(LEFT(e.region_code, 4), '00') AS city_code, COUNT(*) AS firms FROM enterprises e WHERE ${condition.sql} GROUP BY city_code) t
           JOIN regions c ON c.code = t.city_code
          ORDER BY c.code`,
        condition.params,
      ),
      limit === 0
        ? Promise.resolve([])
        : this.dataSource.query(
            `SELECT e.id, e.name, e.credit_code, e.region_code, r.name AS region_name
               FROM enterprises e JOIN regions r ON r.code = e.region_code
              WHERE ${condition.sql} ORDER BY e.region_code, e.id LIMIT ?`,
            [...condition.params, limit],
          ),
    ]);
    return {
      matching: Number(count[0].total),
      byCity: byCity.map((r) => ({ regionCode: String(r.code), regionName: String(r.name), firms: Number(r.firms) })),
      firms: firms.map((r) => ({
        id: Number(r.id),
        name: String(r.name),
        creditCode: String(r.credit_code),
        regionCode: String(r.region_code),
        regionName: String(r.region_name),
      })),
    };
  }

  async departmentRegion(departmentId: number): Promise<{ regionCode: string; active: boolean } | null> {
    const rows: Array<{ region_code: string; active: number }> = await this.dataSource.query('SELECT region_code, active FROM departments WHERE id = ?', [departmentId]);
    return rows[0] ? { regionCode: rows[0].region_code, active: Number(rows[0].active) === 1 } : null;
  }

  /** The listed codes that are not regions (rules naming a region that does not exist). */
  async unknownRegions(codes: string[]): Promise<string[]> {
    if (!codes.length) return [];
    const rows: Array<{ code: string }> = await this.dataSource.query('SELECT code FROM regions WHERE code IN (?)', [codes]);
    const known = new Set(rows.map((r) => r.code));
    return codes.filter((c) => !known.has(c));
  }
}
