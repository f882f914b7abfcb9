import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface PoolFilter {
  /** Code prefix of the region's subtree ('' for everything). */
  regionPrefix: string;
  startsAt: Date;
  endsAt: Date;
  categoryId?: number;
}

export interface PoolClusterRow {
  clusterKey: number;
  appeals: number;
  firms: number;
  counties: number;
  departments: number;
  firstAppealId: number;
  firstSubmittedAt: Date;
  lastSubmittedAt: Date;
}

export interface PoolAppealRow {
  id: number;
  number: string;
  title: string;
  status: string;
  enterpriseId: number;
  enterpriseName: string;
  regionCode: string;
  regionName: string;
  leadDepartmentId: number | null;
  leadDepartmentName: string | null;
  submittedAt: Date;
}

/** The pool's reads: one GROUP BY over the period's appeals in the region (ix_appeals_submitted, then the members' primary key). */
@Injectable()
export class ProblemPoolRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every cluster of the period with appeals of at least two firms in the region, ranked. */
  async clusters(filter: PoolFilter): Promise<PoolClusterRow[]> {
    const { sql, params } = where(filter);
    const rows: Array<{
      cluster_key: number;
      appeals: number;
      firms: number;
      counties: number;
      departments: number;
      first_appeal_id: number;
      first_at: Date;
      last_at: Date;
    }> = await this.db.query(
      `SELECT m.cluster_key, COUNT(*) AS appeals, COUNT(DISTINCT a.enterprise_id) AS firms,
              COUNT(DISTINCT a.region_code) AS counties, COUNT(DISTINCT a.lead_department_id) AS departments,
              MIN(a.id) AS first_appeal_id, MIN(a.submitted_at) AS first_at, MAX(a.submitted_at) AS last_at
         FROM appeals a JOIN problem_cluster_members m ON m.appeal_id = a.id
        WHERE ${sql}
        GROUP BY m.cluster_key
       HAVING firms >= 2
        ORDER BY appeals DESC, firms DESC, counties DESC, departments DESC, m.cluster_key`,
      params,
    );
    return rows.map((r) => ({
      clusterKey: Number(r.cluster_key),
      appeals: Number(r.appeals),
      firms: Number(r.firms),
      counties: Number(r.counties),
      departments: Number(r.departments),
      firstAppealId: Number(r.first_appeal_id),
      firstSubmittedAt: r.first_at,
      lastSubmittedAt: r.last_at,
    }));
  }

  async numbersAndTitles(ids: readonly number[]): Promise<Map<number, { number: string; title: string }>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: number; number: string; title: string }> = await this.db.query(
      `SELECT id, number, title FROM appeals WHERE id IN (${ids.map(() => '?').join(',')})`,
      [...ids],
    );
    return new Map(rows.map((r) => [Number(r.id), { number: r.number, title: r.title }]));
  }

  /** The cluster's appeals of the period in the region, oldest first. */
  async appealsOf(clusterKey: number, filter: PoolFilter, limit: number): Promise<PoolAppealRow[]> {
    const { sql, params } = where(filter);
    const rows: Array<{
      id: number;
      number: string;
      title: string;
      status: string;
      enterprise_id: number;
      enterprise_name: string;
      region_code: string;
      region_name: string;
      lead_department_id: number | null;
      department_name: string | null;
      submitted_at: Date;
    }> = await this.db.query(
      `SELECT a.id, a.number, a.title, a.status, a.enterprise_id, e.name AS enterprise_name, a.region_code, r.name AS region_name,
              a.lead_department_id, d.name AS department_name, a.submitted_at
         FROM problem_cluster_members m
         JOIN appeals a ON a.id = m.appeal_id
         JOIN enterprises e ON e.id = a.enterprise_id
         JOIN regions r ON r.code = a.region_code
         LEFT JOIN departments d ON d.id = a.lead_department_id
        WHERE m.cluster_key = ? AND ${sql}
        ORDER BY a.submitted_at, a.id
        LIMIT ?`,
      [clusterKey, ...params, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      number: String(r.number),
      title: String(r.title),
      status: String(r.status),
      enterpriseId: Number(r.enterprise_id),
      enterpriseName: String(r.enterprise_name),
      regionCode: String(r.region_code),
      regionName: String(r.region_name),
      leadDepartmentId: r.lead_department_id === null ? null : Number(r.lead_department_id),
      leadDepartmentName: r.department_name === null ? null : String(r.department_name),
      submittedAt: r.submitted_at,
    }));
  }
}

function where(filter: PoolFilter): { sql: string; params: unknown[] } {
  const parts = ['a.submitted_at >= ?', 'a.submitted_at < ?'];
  const params: unknown[] = [filter.startsAt, filter.endsAt];
  if (filter.regionPrefix) {
    parts.push('a.region_code LIKE ?');
    params.push(`${filter.regionPrefix}%`);
  }
  if (filter.categoryId !== undefined) {
    parts.push('a.category_id = ?');
    params.push(filter.categoryId);
  }
  return { sql: parts.join(' AND '), params };
}
