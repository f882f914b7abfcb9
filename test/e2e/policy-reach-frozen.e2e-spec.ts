import { FixedClock } from '../../src/common/clock/clock';
import { DashboardService } from '../../src/supervision/metrics/dashboard.service';
import { insertDepartment, signedIn } from '../helpers/factories';
import { insertParkFirm, NO_RULES, policyBody } from '../helpers/policy-fixtures';
import { useOwnDatabase } from '../helpers/server-process';
import { createTestApp, TestContext } from '../helpers/test-app';

const PROVINCE = '510000';
const LIANGSHAN = '513400';
const XICHANG = '513401'; // 西昌市
const MULI = '513422'; // 木里县
const PANZHIHUA = '510400';
const DONGQU = '510402'; // 攀枝花 东区
const KEY = 'policies.reach_in_assessment';
const PARK = '政策触达考核测试园';
const sh = (local: string) => new Date(`${local}+08:00`);
const OCTOBER_END = sh('2026-11-01T00:00:00').toISOString();

type Bearer = { id: number; bearer: string };
interface Row {
  key: string;
  rank: number | null;
  score: number | null;
  previousRank: number | null;
  scoreParts: Array<{ metric: string; value: number | null; weight: number }>;
}
const byKey = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.key, r]));
const part = (row: Row, metric: string) => row.scoreParts.find((p) => p.metric === metric)?.value;

/**
 * A policy's reach in the frozen month reports, the rankings of ended months read from them and
 * the dashboard's ranking (#21): as the delivery records stood at the month's end, rebuilt from
 * their history, with the setting the report was frozen under. Its own database: the setting and
 * the province's month reports are shared by everything in one.
 *
 * One province-wide policy in a park of the spec's own, published 5 October 2026.
 * At the end of October: 西昌 X1 informed, X2 and X3 pending (应知 1/3, 应享 0/3); 木里 M1 benefited,
 * M2 informed (2/2, 1/2); 东区 P1 not applicable, P2 pending (0/1, 0/1).
 * 3 November, before October is frozen: X2 informed, M2 not applicable.
 * 18 November, after: X3 and P2 informed.
 */
describe('policy reach in frozen month reports and the dashboard (e2e)', () => {
  let database: Awaited<ReturnType<typeof useOwnDatabase>>;
  let ctx: TestContext;
  let clock: FixedClock;
  let admin: Bearer;
  let province: Bearer;
  let liangshan: Bearer;
  let policyId: number;
  const firms: Record<string, number> = {};
  const versions: Record<string, number> = {};

  const get = (path: string, who: Bearer) => ctx.http().get(path).set('Authorization', who.bearer);
  const setting = async () => (await get('/api/settings', admin).expect(200)).body.find((s: { key: string }) => s.key === KEY);
  const put = async (value: unknown) =>
    ctx
      .http()
      .put(`/api/settings/${KEY}`)
      .set('Authorization', admin.bearer)
      .send({ version: (await setting()).version, value })
      .expect(200);
  /** A delivery state recorded by the province supervisor at the clock's moment, through the API (with its history row). */
  const deliver = async (firm: string, state: string, at: string, reason?: string) => {
    clock.set(sh(at));
    const response = await ctx
      .http()
      .post(`/api/policy-deliveries/${policyId}/${firms[firm]}/state`)
      .set('Authorization', province.bearer)
      .send({ state, source: 'visit', version: versions[firm], ...(reason ? { reason } : {}) });
    if (response.status !== 200) throw new Error(`${firm} → ${state}: ${response.status} ${JSON.stringify(response.body)}`);
    versions[firm] = Number(response.body.version);
  };
  const ranking = async (who: Bearer, key: string) =>
    (await get(`/api/supervision/rankings?period=month&key=${key}`, who).expect(200)).body;

  beforeAll(async () => {
    database = await useOwnDatabase('policy_reach');
    clock = new FixedClock(sh('2026-10-05T09:00:00'));
    ctx = await createTestApp({ clock });
    admin = await signedIn(ctx, { role: 'admin', regionCode: PROVINCE });
    province = await signedIn(ctx, { role: 'supervisor', regionCode: PROVINCE });
    liangshan = await signedIn(ctx, { role: 'supervisor', regionCode: LIANGSHAN });
    for (const [name, region] of [
      ['X1', XICHANG],
      ['X2', XICHANG],
      ['X3', XICHANG],
      ['M1', MULI],
      ['M2', MULI],
      ['P1', DONGQU],
      ['P2', DONGQU],
    ]) {
      firms[name] = (await insertParkFirm(ctx, PARK, { regionCode: region })).id;
      versions[name] = 1;
    }
    const department = await insertDepartment(ctx.db, PROVINCE);
    const created = await ctx
      .http()
      .post('/api/policies')
      .set('Authorization', admin.bearer)
      .send(policyBody(department, { rules: { ...NO_RULES, parks: [PARK] } }))
      .expect(201);
    policyId = Number(created.body.id);
    clock.set(sh('2026-10-05T10:00:00'));
    await ctx.http().post(`/api/policies/${policyId}/publish`).set('Authorization', admin.bearer).send({ version: 1 }).expect(200);
    // October
    await deliver('X1', 'informed', '2026-10-10T10:00:00');
    await deliver('M1', 'informed', '2026-10-10T11:00:00');
    await deliver('M1', 'applied', '2026-10-15T11:00:00');
    await deliver('M1', 'benefited', '2026-10-28T11:00:00');
    await deliver('M2', 'informed', '2026-10-12T10:00:00');
    await deliver('P1', 'not_applicable', '2026-10-20T10:00:00', '企业已迁出攀枝花，不再享受本地政策');
    // 3 November, before October is frozen
    await deliver('X2', 'informed', '2026-11-03T10:00:00');
    await deliver('M2', 'not_applicable', '2026-11-03T11:00:00', '企业主营业务不在政策支持范围');
    clock.set(sh('2026-11-18T10:00:00'));
    await put({ enabled: true, awarenessWeight: 10, benefitWeight: 30 });
  });
  afterAll(async () => {
    await ctx.app.get(DashboardService).settled();
    await ctx.close();
    database.restore();
  });

  let reportId: number;

  it('freezes October with the reach as it stood at the month’s end, and the setting it used', async () => {
    const report = (
      await ctx
        .http()
        .post('/api/supervision/reports')
        .set('Authorization', province.bearer)
        .send({ periodKind: 'month', key: '2026-10' })
        .expect(201)
    ).body;
    reportId = report.id;
    expect(report.settings.policyReach).toEqual({ enabled: true, awarenessWeight: 10, benefitWeight: 30 });
    const reach = report.figures.policyReach;
    expect(reach.asOf).toBe(OCTOBER_END);
    expect(reach.weights).toEqual({ awarenessWeight: 10, benefitWeight: 30 });
    const counties = Object.fromEntries(reach.county.map((g: { key: string }) => [g.key, g]));
    // X2's and M2's changes of 3 November are after the month: 西昌 1 of 3 informed, 木里 both informed, one benefited.
    expect(counties[XICHANG].awarenessRate).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
    expect(counties[XICHANG].benefitRate).toMatchObject({ numerator: 0, denominator: 3 });
    expect(counties[MULI].awarenessRate).toMatchObject({ numerator: 2, denominator: 2, value: 1 });
    expect(counties[MULI].benefitRate).toMatchObject({ numerator: 1, denominator: 2, value: 0.5 });
    expect(counties[DONGQU].awarenessRate).toMatchObject({ numerator: 0, denominator: 1 });
    const cities = Object.fromEntries(reach.city.map((g: { key: string }) => [g.key, g]));
    expect(cities[LIANGSHAN].awarenessRate).toMatchObject({ numerator: 3, denominator: 5 });
    expect(cities[LIANGSHAN].benefitRate).toMatchObject({ numerator: 1, denominator: 5 });
    // The province's own ranking of its cities blends it in: 凉山 (10×0.6 + 30×0.2) / 40, 攀枝花 0.
    const rows = byKey(report.figures.rankings.region.rows);
    expect(rows[LIANGSHAN]).toMatchObject({ score: 30, rank: 1 });
    expect(rows[PANZHIHUA]).toMatchObject({ score: 0, rank: 2 });
    expect(part(rows[LIANGSHAN], 'policyBenefitRate')).toBe(0.2);
    expect(report.figures.rankings.region.weights).toMatchObject({ policyAwarenessRate: 10, policyBenefitRate: 30 });
    expect(report.figures.rankings.department.weights.policyAwarenessRate).toBeUndefined();
  });

  it("ranks a city's counties for October from the province's frozen report, as of the month's end", async () => {
    const body = await ranking(liangshan, '2026-10');
    expect(body.source).toMatchObject({ kind: 'frozen', reportId, reportRegionCode: PROVINCE });
    const rows = byKey(body.rows);
    // 木里 (10×1 + 30×0.5) / 40 = 62.5; 西昌 (10×⅓ + 0) / 40.
    expect(rows[MULI]).toMatchObject({ rank: 1, score: 62.5 });
    expect(rows[XICHANG]).toMatchObject({ rank: 2, score: 8.33 });
    expect(part(rows[XICHANG], 'policyAwarenessRate')).toBe(0.3333);
    expect(body.weights).toMatchObject({ policyAwarenessRate: 10, policyBenefitRate: 30 });
  });

  it('counts the running month as the records stand now', async () => {
    const body = await ranking(liangshan, '2026-11');
    expect(body.source.kind).toBe('live');
    const rows = byKey(body.rows);
    // 西昌 2 of 3 informed (X1, X2), none benefited; 木里 M1 alone is entitled now (M2 not applicable), benefited.
    expect(part(rows[XICHANG], 'policyAwarenessRate')).toBe(0.6667);
    expect(rows[MULI]).toMatchObject({ rank: 1, score: 100 });
    // The month before as of its end: the same order as frozen.
    expect(rows[MULI].previousRank).toBe(1);
    expect(rows[XICHANG].previousRank).toBe(2);
  });

  it('ranks the dashboard’s running month with the reach now, and the month before as October froze it', async () => {
    const dashboard = (await get('/api/supervision/dashboard', province).expect(200)).body;
    expect(dashboard.month.key).toBe('2026-11');
    const rows = byKey(dashboard.ranking.rows);
    // 凉山 now: X1, X2, M1 informed of 4 entitled (M2 not applicable), M1 benefited: (10×0.75 + 30×0.25) / 40.
    expect(part(rows[LIANGSHAN], 'policyAwarenessRate')).toBe(0.75);
    expect(rows[LIANGSHAN]).toMatchObject({ score: 37.5, rank: 1, previousRank: 1 });
    expect(rows[PANZHIHUA]).toMatchObject({ score: 0, rank: 2, previousRank: 2 });
    expect(dashboard.ranking.weights).toMatchObject({ policyAwarenessRate: 10, policyBenefitRate: 30 });
  });

  it('leaves the frozen month as it was when later deliveries happen, and verifies it', async () => {
    const before = await ranking(liangshan, '2026-10');
    await deliver('X3', 'informed', '2026-11-18T11:00:00');
    await deliver('P2', 'informed', '2026-11-18T11:30:00');
    clock.set(sh('2026-11-18T12:00:00')); // past the live figures' ten minutes: the running month is counted again
    expect(await ranking(liangshan, '2026-10')).toEqual(before);
    const verification = (await get(`/api/supervision/reports/${reportId}/verify`, province).expect(200)).body;
    expect(verification).toMatchObject({ ok: true, figuresEqual: true, differences: [] });
    // The running month follows them: 西昌 all three informed; 攀枝花 P2 informed.
    const november = byKey((await ranking(liangshan, '2026-11')).rows);
    expect(part(november[XICHANG], 'policyAwarenessRate')).toBe(1);
    const dashboard = byKey((await get('/api/supervision/dashboard', province).expect(200)).body.ranking.rows);
    expect(part(dashboard[PANZHIHUA], 'policyAwarenessRate')).toBe(1);
    expect(part(dashboard[LIANGSHAN], 'policyAwarenessRate')).toBe(1);
  });

  it('keeps the setting a month was frozen under once the setting is switched off', async () => {
    await put({ enabled: false, awarenessWeight: 10, benefitWeight: 30 });
    const october = await ranking(liangshan, '2026-10');
    expect(october.source.kind).toBe('frozen');
    expect(byKey(october.rows)[MULI]).toMatchObject({ score: 62.5 });
    const november = await ranking(liangshan, '2026-11');
    expect(november.weights.policyAwarenessRate).toBeUndefined();
    expect(byKey(november.rows)[MULI]).toMatchObject({ score: null, rank: null });
    const dashboard = (await get('/api/supervision/dashboard', province).expect(200)).body;
    expect(dashboard.ranking.weights.policyAwarenessRate).toBeUndefined();
  });
});
