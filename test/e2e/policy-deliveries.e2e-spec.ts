import { FixedClock } from '../../src/common/clock/clock';
import { insertDepartment, signedIn, unique } from '../helpers/factories';
import { insertParkFirm, NO_RULES, policyBody } from '../helpers/policy-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const MIANYANG = '510700';
const CHENGDU = '510100';

type Bearer = { id: number; bearer: string };

describe('policy deliveries: per-firm states, who may set them, versions and scoping (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let officer: Bearer;
  let firmUser: Bearer;
  let policyId: number;
  let firm: { id: number };
  let other: { id: number };

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-03-02T02:00:00Z')) });
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    const park = unique('园区');
    firm = await insertParkFirm(ctx, park, { regionCode: JINJIANG, officerId: officer.id });
    other = await insertParkFirm(ctx, park, { regionCode: JINJIANG });
    firmUser = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firm.id });
    const department = await insertDepartment(ctx.db, '510000');
    const created = await ctx.http().post('/api/policies').set('Authorization', admin.bearer).send(policyBody(department, { rules: { ...NO_RULES, parks: [park] } })).expect(201);
    policyId = created.body.id;
    await ctx.http().post(`/api/policies/${policyId}/publish`).set('Authorization', admin.bearer).send({ version: 1 }).expect(200);
  });
  afterAll(() => ctx.close());

  const url = (enterpriseId = firm.id) => `/api/policy-deliveries/${policyId}/${enterpriseId}`;
  const read = (as: Bearer, enterpriseId = firm.id) => ctx.http().get(url(enterpriseId)).set('Authorization', as.bearer);
  const change = (as: Bearer, body: Record<string, unknown>, enterpriseId = firm.id) => ctx.http().post(`${url(enterpriseId)}/state`).set('Authorization', as.bearer).send(body);

  it('lists the officer’s firms to deliver and the firm’s own policies only', async () => {
    const mine = await ctx.http().get(`/api/policy-deliveries?policyId=${policyId}`).set('Authorization', officer.bearer).expect(200);
    expect(mine.body.items.map((i: { enterpriseId: number }) => i.enterpriseId)).toEqual([firm.id]);
    expect(mine.body.items[0]).toMatchObject({ state: 'pending', eligible: true, nextStates: ['informed', 'not_applicable'], officerId: officer.id });
    const own = await ctx.http().get('/api/policy-deliveries').set('Authorization', firmUser.bearer).expect(200);
    expect(own.body.items.map((i: { policyId: number; enterpriseId: number }) => [i.policyId, i.enterpriseId])).toEqual([[policyId, firm.id]]);
    expect(own.body.items[0].nextStates).toEqual(['informed']);
    const all = await ctx.http().get(`/api/policy-deliveries?policyId=${policyId}`).set('Authorization', admin.bearer).expect(200);
    expect(all.body.total).toBe(2);
  });

  it('answers 404 outside what the caller may see, and 403 to handlers', async () => {
    await read(officer, other.id).expect(404);
    await read(firmUser, other.id).expect(404);
    const colleague = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    await read(colleague).expect(404);
    await change(colleague, { state: 'informed', source: 'visit', version: 1 }).expect(404);
    const mianyang = await signedIn(ctx, { role: 'supervisor', regionCode: MIANYANG });
    await read(mianyang).expect(404);
    const handler = await signedIn(ctx, { role: 'handler', regionCode: CHENGDU, departmentId: await insertDepartment(ctx.db, CHENGDU) });
    await ctx.http().get('/api/policy-deliveries').set('Authorization', handler.bearer).expect(403);
    await ctx.http().get(`/api/policy-deliveries/${policyId + 100000}/${firm.id}`).set('Authorization', admin.bearer).expect(404);
  });

  it('walks 待告知 → 已告知 → 已申请 → 已兑现 with the right people, audited, guarded by version', async () => {
    const informed = await change(officer, { state: 'informed', source: 'visit', version: 1 }).expect(200);
    expect(informed.body).toMatchObject({ state: 'informed', version: 2, informedAt: '2026-03-02T02:00:00.000Z' });
    // The same version again: someone else already changed it.
    const stale = await change(firmUser, { state: 'applied', source: 'confirmation', version: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    await change(firmUser, { state: 'applied', source: 'visit', version: 2 }).expect(403);
    const applied = await change(firmUser, { state: 'applied', source: 'confirmation', version: 2 }).expect(200);
    expect(applied.body.state).toBe('applied');
    const skipped = await change(officer, { state: 'pending', source: 'call', version: 3 }).expect(409);
    expect(skipped.body.code).toBe('ILLEGAL_TRANSITION');
    const benefited = await change(officer, { state: 'benefited', source: 'call', version: 3 }).expect(200);
    expect(benefited.body).toMatchObject({ state: 'benefited', nextStates: [] });
    expect(benefited.body.history.map((h: { kind: string; toState: string; source: string }) => [h.kind, h.toState, h.source])).toEqual([
      ['matched', 'pending', 'matching'],
      ['state', 'informed', 'visit'],
      ['state', 'applied', 'confirmation'],
      ['state', 'benefited', 'call'],
    ]);
    expect(benefited.body.history[2].actorId).toBe(firmUser.id);
  });

  it('records 不适用 with a reason (officer or supervisor), reopened only by a supervisor', async () => {
    const supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    const noReason = await change(supervisor, { state: 'not_applicable', source: 'supervision', version: 1 }, other.id).expect(400);
    expect(noReason.body.details).toEqual([{ field: 'reason', message: 'required' }]);
    const na = await change(supervisor, { state: 'not_applicable', source: 'supervision', reason: '企业已停产', version: 1 }, other.id).expect(200);
    expect(na.body).toMatchObject({ state: 'not_applicable', reason: '企业已停产' });
    const reopened = await change(supervisor, { state: 'pending', source: 'supervision', reason: '复核后恢复生产', version: 2 }, other.id).expect(200);
    expect(reopened.body.state).toBe('pending');
    await change(firmUser, { state: 'not_applicable', source: 'confirmation', reason: '不需要', version: 1 }).expect(409);
  });

  it('closes the records of a withdrawn policy', async () => {
    const current = await ctx.http().get(`/api/policies/${policyId}`).set('Authorization', admin.bearer).expect(200);
    await ctx.http().post(`/api/policies/${policyId}/withdraw`).set('Authorization', admin.bearer).send({ version: current.body.version }).expect(200);
    const refused = await change(admin, { state: 'informed', source: 'call', version: 3 }, other.id).expect(409);
    expect(refused.body.message).toContain('withdrawn');
  });
});
