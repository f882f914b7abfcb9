import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import type { RegionLevel } from '../common/auth/role';
import { ancestorCodes, levelOfCode, subtreePrefix } from '../common/scope/region-reach';
import type { TaskForceFacts } from './domain';

export interface TaskForceMemberRow {
  id: number;
  name: string;
  regionCode: string;
  level: RegionLevel;
  active: boolean;
}

export interface TaskForceRow {
  id: number;
  name: string;
  regionCode: string;
  regionName: string;
  active: boolean;
  version: number;
  members: TaskForceMemberRow[];
  createdAt: Date;
  updatedAt: Date;
}

export interface TaskForceFilter {
  regionCode?: string;
  covering?: string;
  active?: boolean;
  page: number;
  pageSize: number;
}

interface ForceSqlRow {
  id: number;
  name: string;
  region_code: string;
  region_name: string;
  active: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const FORCE_SELECT = `SELECT tf.id, tf.name, tf.region_code, r.name AS region_name, tf.active, tf.version, tf.created_at, tf.updated_at
  FROM task_forces tf JOIN regions r ON r.code = tf.region_code`;

/**
 * Who reads which task forces: admins all; other staff those owned by a region in their reach or
 * on the chain above them (a county supervisor brings in the province's 专班, which covers their
 * county).
 */
function visibleCondition(user: AuthUser): { sql: string; params: unknown[] } {
  if (user.reachPrefix === '') return { sql: '1=1', params: [] };
  return {
    sql: '(tf.region_code LIKE ? OR tf.region_code IN (?))',
    params: [`${user.reachPrefix}%`, ancestorCodes(user.regionCode, user.regionLevel)],
  };
}

/** Task forces (专班) and their members; the only place that knows their tables. */
@Injectable()
export class TaskForcesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(user: AuthUser, filter: TaskForceFilter): Promise<[TaskForceRow[], number]> {
    const visible = visibleCondition(user);
    const where = [visible.sql];
    const params: unknown[] = [...visible.params];
    if (filter.regionCode) {
      where.push('tf.region_code LIKE ?');
      params.push(`${subtreePrefix(filter.regionCode)}%`);
    }
    if (filter.covering) {
      where.push('tf.region_code IN (?)');
      params.push(ancestorCodes(filter.covering, levelOfCode(filter.covering)));
    }
    if (filter.active !== undefined) {
      where.push('tf.active = ?');
      params.push(filter.active ? 1 : 0);
    }
    const clause = where.join(' AND ');
    const [rows, [{ total }]] = await Promise.all([
      this.db.query(`${FORCE_SELECT} WHERE ${clause} ORDER BY tf.region_code, tf.name, tf.id LIMIT ? OFFSET ?`, [
        ...params,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
      ]) as Promise<ForceSqlRow[]>,
      this.db.query(`SELECT COUNT(*) AS total FROM task_forces tf WHERE ${clause}`, params) as Promise<Array<{ total: number | string }>>,
    ]);
    return [await this.withMembers(this.db.manager, rows), Number(total)];
  }

  async findVisible(user: AuthUser, id: number): Promise<TaskForceRow | null> {
    const visible = visibleCondition(user);
    const rows: ForceSqlRow[] = await this.db.query(`${FORCE_SELECT} WHERE tf.id = ? AND ${visible.sql}`, [id, ...visible.params]);
    return (await this.withMembers(this.db.manager, rows))[0] ?? null;
  }

  async findById(id: number, manager: EntityManager = this.db.manager): Promise<TaskForceRow | null> {
    const rows: ForceSqlRow[] = await manager.query(`${FORCE_SELECT} WHERE tf.id = ?`, [id]);
    return (await this.withMembers(manager, rows))[0] ?? null;
  }

  /** The facts the routing and the state machine judge a task force by (null when there is none). */
  async factsFor(id: number): Promise<TaskForceFacts | null> {
    const force = await this.findById(id);
    return (
      force && {
        id: String(force.id),
        name: force.name,
        regionCode: force.regionCode,
        active: force.active,
        members: force.members.map((m) => ({ id: String(m.id), regionCode: m.regionCode, active: m.active })),
      }
    );
  }

  /** Inserts the task force and its members in the caller's transaction. */
  async insert(m: EntityManager, values: { name: string; regionCode: string; departmentIds: number[] }): Promise<number> {
    const result: { insertId: number } = await m.query('INSERT INTO task_forces (name, region_code) VALUES (?, ?)', [values.name, values.regionCode]);
    const id = Number(result.insertId);
    await this.insertMembers(m, id, values.departmentIds);
    return id;
  }

  /** The versioned row update; false when the version is not the one read (or the row is gone). */
  async updateIfVersion(m: EntityManager, id: number, version: number, changes: { name?: string; active?: boolean }): Promise<boolean> {
    const sets = ['version = version + 1', 'updated_at = CURRENT_TIMESTAMP(3)'];
    const params: unknown[] = [];
    if (changes.name !== undefined) {
      sets.push('name = ?');
      params.push(changes.name);
    }
    if (changes.active !== undefined) {
      sets.push('active = ?');
      params.push(changes.active ? 1 : 0);
    }
    const result: { affectedRows: number } = await m.query(`UPDATE task_forces SET ${sets.join(', ')} WHERE id = ? AND version = ?`, [...params, id, version]);
    return result.affectedRows === 1;
  }

  async replaceMembers(m: EntityManager, id: number, departmentIds: number[]): Promise<void> {
    await m.query('DELETE FROM task_force_members WHERE task_force_id = ?', [id]);
    await this.insertMembers(m, id, departmentIds);
  }

  /** The departments named, as the membership rule judges them (missing ones are absent). */
  async departments(ids: number[]): Promise<Array<{ id: number; name: string; regionCode: string; active: boolean }>> {
    if (!ids.length) return [];
    const rows: Array<{ id: number; name: string; region_code: string; active: number }> = await this.db.query(
      'SELECT id, name, region_code, active FROM departments WHERE id IN (?)',
      [ids],
    );
    return rows.map((r) => ({ id: Number(r.id), name: r.name, regionCode: r.region_code, active: Number(r.active) === 1 }));
  }

  /**
   * The departments that may sit in a task force of this owning region (active, on its chain or
   * inside it), by level from the province down, then by region: what the console's member picker offers.
   */
  async candidateMembers(ownerRegionCode: string): Promise<Array<TaskForceMemberRow & { regionName: string }>> {
    const rows: Array<{ id: number; name: string; region_code: string; level: RegionLevel; region_name: string }> = await this.db.query(
      `SELECT d.id, d.name, d.region_code, d.level, r.name AS region_name
         FROM departments d JOIN regions r ON r.code = d.region_code
        WHERE d.active = 1 AND (d.region_code IN (?) OR d.region_code LIKE ?)
        ORDER BY FIELD(d.level, 'province', 'city', 'county'), d.region_code, d.id`,
      [ancestorCodes(ownerRegionCode, levelOfCode(ownerRegionCode)), `${subtreePrefix(ownerRegionCode)}%`],
    );
    return rows.map((r) => ({ id: Number(r.id), name: r.name, regionCode: r.region_code, level: r.level, active: true, regionName: r.region_name }));
  }

  private async insertMembers(m: EntityManager, id: number, departmentIds: number[]): Promise<void> {
    if (!departmentIds.length) return;
    await m.query(
      `INSERT INTO task_force_members (task_force_id, department_id) VALUES ${departmentIds.map(() => '(?, ?)').join(', ')}`,
      departmentIds.flatMap((d) => [id, d]),
    );
  }

  private async withMembers(m: EntityManager, rows: ForceSqlRow[]): Promise<TaskForceRow[]> {
    if (!rows.length) return [];
    const members: Array<{ task_force_id: number; id: number; name: string; region_code: string; level: RegionLevel; active: number }> = await m.query(
      `SELECT tm.task_force_id, d.id, d.name, d.region_code, d.level, d.active
         FROM task_force_members tm JOIN departments d ON d.id = tm.department_id
        WHERE tm.task_force_id IN (?) ORDER BY d.region_code, d.id`,
      [rows.map((r) => r.id)],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      regionCode: r.region_code,
      regionName: r.region_name,
      active: Number(r.active) === 1,
      version: Number(r.version),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      members: members
        .filter((mm) => Number(mm.task_force_id) === Number(r.id))
        .map((mm) => ({ id: Number(mm.id), name: mm.name, regionCode: mm.region_code, level: mm.level, active: Number(mm.active) === 1 })),
    }));
  }
}
