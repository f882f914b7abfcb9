import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import type { RegionLevel } from '../common/auth/role';
import { type ColumnChanges, updateWithVersion } from '../common/database/versioned-update';
import { subtreePrefix } from '../common/scope/region-reach';
import { whereInReach } from '../common/scope/sql-reach';
import { ListUsersQuery } from './dto/user.dto';
import { User } from './user.entity';
import { likeContaining } from '../common/database/like-pattern';
import { insertReturningId } from '../common/database/insert-row';

export type UserWithSecret = User & { regionLevel: RegionLevel };

/** The users columns an account edit may write (keys are the column names: a wrong one is a compile error). */
export interface UserColumns {
  display_name: string;
  active: 0 | 1;
  region_code: string;
  department_id: number | null;
  is_department_head: 0 | 1;
  phone: string | null;
  password_hash: string;
  password_changed_at: Date;
}

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Used by login only: the one read that returns the password hash. */
  async findForLogin(username: string): Promise<(User & { regionLevel: RegionLevel }) | null> {
    const row = await this.users
      .createQueryBuilder('u')
      .addSelect('u.password_hash', 'u_password_hash')
      .innerJoin('regions', 'r', 'r.code = u.region_code')
      .addSelect('r.level', 'region_level')
      .where('u.username = :username', { username })
      .getRawAndEntities();
    const user = row.entities[0];
    if (!user) return null;
    return Object.assign(user, { regionLevel: row.raw[0].region_level as RegionLevel });
  }

  async findPasswordHash(id: number): Promise<string | null> {
    const rows: Array<{ password_hash: string }> = await this.dataSource.query('SELECT password_hash FROM users WHERE id = ?', [id]);
    return rows[0]?.password_hash ?? null;
  }

  /** The per-request identity check behind every authenticated call: one primary-key read. */
  async findActiveIdentity(id: number): Promise<(User & { regionLevel: RegionLevel }) | null> {
    const rows: Array<{
      id: number;
      username: string;
      display_name: string;
      role: User['role'];
      region_code: string;
      department_id: number | null;
      enterprise_id: number | null;
      is_department_head: number;
      password_changed_at: Date;
      region_level: RegionLevel;
    }> = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.role, u.region_code, u.department_id, u.enterprise_id,
              u.is_department_head, u.password_changed_at, r.level AS region_level
         FROM users u JOIN regions r ON r.code = u.region_code
        WHERE u.id = ? AND u.active = 1`,
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: Number(r.id),
      username: String(r.username),
      displayName: String(r.display_name),
      role: r.role,
      regionCode: String(r.region_code),
      departmentId: r.department_id === null ? null : Number(r.department_id),
      enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id),
      isDepartmentHead: Number(r.is_department_head) === 1,
      passwordChangedAt: r.password_changed_at,
      regionLevel: r.region_level,
    } as User & { regionLevel: RegionLevel };
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findInReach(user: AuthUser, id: number): Promise<User | null> {
    return whereInReach(this.users.createQueryBuilder('u'), 'u.region_code', user).andWhere('u.id = :id', { id }).getOne();
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username });
  }

  listInReach(user: AuthUser, query: ListUsersQuery): Promise<[User[], number]> {
    const qb = whereInReach(this.users.createQueryBuilder('u'), 'u.region_code', user).orderBy('u.id', 'ASC');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.regionCode) qb.andWhere('u.region_code LIKE :sub', { sub: `${subtreePrefix(query.regionCode)}%` });
    if (query.departmentId) qb.andWhere('u.department_id = :dept', { dept: query.departmentId });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active ? 1 : 0 });
    if (query.q) qb.andWhere('(u.username LIKE :q OR u.display_name LIKE :q)', { q: likeContaining(query.q) });
    return qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }

  insert(values: Omit<User, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'passwordChangedAt'>): Promise<number> {
    return insertReturningId(this.users, { ...values, version: 1 });
  }

  update(id: number, version: number, changes: ColumnChanges<UserColumns>): Promise<void> {
    return updateWithVersion(this.dataSource.manager, 'users', id, version, changes, 'User', () => this.findById(id));
  }

  async setPassword(id: number, passwordHash: string, now: Date): Promise<void> {
    await this.dataSource.query('UPDATE users SET password_hash = ?, password_changed_at = ?, version = version + 1 WHERE id = ?', [
      passwordHash,
      now,
      id,
    ]);
  }

  /** The firm an enterprise user belongs to must exist; its region becomes the user's region. */
  async findEnterpriseRegion(enterpriseId: number): Promise<string | null> {
    const rows: Array<{ region_code: string }> = await this.dataSource.query('SELECT region_code FROM enterprises WHERE id = ?', [
      enterpriseId,
    ]);
    return rows[0]?.region_code ?? null;
  }
}
