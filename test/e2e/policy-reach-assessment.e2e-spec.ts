import { FixedClock } from '../../src/common/clock/clock';
import { insertDepartment, insertFirm, signedIn } from '../helpers/factories';
import { policyBody } from '../helpers/policy-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

const LIANGSHAN = '513400';
const XICHANG = '513401';
const MULI = '513422';
const KEY = 'policies.reach_in_assessment';
const sh = (local: string) => new Date(`${local}+08:00`);

type Bearer = { id: number; bearer: string };

/** A policy's reach (应知尽知 / 应享尽享) in the regions' composite score, as the setting says (#21). */
describe('policy reach in the assessment ranking (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let supervisor: Bearer;

  const setting = async () =>
    (await ctx.http().get('/api/settings').set('Authorization', admin.bearer).expect(200)).body.find((s: { key: string }) => s.key === KEY);
  const put = async (value: unknown) =>
    ctx
      .http()
      .put(`/api/settings/${KEY}`)
      .set('Authorization', admin.bearer)
      .send({ version: (await setting()).version, value });
  const ranking = async () =>
    (await ctx.http().get('/api/supervision/rankings?period=month&key=2026-11').set('Authorization', supervisor.bearer).expect(200)).body;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(sh('2026-11-18T10:00:00')) });
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: LIANGSHAN });
    const department = await insertDepartment(ctx.db, '510000');
    const policy = (await ctx.http().post('/api/policies').set('Authorization', admin.bearer).send(policyBody(department)).expect(201))
      .body;
    await ctx.db.query("UPDATE policies SET status = 'published', published_at = ? WHERE id = ?", [sh('2026-11-01T09:00:00'), policy.id]);
    // 西昌: 4 entitled (informed, benefited, two pending) and one not applicable → 应知 2/4, 应享 1/4. 木里: 2 of 2 benefited.
    const states: Array<[string, string]> = [
      [XICHANG, 'informed'],
      [XICHANG, 'benefited'],
      [XICHANG, 'pending'],
      [XICHANG, 'pending'],
      [XICHANG, 'not_applicable'],
      [MULI, 'benefited'],
      [MULI, 'benefited'],
    ];
    for (const [region, state] of states) {
      const firm = await insertFirm(ctx.db, { regionCode: region });
      await ctx.db.query(
        'INSERT INTO policy_firms (policy_id, enterprise_id, state, eligible, matched_at, informed_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?)',
        [
          policy.id,
          firm.id,
          state,
          sh('2026-11-01T09:00:00'),
          state === 'pending' ? null : sh('2026-11-03T09:00:00'),
          sh('2026-11-03T09:00:00'),
        ],
      );
    }
  });
  afterAll(async () => {
    // The setting is shared by every spec on this database: leave it as it was found (off).
    await put({ enabled: false, awarenessWeight: 10, benefitWeight: 10 });
    await ctx.close();
  });

  it('is off by default: the regions are scored on their appeals only', async () => {
    expect((await setting()).value).toEqual({ enabled: false, awarenessWeight: 10, benefitWeight: 10 });
    const body = await ranking();
    const rows = Object.fromEntries(body.rows.map((r: { key: string }) => [r.key, r]));
    expect(rows[XICHANG]).toMatchObject({ score: null, rank: null });
    expect(body.weights.policyAwarenessRate).toBeUndefined();
  });

  it('switched on, awareness and benefit rates join the score with their weights and rank the counties', async () => {
    expect((await put({ enabled: true, awarenessWeight: 10, benefitWeight: 30 })).status).toBe(200);
    const body = await ranking();
    const rows = Object.fromEntries(body.rows.map((r: { key: string }) => [r.key, r]));
    // 西昌 (no appeals): (10×0.5 + 30×0.25) / 40 = 0.3125; 木里: 1.
    expect(rows[XICHANG]).toMatchObject({ score: 31.25, rank: 2 });
    expect(rows[MULI]).toMatchObject({ score: 100, rank: 1 });
    const parts = Object.fromEntries(rows[XICHANG].scoreParts.map((p: { metric: string }) => [p.metric, p]));
    expect(parts.policyAwarenessRate).toMatchObject({ value: 0.5, weight: 10, normalisedWeight: 0.25 });
    expect(parts.policyBenefitRate).toMatchObject({ value: 0.25, weight: 30, normalisedWeight: 0.75 });
    expect(parts.responseRate).toMatchObject({ value: null, normalisedWeight: 0 });
    expect(body.weights).toMatchObject({ policyAwarenessRate: 10, policyBenefitRate: 30 });
    expect(body.redList.map((r: { key: string }) => r.key)[0]).toBe(MULI);
    // Departments are not ranked on reach.
    const departments = (
      await ctx
        .http()
        .get('/api/supervision/rankings?period=month&key=2026-11&kind=department')
        .set('Authorization', supervisor.bearer)
        .expect(200)
    ).body;
    expect(departments.weights.policyAwarenessRate).toBeUndefined();
  });

  it('refuses a malformed setting with the field named', async () => {
    const bad = await put({ enabled: 'yes', awarenessWeight: -1, benefitWeight: 10 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['value.awarenessWeight', 'value.enabled']);
    expect((await put({ enabled: true, awarenessWeight: 10, benefitWeight: 10, extra: 1 })).status).toBe(400);
  });
});
