import { DataSource } from 'typeorm';
import { generateCreditCode } from '../../src/enterprises/domain/credit-code';
import { insertDepartment, insertUser, login, unique } from './factories';
import type { TestContext } from './test-app';

let firmSequence = Math.floor(Math.random() * 100_000_000);

/** A firm with a valid credit code, optionally with its liaison officer (assignment + mirror column). */
export async function insertEnterprise(
  db: DataSource,
  fields: { regionCode: string; officerId?: number; tags?: string[]; active?: boolean; name?: string },
): Promise<number> {
  firmSequence += 1;
  const result = await db.query(
    `INSERT INTO enterprises (credit_code, name, region_code, industry, scale, tags, active, officer_id)
     VALUES (?, ?, ?, 'equipment_manufacturing', 'above', ?, ?, ?)`,
    [
      generateCreditCode(fields.regionCode, firmSequence),
      fields.name ?? unique('企业'),
      fields.regionCode,
      (fields.tags ?? []).join(','),
      fields.active === false ? 0 : 1,
      fields.officerId ?? null,
    ],
  );
  const id = Number(result.insertId);
  if (fields.officerId) {
    // A fixed past start, so specs that pin the clock never see an assignment starting after "now".
    await db.query('INSERT INTO officer_assignments (enterprise_id, officer_id, started_at, assigned_by, reason) VALUES (?, ?, ?, ?, ?)', [
      id,
      fields.officerId,
      new Date('2020-01-01T00:00:00Z'),
      fields.officerId,
      'test fixture',
    ]);
  }
  return id;
}

export interface Actor {
  id: number;
  username: string;
  bearer: string;
}

async function actor(ctx: TestContext, fields: Parameters<typeof insertUser>[1]): Promise<Actor> {
  const user = await insertUser(ctx.db, fields);
  return { id: user.id, username: user.username, bearer: `Bearer ${await login(ctx, user)}` };
}

/**
 * A complete cast around one firm in a county of Chengdu: the firm's officer and user, two county
 * departments with a handler each, a city department for transfers, and a Chengdu supervisor.
 */
export async function appealCast(ctx: TestContext, county = '510104') {
  const city = `${county.slice(0, 4)}00`;
  const officer = await actor(ctx, { role: 'officer', regionCode: county });
  const firmId = await insertEnterprise(ctx.db, { regionCode: county, officerId: officer.id });
  const enterprise = await actor(ctx, { role: 'enterprise', regionCode: county, enterpriseId: firmId });
  const deptA = await insertDepartment(ctx.db, county);
  const deptB = await insertDepartment(ctx.db, county);
  const cityDept = await insertDepartment(ctx.db, city);
  const handlerA = await actor(ctx, { role: 'handler', regionCode: county, departmentId: deptA });
  const handlerB = await actor(ctx, { role: 'handler', regionCode: county, departmentId: deptB });
  const cityHandler = await actor(ctx, { role: 'handler', regionCode: city, departmentId: cityDept });
  const supervisor = await actor(ctx, { role: 'supervisor', regionCode: city });
  return { county, city, firmId, officer, enterprise, deptA, deptB, cityDept, handlerA, handlerB, cityHandler, supervisor };
}

export async function categoryId(db: DataSource, code: string): Promise<number> {
  const [row] = await db.query('SELECT id FROM appeal_categories WHERE code = ?', [code]);
  return Number(row.id);
}

/** One action through the API with the appeal's current version (read first); throws with the body when refused. */
export async function actOn(ctx: TestContext, bearer: string, id: number, path: string, body: Record<string, unknown> = {}): Promise<void> {
  const { version } = (await ctx.http().get(`/api/appeals/${id}`).set('Authorization', bearer).expect(200)).body;
  const response = await ctx
    .http()
    .post(`/api/appeals/${id}/${path}`)
    .set('Authorization', bearer)
    .send({ version, ...body });
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
}

/** An appeal of the cast's firm, submitted by the firm and taken through the API up to department A's signature. */
export async function signedAppealOf(
  ctx: TestContext,
  cast: Awaited<ReturnType<typeof appealCast>>,
  appeal: { categoryId: number; title: string; description: string },
): Promise<number> {
  const id = (
    await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.enterprise.bearer)
      .send({ kind: 'help', ...appeal })
      .expect(201)
  ).body.id as number;
  await actOn(ctx, cast.officer.bearer, id, 'accept');
  await actOn(ctx, cast.officer.bearer, id, 'route', { leadDepartmentId: cast.deptA });
  await actOn(ctx, cast.handlerA.bearer, id, 'sign');
  return id;
}

/** An appeal of the cast's firm, submitted by the firm, accepted and routed to department A as lead with department B co-handling (its task opens). */
export async function coHandledAppealOf(
  ctx: TestContext,
  cast: Awaited<ReturnType<typeof appealCast>>,
  appeal: { categoryId: number; title: string; description: string },
): Promise<number> {
  const id = (await ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).send({ kind: 'help', ...appeal }).expect(201)).body
    .id as number;
  await actOn(ctx, cast.officer.bearer, id, 'accept');
  await actOn(ctx, cast.officer.bearer, id, 'route', { leadDepartmentId: cast.deptA, coDepartmentIds: [cast.deptB] });
  return id;
}

/** The co-handling department signs and answers its open tasks on the appeal (so the lead may resolve, #20). */
export async function deliverCoHandlerTasks(ctx: TestContext, coHandlerBearer: string, appealId: number): Promise<void> {
  const tasks = (await ctx.http().get(`/api/appeals/${appealId}/co-handler-tasks`).set('Authorization', coHandlerBearer).expect(200)).body as Array<{
    id: number;
    version: number;
    allowedActions: string[];
  }>;
  for (const task of tasks) {
    let version = task.version;
    if (task.allowedActions.includes('sign')) {
      version = (await ctx.http().post(`/api/co-handler-tasks/${task.id}/sign`).set('Authorization', coHandlerBearer).send({ version }).expect(200)).body.version;
    }
    if (task.allowedActions.includes('sign') || task.allowedActions.includes('answer')) {
      await ctx
        .http()
        .post(`/api/co-handler-tasks/${task.id}/answer`)
        .set('Authorization', coHandlerBearer)
        .send({ version, answer: '本单位职责范围内的事项已办理。' })
        .expect(200);
    }
  }
}
