import { FixedClock } from '../../src/common/clock/clock';
import { ProblemClusteringService } from '../../src/common-problems/pool/problem-clustering.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';

/**
 * The common-problem pool (#16) through HTTP: clusters of the same problem raised by several firms
 * in a period, counted within the supervisor's region only, the same on every run, and refused
 * with a 4xx for what is not a pool question.
 */
describe('common-problem pool (e2e)', () => {
  let ctx: TestContext;
  let wuhou: Awaited<ReturnType<typeof appealCast>>;
  let pidu: Awaited<ReturnType<typeof appealCast>>;
  let nanchong: Awaited<ReturnType<typeof appealCast>>;
  let province: string;
  let energy: number;
  const ids: Record<string, number> = {};

  const submit = async (bearer: string, title: string, description: string) =>
    Number(
      (await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ categoryId: energy, kind: 'help', title, description }).expect(201))
        .body.id,
    );
  const pool = (bearer: string, query: Record<string, string | number> = {}) =>
    ctx.http().get('/api/common-problems/pool').query({ period: 'month', key: '2025-08', ...query }).set('Authorization', bearer);

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2025-08-20T02:00:00Z')) });
    wuhou = await appealCast(ctx, '510107');
    pidu = await appealCast(ctx, '510116');
    nanchong = await appealCast(ctx, '511302');
    province = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'supervisor', regionCode: '510000' }))}`;
    energy = await categoryId(ctx.db, 'energy_power');
    // The suite shares one database: earlier specs' appeals are clustered first, so this spec's own
    // six are the only new ones a read meets (a read clusters at most 5,000 itself). Its month, texts
    // and problems appear in no other spec, so no other appeal falls into its clusters or period.
    await ctx.app.get(ProblemClusteringService).catchUp();
    ids.coldStoreWuhou = await submit(wuhou.enterprise.bearer, '冷库建设用地指标迟迟不落实', '我司计划新建万吨冷库，园区承诺的建设用地指标半年没有落实，设备已经订货，项目无法开工。');
    ids.coldStorePidu = await submit(pidu.enterprise.bearer, '冷库项目用地指标一直没有落实', '新建万吨冷库，园区承诺的建设用地指标半年没有落实，设备已订货，项目开工不了。');
    ids.coldStoreNanchong = await submit(nanchong.enterprise.bearer, '冷庫建設用地指標遲遲不落實', '計劃新建萬噸冷庫，園區承諾的建設用地指標半年沒有落實，設備已經訂貨，項目無法開工。');
    ids.taxRebateWuhou = await submit(wuhou.enterprise.bearer, '出口退税到账太慢', '我司出口退税申报后三个月仍未到账，资金周转困难，希望税务部门加快审核办理，１２０万元。');
    ids.taxRebatePidu = await submit(pidu.enterprise.bearer, '出口退税迟迟不到账', '出口退税申报三个月了还没到账，120万元资金周转紧张，请税务部门加快审核。');
    ids.alone = await submit(wuhou.enterprise.bearer, '厂区门前道路积水严重', '每逢下雨厂区门前道路积水半米深，货车无法进出，请求市政部门疏通排水管网。');
  });
  afterAll(() => ctx.close());

  it('shows a city supervisor the clusters of its own region, counting only its appeals', async () => {
    const { body } = await pool(wuhou.supervisor.bearer).expect(200);
    expect(body.scope.code).toBe('510100');
    expect(body.period).toMatchObject({ kind: 'month', key: '2025-08', label: '2025年8月' });
    expect(body.items.map((c: { clusterKey: number; appeals: number; firms: number; counties: number }) => [c.clusterKey, c.appeals, c.firms, c.counties])).toEqual([
      [ids.coldStoreWuhou, 2, 2, 2],
      [ids.taxRebateWuhou, 2, 2, 2],
    ]);
    expect(body.items[0]).toMatchObject({ sampleTitle: '冷库建设用地指标迟迟不落实' });
    expect(body.total).toBe(2);
    expect(body.clustering.pending).toBe(0);
  });

  it('shows the province the whole spread, and another city nothing raised by one firm alone', async () => {
    const all = await pool(province).expect(200);
    expect(all.body.items[0]).toMatchObject({ clusterKey: ids.coldStoreWuhou, appeals: 3, firms: 3, counties: 3 });
    const other = await pool(nanchong.supervisor.bearer).expect(200);
    expect(other.body.items).toEqual([]);
    const county = await pool(province, { regionCode: '510107' }).expect(200);
    expect(county.body.items).toEqual([]);
  });

  it('lists a cluster’s appeals in the caller’s region only, and 404s outside it', async () => {
    const mine = await ctx.http().get(`/api/common-problems/pool/${ids.coldStoreWuhou}/appeals`).query({ key: '2025-08' }).set('Authorization', wuhou.supervisor.bearer).expect(200);
    expect(mine.body.items.map((a: { id: number }) => a.id)).toEqual([ids.coldStoreWuhou, ids.coldStorePidu]);
    expect(mine.body.items[0]).toMatchObject({ regionCode: '510107', status: 'submitted' });
    await ctx.http().get(`/api/common-problems/pool/${ids.taxRebateWuhou}/appeals`).query({ key: '2025-08' }).set('Authorization', nanchong.supervisor.bearer).expect(404);
    await ctx.http().get(`/api/common-problems/pool/${ids.coldStoreWuhou}/appeals`).query({ regionCode: '511300' }).set('Authorization', wuhou.supervisor.bearer).expect(404);
  });

  it('gives the same clusters on every run, and when the pool is rebuilt from scratch', async () => {
    const first = (await pool(province).expect(200)).body.items;
    const again = await pool(province).expect(200);
    expect(again.body.clustering.clusteredNow).toBe(0);
    expect(again.body.items).toEqual(first);
    await ctx.db.query('DELETE FROM problem_cluster_representatives');
    await ctx.db.query('DELETE FROM problem_cluster_members');
    const rebuilt = await ctx.app.get(ProblemClusteringService).catchUp(Number.POSITIVE_INFINITY, 2);
    expect(rebuilt.clustered).toBeGreaterThanOrEqual(6);
    expect((await pool(province).expect(200)).body.items).toEqual(first);
  });

  it('reads the 旬 and the week the appeals fall in, and an earlier one is empty', async () => {
    const xun = await pool(wuhou.supervisor.bearer, { period: 'xun', key: '2025-08-X2' }).expect(200);
    expect(xun.body.items).toHaveLength(2);
    const week = await pool(wuhou.supervisor.bearer, { period: 'week', key: '2025-W34' }).expect(200);
    expect(week.body.items).toHaveLength(2);
    const earlier = await pool(wuhou.supervisor.bearer, { period: 'xun', key: '2025-08-X1' }).expect(200);
    expect(earlier.body.items).toEqual([]);
    const other = await pool(wuhou.supervisor.bearer, { categoryId: (await categoryId(ctx.db, 'energy_power')) + 1 }).expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('refuses what is not a pool question with a 4xx that names the field, and other roles', async () => {
    const quarter = await pool(wuhou.supervisor.bearer, { period: 'quarter', key: '2026-Q4' }).expect(400);
    expect(JSON.stringify(quarter.body)).toContain('period');
    const key = await pool(wuhou.supervisor.bearer, { key: '2026-W47' }).expect(400);
    expect(JSON.stringify(key.body)).toContain('key');
    await pool(wuhou.supervisor.bearer, { regionCode: 'abc' }).expect(400);
    await pool(wuhou.supervisor.bearer, { categoryId: 0 }).expect(400);
    await pool(wuhou.supervisor.bearer, { pageSize: 500 }).expect(400);
    await pool(wuhou.supervisor.bearer, { regionCode: '511300' }).expect(404);
    await pool(wuhou.officer.bearer).expect(403);
    await pool(wuhou.handlerA.bearer).expect(403);
    await ctx.http().get('/api/common-problems/pool/abc/appeals').set('Authorization', wuhou.supervisor.bearer).expect(400);
  });
});
