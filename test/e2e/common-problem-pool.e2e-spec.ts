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
    ctx.http().get('/api/common-problems/pool').query({ period: 'month', key: '2026-11', ...query }).set('Authorization', bearer);

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-18T02:00:00Z')) });
    wuhou = await appealCast(ctx, '510107');
    pidu = await appealCast(ctx, '510116');
    nanchong = await appealCast(ctx, '511302');
    province = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'supervisor', regionCode: '510000' }))}`;
    energy = await categoryId(ctx.db, 'energy_power');
    ids.capacityWuhou = await submit(wuhou.enterprise.bearer, '变压器容量不足影响投产', '我司新建二期生产线，现有变压器容量不足，申请增容已两个月没有批复，影响投产。');
    ids.capacityPidu = await submit(pidu.enterprise.bearer, '变压器增容申请迟迟没有批复', '新建生产线，现有变压器容量不足，申请增容两个月没有批复，影响投产。');
    ids.capacityNanchong = await submit(nanchong.enterprise.bearer, '變壓器容量不足影響投產', '新建生產線，現有變壓器容量不足，申請增容已兩個月沒有批覆。');
    ids.hiringWuhou = await submit(wuhou.enterprise.bearer, '节后招工困难', '春节后普工缺口约１２０人，招聘会效果不好，希望人社部门帮助对接劳务输出地。');
    ids.hiringPidu = await submit(pidu.enterprise.bearer, '普工短缺', '节后普工缺口约120人，希望人社局对接劳务输出地，组织专场招聘。');
    ids.alone = await submit(wuhou.enterprise.bearer, '厂区变压器烧毁需要抢修', '昨夜雷雨，厂区变压器烧毁，全厂停电，请求供电部门尽快抢修。');
  });
  afterAll(() => ctx.close());

  it('shows a city supervisor the clusters of its own region, counting only its appeals', async () => {
    const { body } = await pool(wuhou.supervisor.bearer).expect(200);
    expect(body.scope.code).toBe('510100');
    expect(body.period).toMatchObject({ kind: 'month', key: '2026-11', label: '2026年11月' });
    expect(body.items.map((c: { clusterKey: number; appeals: number; firms: number; counties: number }) => [c.clusterKey, c.appeals, c.firms, c.counties])).toEqual([
      [ids.capacityWuhou, 2, 2, 2],
      [ids.hiringWuhou, 2, 2, 2],
    ]);
    expect(body.items[0]).toMatchObject({ sampleTitle: '变压器容量不足影响投产' });
    expect(body.total).toBe(2);
    expect(body.clustering.pending).toBe(0);
  });

  it('shows the province the whole spread, and another city nothing raised by one firm alone', async () => {
    const all = await pool(province).expect(200);
    expect(all.body.items[0]).toMatchObject({ clusterKey: ids.capacityWuhou, appeals: 3, firms: 3, counties: 3 });
    const other = await pool(nanchong.supervisor.bearer).expect(200);
    expect(other.body.items).toEqual([]);
    const county = await pool(province, { regionCode: '510107' }).expect(200);
    expect(county.body.items).toEqual([]);
  });

  it('lists a cluster’s appeals in the caller’s region only, and 404s outside it', async () => {
    const mine = await ctx.http().get(`/api/common-problems/pool/${ids.capacityWuhou}/appeals`).query({ key: '2026-11' }).set('Authorization', wuhou.supervisor.bearer).expect(200);
    expect(mine.body.items.map((a: { id: number }) => a.id)).toEqual([ids.capacityWuhou, ids.capacityPidu]);
    expect(mine.body.items[0]).toMatchObject({ regionCode: '510107', status: 'submitted' });
    await ctx.http().get(`/api/common-problems/pool/${ids.hiringWuhou}/appeals`).query({ key: '2026-11' }).set('Authorization', nanchong.supervisor.bearer).expect(404);
    await ctx.http().get(`/api/common-problems/pool/${ids.capacityWuhou}/appeals`).query({ regionCode: '511300' }).set('Authorization', wuhou.supervisor.bearer).expect(404);
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
    const xun = await pool(wuhou.supervisor.bearer, { period: 'xun', key: '2026-11-X2' }).expect(200);
    expect(xun.body.items).toHaveLength(2);
    const week = await pool(wuhou.supervisor.bearer, { period: 'week', key: '2026-W47' }).expect(200);
    expect(week.body.items).toHaveLength(2);
    const earlier = await pool(wuhou.supervisor.bearer, { period: 'xun', key: '2026-11-X1' }).expect(200);
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
