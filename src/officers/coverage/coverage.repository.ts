import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RegionLevel } from '../../common/auth/role';
import type { Industry, Scale, Tag } from '../../enterprises/domain/enterprise-vocabulary';
import { type EnterpriseFieldsDbRow, tagsOfColumn } from '../../enterprises/enterprise-row';
import { countedVisitSql } from '../../visits/visit-sql';

export interface Period {
  from: string;
  to: string;
}

export interface GroupCounts {
  key: string;
  firms: number;
  firmsWithOfficer: number;
  firmsVisited: number;
}

export interface OfficerLoadRow {
  id: number;
  username: string;
  displayName: string;
  regionCode: string;
  active: boolean;
  firms: number;
  firmsVisited: number;
  visits: number;
}

export interface UnassignedFirmRow {
  id: number;
  creditCode: string;
  name: string;
  regionCode: string;
  regionName: string;
  industry: Industry;
  scale: Scale;
  tags: Tag[];
}

/**
 * "Visited" = at least one visit in the period that the firm confirmed (countedVisitSql: confirmed,
 * presumed from an accepted plan, or logged before #20), problems found or not; an index probe per firm.
 */
const VISITED = `EXISTS (SELECT 1 FROM visits v WHERE v.enterprise_id = e.id AND v.visit_date BETWEEN ? AND ? AND ${countedVisitSql('v')})`;

/**
 * Read-only coverage queries over a region subtree, given as its code prefix (the service has
 * already checked that the subtree lies in the caller's reach). Each is one GROUP BY statement.
 */
@Injectable()
export class CoverageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async countByGroup(prefix: string, level: RegionLevel, period: Period): Promise<GroupCounts[]> {
    const key = level === 'province' ? "CONCAT(LEFT(e.region_code, 4), '00')" : 'e.region_code';
    const rows: Array<{ grp: string; firms: number; with_officer: number | null; visited: number | null }> = await this.dataSource.query(
      `SELECT ${key} AS grp, COUNT(*) AS firms, SUM(e.officer_id IS NOT NULL) AS with_officer, SUM(${VISITED}) AS visited
         FROM enterprises e
        WHERE e.active = 1 AND e.region_code LIKE ?
        GROUP BY grp`,
      [period.from, period.to, `${prefix}%`],
    );
    return rows.map((r) => ({
      key: String(r.grp),
      firms: Number(r.firms),
      firmsWithOfficer: Number(r.with_officer ?? 0),
      firmsVisited: Number(r.visited ?? 0),
    }));
  }

  async countVisits(prefix: string, period: Period): Promise<{ visits: number; withProblems: number }> {
    const [row]: Array<{ visits: number; with_problems: number }> = await this.dataSource.query(
      `SELECT COUNT(*) AS visits, COALESCE(SUM(v.problems_found), 0) AS with_problems
         FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
        WHERE e.region_code LIKE ? AND v.visit_date BETWEEN ? AND ? AND ${countedVisitSql('v')}`,
      [`${prefix}%`, period.from, period.to],
    );
    return { visits: Number(row.visits), withProblems: Number(row.with_problems) };
  }

  async countActiveOfficers(prefix: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      "SELECT COUNT(*) AS n FROM users WHERE role = 'officer' AND active = 1 AND region_code LIKE ?",
      [`${prefix}%`],
    );
    return Number(row.n);
  }

  /**
   * The subtree's active officers and anyone else holding firms in it (a city officer serving a
   * district), busiest first.
   */
  async officerLoads(
    prefix: string,
    period: Period,
    page: number,
    pageSize: number,
    onlyOfficerId: number | null = null,
  ): Promise<[OfficerLoadRow[], number]> {
    const from = `FROM users u
      LEFT JOIN enterprises e ON e.officer_id = u.id AND e.active = 1 AND e.region_code LIKE ?
     WHERE u.role = 'officer' AND ((u.active = 1 AND u.region_code LIKE ?) OR e.id IS NOT NULL)${onlyOfficerId === null ? '' : ' AND u.id = ?'}`;
    const scope: unknown[] = [`${prefix}%`, `${prefix}%`, ...(onlyOfficerId === null ? [] : [onlyOfficerId])];
    const rows: Array<{
      id: number;
      username: string;
      display_name: string;
      region_code: string;
      active: number;
      firms: number;
      firms_visited: number;
      visits: number;
    }> = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.region_code, u.active, COUNT(e.id) AS firms,
              COALESCE(SUM(${VISITED}), 0) AS firms_visited,
              (SELECT COUNT(*) FROM visits v2 WHERE v2.officer_id = u.id AND v2.visit_date BETWEEN ? AND ? AND ${countedVisitSql('v2')}) AS visits
         ${from}
        GROUP BY u.id, u.username, u.display_name, u.region_code, u.active
        ORDER BY firms DESC, u.id
        LIMIT ? OFFSET ?`,
      [period.from, period.to, period.from, period.to, ...scope, pageSize, (page - 1) * pageSize],
    );
    const [count]: Array<{ n: number }> = await this.dataSource.query(`SELECT COUNT(DISTINCT u.id) AS n ${from}`, scope);
    return [
      rows.map((r) => ({
        id: Number(r.id),
        username: String(r.username),
        displayName: String(r.display_name),
        regionCode: String(r.region_code),
        active: Number(r.active) === 1,
        firms: Number(r.firms),
        firmsVisited: Number(r.firms_visited),
        visits: Number(r.visits),
      })),
      Number(count.n),
    ];
  }

  async unassignedFirms(prefix: string, page: number, pageSize: number): Promise<[UnassignedFirmRow[], number]> {
    const where = 'WHERE e.active = 1 AND e.officer_id IS NULL AND e.region_code LIKE ?';
    const rows: Array<
      Pick<EnterpriseFieldsDbRow, 'credit_code' | 'name' | 'region_code' | 'industry' | 'scale' | 'tags'> & { id: number; region_name: string }
    > = await this.dataSource.query(
      `SELECT e.id, e.credit_code, e.name, e.region_code, r.name AS region_name, e.industry, e.scale, e.tags
         FROM enterprises e JOIN regions r ON r.code = e.region_code
         ${where}
        ORDER BY e.region_code, e.id
        LIMIT ? OFFSET ?`,
      [`${prefix}%`, pageSize, (page - 1) * pageSize],
    );
    const [count]: Array<{ n: number }> = await this.dataSource.query(`SELECT COUNT(*) AS n FROM enterprises e ${where}`, [
      `${prefix}%`,
    ]);
    return [
      rows.map((r) => ({
        id: Number(r.id),
        creditCode: String(r.credit_code),
        name: String(r.name),
        regionCode: String(r.region_code),
        regionName: String(r.region_name),
        industry: r.industry,
        scale: r.scale,
        tags: tagsOfColumn(r.tags),
      })),
      Number(count.n),
    ];
  }
}
