import { DataSource } from 'typeorm';
import type { Role } from '../../src/common/auth/role';
import { TEST_PASSWORD, testPasswordHash, TestContext } from './test-app';

let sequence = 0;
/** Unique per run and per call, so specs never collide on unique keys in the shared test database. */
export function unique(prefix: string): string {
  sequence += 1;
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${sequence}`;
}

export async function insertDepartment(db: DataSource, regionCode: string, name = unique('dept')): Promise<number> {
  const [region] = await db.query('SELECT level FROM regions WHERE code = ?', [regionCode]);
  const result = await db.query('INSERT INTO departments (name, region_code, level) VALUES (?, ?, ?)', [name, regionCode, region.level]);
  return Number(result.insertId);
}

export interface TestUser {
  id: number;
  username: string;
  password: string;
}

export async function insertUser(
  db: DataSource,
  fields: { role: Role; regionCode: string; departmentId?: number; enterpriseId?: number; isDepartmentHead?: boolean; active?: boolean },
): Promise<TestUser> {
  const username = unique(fields.role).toLowerCase();
  const result = await db.query(
    `INSERT INTO users (username, password_hash, display_name, role, region_code, department_id, enterprise_id, is_department_head, active)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      username,
      await testPasswordHash(),
      `测试${fields.role}`,
      fields.role,
      fields.regionCode,
      fields.departmentId ?? null,
      fields.enterpriseId ?? null,
      fields.isDepartmentHead ? 1 : 0,
      fields.active === false ? 0 : 1,
    ],
  );
  return { id: Number(result.insertId), username, password: TEST_PASSWORD };
}

export async function login(ctx: TestContext, user: { username: string; password: string }): Promise<string> {
  const response = await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password });
  if (response.status !== 200) throw new Error(`login of ${user.username} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.accessToken as string;
}

/** A user of the given role signed in, ready for `.set('Authorization', bearer)`. */
export async function signedIn(
  ctx: TestContext,
  fields: Parameters<typeof insertUser>[1],
): Promise<TestUser & { token: string; bearer: string }> {
  const user = await insertUser(ctx.db, fields);
  const token = await login(ctx, user);
  return { ...user, token, bearer: `Bearer ${token}` };
}
