import { DataSource } from 'typeorm';
import { SlaTimersService } from '../../src/sla/sla-timers.service';
import { insertEnterprise } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertUser, login, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

async function insertCategory(db: DataSource, parentId: number | null = null): Promise<number> {
  const code = unique('sla_cat').slice(0, 40);
  const result = await db.query('INSERT INTO appeal_categories (code, name, parent_id) VALUES (?, ?, ?)', [
    code,
    code.slice(0, 60),
    parentId,
  ]);
  return Number(result.insertId);
}

describe('SLA policies (e2e)', () => {
  let ctx: TestContext;
  let admin: string;
  let timers: SlaTimersService;
  let parent: number;
  let child: number;

  const policy = (fields: Record<string, unknown>) => ({
    urgency: 'normal',
    responseAmount: 24,
    responseUnit: 'natural_hours',
    resolutionDays: 7,
    resolutionDaysCohandled: 15,
    verificationDays: 5,
    ...fields,
  });

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'admin', regionCode: '510000' }))}`;
    timers = ctx.app.get(SlaTimersService);
    parent = await insertCategory(ctx.db);
    child = await insertCategory(ctx.db, parent);
  });
  afterAll(() => ctx.close());

  it('lists the province-wide defaults', async () => {
    const response = await ctx.http().get('/api/sla-policies?currentOnly=true').set('Authorization', admin).expect(200);
    const defaults = response.body.filter((p: { categoryId: number | null }) => p.categoryId === null);
    expect(defaults).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          urgency: 'normal',
          level: null,
          resolutionDays: 7,
          resolutionDaysCohandled: 15,
          verificationDays: 5,
          current: true,
        }),
        expect.objectContaining({ urgency: 'urgent', level: null, resolutionDays: 3, current: true }),
      ]),
    );
  });

  it('versions a policy without moving the deadlines of appeals already running', async () => {
    const v1 = await ctx
      .http()
      .post('/api/sla-policies')
      .set('Authorization', admin)
      .send(policy({ categoryId: child }))
      .expect(201);
    expect(v1.body).toMatchObject({ categoryId: child, policyVersion: 1, current: true, resolutionDays: 7 });

    const officer = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    const firmId = await insertEnterprise(ctx.db, { regionCode: '510104', officerId: officer.id });
    const started = new Date('2025-06-09T01:00:00Z');
    const { value: due } = await timers.resolutionDue(started, await timers.policyById(ctx.db.manager, v1.body.id), false);
    const appealId = await insertAppealRow(ctx.db, {
      enterpriseId: firmId,
      regionCode: '510104',
      submittedBy: officer.id,
      categoryId: child,
      columns: {
        status: 'accepted',
        sla_policy_id: v1.body.id,
        resolution_started_at: started,
        resolution_due_at: due,
        current_due_at: due,
      },
    });

    const v2 = await ctx
      .http()
      .post('/api/sla-policies')
      .set('Authorization', admin)
      .send(policy({ categoryId: child, resolutionDays: 3 }))
      .expect(201);
    expect(v2.body).toMatchObject({ policyVersion: 2, current: true, resolutionDays: 3 });

    const [appeal] = await ctx.db.query('SELECT sla_policy_id, resolution_due_at, current_due_at FROM appeals WHERE id = ?', [appealId]);
    expect(appeal).toEqual({ sla_policy_id: v1.body.id, resolution_due_at: due, current_due_at: due });
    expect((await timers.policyById(ctx.db.manager, v1.body.id)).resolutionDays).toBe(7);
    expect((await timers.currentPolicy(ctx.db.manager, { categoryId: child, urgency: 'normal', level: 'county' })).id).toBe(v2.body.id);

    const history = await ctx.http().get(`/api/sla-policies?categoryId=${child}`).set('Authorization', admin).expect(200);
    expect(history.body.map((p: { policyVersion: number; current: boolean }) => [p.policyVersion, p.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(history.body[1].supersededAt).not.toBeNull();
  });

  it('picks the most specific policy: exact category, then its parent, then any; exact level before any', async () => {
    const parentCity = await ctx
      .http()
      .post('/api/sla-policies')
      .set('Authorization', admin)
      .send(policy({ categoryId: parent, level: 'city', resolutionDays: 10, resolutionDaysCohandled: 20 }))
      .expect(201);
    const pick = (categoryId: number, level: 'county' | 'city' | 'province', urgency: 'normal' | 'urgent' = 'normal') =>
      timers.currentPolicy(ctx.db.manager, { categoryId, urgency, level });

    expect((await pick(parent, 'city')).id).toBe(parentCity.body.id);
    expect((await pick(parent, 'county')).categoryId).toBeNull();
    // The child's own policy (any level) beats its parent's city policy.
    expect((await pick(child, 'city')).categoryId).toBe(child);
    const sibling = await insertCategory(ctx.db, parent);
    expect((await pick(sibling, 'city')).id).toBe(parentCity.body.id);
    expect(await pick(sibling, 'city', 'urgent')).toMatchObject({ categoryId: null, urgency: 'urgent' });
  });

  it('validates the limits and the category', async () => {
    await ctx
      .http()
      .post('/api/sla-policies')
      .set('Authorization', admin)
      .send(policy({ categoryId: 999999 }))
      .expect(400);
    await ctx
      .http()
      .post('/api/sla-policies')
      .set('Authorization', admin)
      .send(policy({ categoryId: child, resolutionDaysCohandled: 2 }))
      .expect(400);
    await ctx
      .http()
      .post('/api/sla-policies')
      .set('Authorization', admin)
      .send(policy({ categoryId: child, resolutionDays: 0 }))
      .expect(400);
    const officer = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    await ctx
      .http()
      .post('/api/sla-policies')
      .set('Authorization', `Bearer ${await login(ctx, officer)}`)
      .send(policy({ categoryId: child }))
      .expect(403);
  });
});
