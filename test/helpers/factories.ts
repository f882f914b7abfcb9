import { metricFactsOf } from '../../src/appeals/events/metric-facts';
import { appealTextStatements } from '../../src/common-problems/appeal-texts.repository';
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

let appealSequence = 0;
/**
 * An appeals row written straight to the table (SLA, sweep and notification specs): the required
 * columns with harmless defaults, plus any column given in `columns` (snake_case, as stored).
 */
export async function insertAppealRow(
  db: DataSource,
  fields: { enterpriseId: number; regionCode: string; submittedBy: number; categoryId: number; columns?: Record<string, unknown> },
): Promise<number> {
  appealSequence += 1;
  const values: Record<string, unknown> = {
    number: `T${Date.now().toString(36).slice(-7)}${appealSequence}`,
    enterprise_id: fields.enterpriseId,
    region_code: fields.regionCode,
    city_code: `${fields.regionCode.slice(0, 4)}00`,
    submitted_by: fields.submittedBy,
    channel: 'portal',
    category_id: fields.categoryId,
    kind: 'help',
    title: unique('诉求'),
    description: '测试诉求',
    urgency: 'normal',
    level: 'county',
    status: 'submitted',
    objected_department_ids: '[]',
    submitted_at: new Date(),
    ...fields.columns,
  };
  // As the application keeps it: last changed at its latest milestone, not when the test ran.
  if (values.updated_at === undefined) {
    const stamps = ['submitted_at', 'accepted_at', 'assigned_at', 'signed_at', 'resolved_at', 'verified_at', 'closed_at'];
    values.updated_at = new Date(Math.max(...stamps.map((c) => (values[c] instanceof Date ? (values[c] as Date).getTime() : 0))));
  }
  const columns = Object.keys(values);
  const result = await db.query(
    `INSERT INTO appeals (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    columns.map((c) => values[c]),
  );
  // Its text as the submission stores it, so the list search finds factory appeals too.
  const [text] = appealTextStatements([
    { id: Number(result.insertId), enterpriseId: Number(values.enterprise_id), title: String(values.title), description: String(values.description ?? '') },
  ]);
  await db.query(text.sql, text.params);
  return Number(result.insertId);
}

// ---- Enterprises, officers and visits -------------------------------------------------------
// Imported here, beside the factories that use it, because this file grows by appending.
import { generateCreditCode } from '../../src/enterprises/domain/credit-code';

let creditSequence = Math.floor(Math.random() * 400_000_000);
/** A valid, run-unique credit code registered in the given division. */
export function nextCreditCode(regionCode = '510104'): string {
  creditSequence += 1;
  return generateCreditCode(regionCode, creditSequence);
}

/**
 * A firm straight into the table; with `officerId`, also its open assignment and the mirror
 * column, exactly as the assignment service writes them.
 */
export async function insertFirm(
  db: DataSource,
  fields: {
    regionCode: string;
    officerId?: number;
    assignedBy?: number;
    name?: string;
    industry?: string;
    scale?: 'above' | 'below';
    tags?: string[];
    active?: boolean;
    creditCode?: string;
  },
): Promise<{ id: number; creditCode: string; name: string }> {
  const creditCode = fields.creditCode ?? nextCreditCode(fields.regionCode);
  const name = fields.name ?? unique('测试企业');
  const result = await db.query(
    `INSERT INTO enterprises (credit_code, name, region_code, industry, scale, tags, active, officer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      creditCode,
      name,
      fields.regionCode,
      fields.industry ?? 'other',
      fields.scale ?? 'above',
      (fields.tags ?? []).join(','),
      fields.active === false ? 0 : 1,
      fields.officerId ?? null,
    ],
  );
  const id = Number(result.insertId);
  if (fields.officerId) {
    await db.query('INSERT INTO officer_assignments (enterprise_id, officer_id, started_at, assigned_by, reason) VALUES (?, ?, ?, ?, ?)', [
      id,
      fields.officerId,
      new Date(),
      fields.assignedBy ?? fields.officerId,
      'test fixture',
    ]);
  }
  return { id, creditCode, name };
}

export async function insertVisit(
  db: DataSource,
  fields: { enterpriseId: number; officerId: number; regionCode: string; visitDate: string; problemsFound?: boolean },
): Promise<number> {
  // A done visit the firm confirmed (it counts for coverage), by the officer's liaison office.
  const result = await db.query(
    `INSERT INTO visits (enterprise_id, officer_id, unit_key, unit_name, region_code, status, visit_date, form, problems_found, confirmation, logged_at)
     VALUES (?, ?, CONCAT('office:', ?), '测试联络专员', ?, 'done', ?, 'on_site', ?, 'confirmed', CURRENT_TIMESTAMP(3))`,
    [fields.enterpriseId, fields.officerId, fields.regionCode, fields.regionCode, fields.visitDate, fields.problemsFound ? 1 : 0],
  );
  return Number(result.insertId);
}

// ---- Supervision --------------------------------------------------------------------------

/**
 * An event row for an appeal written straight to the table, for specs that need the moment of a
 * transition (reports read when a case was rejected or withdrawn from its event log). The hash
 * is a placeholder: these rows are not checked as a chain.
 */
export async function insertAppealEventRow(
  db: DataSource,
  fields: {
    appealId: number;
    seq: number;
    action: string;
    fromStatus: string | null;
    toStatus: string;
    at: Date;
    actorId?: number;
    /** The metric columns this event wrote (see src/appeals/events/metric-facts.ts). */
    facts?: Record<string, unknown>;
  },
): Promise<void> {
  const facts = fields.facts ? metricFactsOf(fields.facts) : undefined;
  await db.query(
    `INSERT INTO appeal_events (appeal_id, seq, action, actor_id, actor_role, from_status, to_status, payload, created_at, hash)
     VALUES (?, ?, ?, ?, 'officer', ?, ?, ?, ?, ?)`,
    [
      fields.appealId,
      fields.seq,
      fields.action,
      fields.actorId ?? null,
      fields.fromStatus,
      fields.toStatus,
      JSON.stringify(facts ? { facts } : {}),
      fields.at,
      'f'.repeat(64),
    ],
  );
}

export async function insertSupervisionOrderRow(
  db: DataSource,
  fields: { appealId: number; departmentId?: number; replyDueAt?: Date; repliedAt?: Date; createdAt?: Date },
): Promise<number> {
  const result = await db.query(
    `INSERT INTO supervision_orders (appeal_id, source, department_id, reply_due_at, replied_at, created_at) VALUES (?, 'ladder', ?, ?, ?, ?)`,
    [fields.appealId, fields.departmentId ?? null, fields.replyDueAt ?? null, fields.repliedAt ?? null, fields.createdAt ?? new Date()],
  );
  return Number(result.insertId);
}
