import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { type ColumnChanges, updateWithVersion } from '../common/database/versioned-update';
import { subtreePrefix } from '../common/scope/region-reach';
import { ListRoutingRulesQuery, RoutingRuleDto } from './dto/routing-rule.dto';

const SELECT = `
  SELECT r.id, r.category_id, c.name AS category_name, r.region_code, r.level, r.department_id, d.name AS department_name,
         r.active, r.version, r.task_force_id, tf.name AS task_force_name, tf.active AS task_force_active
    FROM routing_rules r
    JOIN appeal_categories c ON c.id = r.category_id
    JOIN departments d ON d.id = r.department_id
    LEFT JOIN task_forces tf ON tf.id = r.task_force_id`;

interface RuleRow {
  id: number;
  category_id: number;
  category_name: string;
  region_code: string;
  level: string | null;
  department_id: number;
  department_name: string;
  active: number;
  version: number;
  task_force_id: number | null;
  task_force_name: string | null;
  task_force_active: number | null;
}

const toDto = (r: RuleRow): RoutingRuleDto => ({
  id: Number(r.id),
  categoryId: Number(r.category_id),
  categoryName: r.category_name,
  regionCode: r.region_code,
  level: r.level,
  departmentId: Number(r.department_id),
  departmentName: r.department_name,
  taskForceId: r.task_force_id === null ? null : Number(r.task_force_id),
  taskForceName: r.task_force_name,
  active: Number(r.active) === 1,
  version: Number(r.version),
});

/** The routing_rules columns an edit may write (keys are the column names). */
export interface RoutingRuleColumns {
  department_id: number;
  active: 0 | 1;
  task_force_id: number | null;
}

@Injectable()
export class RoutingRulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(user: AuthUser, query: ListRoutingRulesQuery): Promise<[RoutingRuleDto[], number]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (user.reachPrefix) {
      where.push('r.region_code LIKE ?');
      params.push(`${user.reachPrefix}%`);
    }
    if (query.categoryId) {
      where.push('r.category_id = ?');
      params.push(query.categoryId);
    }
    if (query.regionCode) {
      where.push('r.region_code LIKE ?');
      params.push(`${subtreePrefix(query.regionCode)}%`);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows: RuleRow[] = await this.db.query(`${SELECT} ${clause} ORDER BY r.category_id, r.region_code, r.id LIMIT ? OFFSET ?`, [
      ...params,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    ]);
    const [{ total }] = await this.db.query(`SELECT COUNT(*) AS total FROM routing_rules r ${clause}`, params);
    return [rows.map(toDto), Number(total)];
  }

  async findById(id: number): Promise<RoutingRuleDto | null> {
    const rows: RuleRow[] = await this.db.query(`${SELECT} WHERE r.id = ?`, [id]);
    return rows[0] ? toDto(rows[0]) : null;
  }

  async insert(values: {
    categoryId: number;
    regionCode: string;
    level: string | null;
    departmentId: number;
    taskForceId: number | null;
    createdBy: number;
  }): Promise<number> {
    const result = await this.db.query(
      'INSERT INTO routing_rules (category_id, region_code, level, department_id, task_force_id, created_by) VALUES (?, ?, ?, ?, ?, ?)',
      [values.categoryId, values.regionCode, values.level, values.departmentId, values.taskForceId, values.createdBy],
    );
    return Number(result.insertId);
  }

  update(id: number, version: number, changes: ColumnChanges<RoutingRuleColumns>): Promise<void> {
    return updateWithVersion(this.db.manager, 'routing_rules', id, version, changes, 'Routing rule', () => this.findById(id));
  }

  /**
   * The most specific active rule: the nearest region on the appeal's chain (county before city
   * before province) wins, then the exact category over its parent, then a rule for the appeal's
   * level over one for any level.
   */
  async findMostSpecific(
    manager: EntityManager,
    q: { categoryIds: number[]; regionChain: string[]; level: string },
  ): Promise<(RoutingRuleDto & { regionRank: number; taskForceActive: boolean }) | null> {
    const rows: Array<RuleRow & { region_rank: number }> = await manager.query(
      `${SELECT}
        WHERE r.active = 1 AND d.active = 1
          AND r.category_id IN (?) AND r.region_code IN (?) AND (r.level IS NULL OR r.level = ?)
        ORDER BY FIELD(r.region_code, ?) ASC, FIELD(r.category_id, ?) ASC, (r.level IS NULL) ASC
        LIMIT 1`,
      [q.categoryIds, q.regionChain, q.level, q.regionChain, q.categoryIds],
    );
    return rows[0]
      ? { ...toDto(rows[0]), regionRank: q.regionChain.indexOf(rows[0].region_code), taskForceActive: Number(rows[0].task_force_active) === 1 }
      : null;
  }

  /** The responsible department of the policy an appeal asks about (policy_appeals), if it is one and the department is active. */
  async findPolicyDepartment(manager: EntityManager, appealId: number): Promise<{ policyId: number; departmentId: number; departmentName: string } | null> {
    const rows: Array<{ policy_id: number; department_id: number; name: string }> = await manager.query(
      `SELECT pa.policy_id, d.id AS department_id, d.name
         FROM policy_appeals pa JOIN policies p ON p.id = pa.policy_id JOIN departments d ON d.id = p.department_id
        WHERE pa.appeal_id = ? AND d.active = 1`,
      [appealId],
    );
    return rows[0] ? { policyId: Number(rows[0].policy_id), departmentId: Number(rows[0].department_id), departmentName: rows[0].name } : null;
  }
}
