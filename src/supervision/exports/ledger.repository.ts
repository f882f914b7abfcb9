import type { AppealRow } from '../../appeals/appeal-row';
import type { DeadlineBasis } from '../../sla/domain/deadline-basis';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { reachCondition } from '../../common/scope/sql-reach';
import { customPeriod } from '../domain';
import type { LedgerQueryDto } from './dto/export-query.dto';
import { likeContaining } from '../../common/database/like-pattern';
import { addAppealFilters } from '../../appeals/appeal-filters';
import { SqlConditions } from '../../common/database/sql-conditions';

export interface LedgerRow {
  id: number;
  number: string;
  enterpriseName: string;
  creditCode: string;
  regionCode: string;
  regionName: string;
  cityName: string;
  categoryName: string;
  title: string;
  leadDepartmentName: string | null;
  coDepartmentNames: string[];
  officerName: string | null;
  submittedAt: Date;
  acceptedAt: Date | null;
  resolutionDueAt: Date | null;
  resolutionDueBasis: DeadlineBasis;
  resolvedAt: Date | null;
  status: string;
  closureType: string | null;
  /** Set when the appeal was closed as a duplicate (重复) of this one. */
  duplicateOfNumber: string | null;
  solved: string | null;
  satisfaction: string | null;
  /** A supervisor ruled the (unsatisfied) rating unreasonable (不合理差评): not in the satisfaction rate. */
  ratingRuledUnreasonable: boolean;
  supervisionLevel: string;
  urgency: string;
  warningLight: string;
}

/** A ledger line as batches() selects it: the appeal's columns and the names joined to them. */
type LedgerDbRow = Pick<
  AppealRow,
  | 'id'
  | 'number'
  | 'region_code'
  | 'title'
  | 'submitted_at'
  | 'accepted_at'
  | 'resolution_due_at'
  | 'resolution_due_basis'
  | 'resolved_at'
  | 'status'
  | 'closure_type'
  | 'solved'
  | 'satisfaction'
  | 'rating_ruled_at'
  | 'supervision_level'
  | 'urgency'
  | 'warning_light'
> & {
  enterprise_name: string;
  credit_code: string;
  region_name: string;
  city_name: string | null;
  category_name: string;
  department_name: string | null;
  officer_name: string | null;
  duplicate_of_number: string | null;
};

export const LEDGER_BATCH_SIZE = 2000;

/**
 * The problem ledger, read in keyset batches (id > last, by id) so an export of any size holds
 * one batch in memory and every batch is an index range on the primary key.
 */
@Injectable()
export class LedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async *batches(user: AuthUser, query: LedgerQueryDto, batchSize = LEDGER_BATCH_SIZE): AsyncGenerator<LedgerRow[]> {
    const filter = this.filter(user, query);
    let lastId = 0;
    for (;;) {
      const rows: LedgerDbRow[] = await this.db.query(
        `SELECT a.id, a.number, e.name AS enterprise_name, e.credit_code, a.region_code, r.name AS region_name,
                rc.name AS city_name, c.name AS category_name, a.title, d.name AS department_name,
                u.display_name AS officer_name, a.submitted_at, a.accepted_at, a.resolution_due_at, a.resolution_due_basis, a.resolved_at,
                a.status, a.closure_type, dup.number AS duplicate_of_number, a.solved, a.satisfaction, a.rating_ruled_at, a.supervision_level, a.urgency,
                a.warning_light
           FROM appeals a
           JOIN enterprises e ON e.id = a.enterprise_id
           JOIN regions r ON r.code = a.region_code
           LEFT JOIN regions rc ON rc.code = a.city_code
           JOIN appeal_categories c ON c.id = a.category_id
           LEFT JOIN departments d ON d.id = a.lead_department_id
           LEFT JOIN users u ON u.id = a.officer_id
           LEFT JOIN appeals dup ON dup.id = a.duplicate_of_id
          WHERE a.id > ? AND ${filter.sql}
          ORDER BY a.id
          LIMIT ?`,
        [lastId, ...filter.params, batchSize],
      );
      if (rows.length === 0) return;
      lastId = Number(rows[rows.length - 1].id);
      const co = await this.coDepartments(rows.map((r) => Number(r.id)));
      yield rows.map((r) => toLedgerRow(r, co.get(Number(r.id)) ?? []));
      if (rows.length < batchSize) return;
    }
  }

  private async coDepartments(appealIds: number[]): Promise<Map<number, string[]>> {
    const rows: Array<{ appeal_id: number; name: string }> = await this.db.query(
      `SELECT cd.appeal_id, d.name FROM appeal_co_departments cd JOIN departments d ON d.id = cd.department_id
        WHERE cd.appeal_id IN (${appealIds.map(() => '?').join(',')}) ORDER BY cd.appeal_id, d.id`,
      appealIds,
    );
    const byAppeal = new Map<number, string[]>();
    for (const row of rows) {
      const list = byAppeal.get(Number(row.appeal_id)) ?? [];
      list.push(row.name);
      byAppeal.set(Number(row.appeal_id), list);
    }
    return byAppeal;
  }

  /** The appeal list's filters with the same meaning (addAppealFilters), plus the ledger's own text and dates. */
  private filter(user: AuthUser, query: LedgerQueryDto): { sql: string; params: unknown[] } {
    const where = addAppealFilters(new SqlConditions(reachCondition('a.region_code', user)), query);
    if (query.q) where.add('(a.number LIKE ? OR a.title LIKE ?)', likeContaining(query.q), likeContaining(query.q));
    if (query.submittedFrom) where.add('a.submitted_at >= ?', customPeriod(query.submittedFrom, query.submittedFrom).startsAt);
    if (query.submittedTo) where.add('a.submitted_at < ?', customPeriod(query.submittedTo, query.submittedTo).endsAt);
    return { sql: where.sql, params: where.params };
  }
}

function toLedgerRow(r: LedgerDbRow, coDepartmentNames: string[]): LedgerRow {
  const text = (v: string | null) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(r.id),
    number: String(r.number),
    enterpriseName: String(r.enterprise_name),
    creditCode: String(r.credit_code),
    regionCode: String(r.region_code),
    regionName: String(r.region_name),
    cityName: text(r.city_name) ?? '',
    categoryName: String(r.category_name),
    title: String(r.title),
    leadDepartmentName: text(r.department_name),
    coDepartmentNames,
    officerName: text(r.officer_name),
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at ?? null,
    resolutionDueAt: r.resolution_due_at ?? null,
    resolutionDueBasis: r.resolution_due_basis,
    resolvedAt: r.resolved_at ?? null,
    status: String(r.status),
    closureType: text(r.closure_type),
    duplicateOfNumber: text(r.duplicate_of_number),
    solved: text(r.solved),
    satisfaction: text(r.satisfaction),
    ratingRuledUnreasonable: r.rating_ruled_at !== null && r.rating_ruled_at !== undefined,
    supervisionLevel: String(r.supervision_level),
    urgency: String(r.urgency),
    warningLight: String(r.warning_light),
  };
}
