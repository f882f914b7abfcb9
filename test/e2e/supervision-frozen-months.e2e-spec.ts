import * as ExcelJS from 'exceljs';
import { FixedClock } from '../../src/common/clock/clock';
import { SettingsService } from '../../src/settings/settings.service';
import { DashboardService } from '../../src/supervision/metrics/dashboard.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * Ended months answered from the frozen month reports (rankings, metrics, the month trend), the
 * running month and everything else counted live. The appeals go through the real actions, so
 * their events are what a frozen report is built from, in 南充 (and one in 宜宾 for scoping),
 * cities and months (2024) no other spec uses.
 *
 * Response limit: 24 natural hours from submission. June: 顺庆 responds on time, 高坪 late;
 * July: 顺庆 late once (S1) and on time once (S2), 高坪 on time — so the ranking turns over.
 */
const PROVINCE = '510000';
const NANCHONG = '511300';
const SHUNQING = '511302'; // 顺庆区
const GAOPING = '511303'; // 高坪区
const YIBIN = '511500';
const CUIPING = '511502'; // 翠屏区
const NOW = '2024-08-12T02:00:00.000Z'; // Monday 10:00: June and July have ended, August runs

type Cast = Awaited<ReturnType<typeof appealCast>>;

/** supertest buffers binary bodies only when told how. */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
const parseBinary = binary as unknown as (res: unknown, done: (err: Error | null, body: unknown) => void) => void;

async function sheetRows(body: Buffer, name: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
interface Row {
  key: string;
  rank: number | null;
  change: number | null;
  metrics: { responseRate: { numerator: number; denominator: number } };
}

describe('supervision: ended months from the frozen reports (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let shunqing: Cast;
  let gaoping: Cast;
  let cuiping: Cast;
  let province: Awaited<ReturnType<typeof signedIn>>;
  let category: number;
  const ids: Record<string, number> = {};

  /** One appeal through the real actions: submitted, then accepted, routed and signed, then answered and rated, each at its moment. */
  async function story(name: string, cast: Cast, at: { submit: string; sign: string; resolve?: string; verify?: string }): Promise<void> {
    clock.set(at.submit);
    const submitted = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.enterprise.bearer)
      .send({ categoryId: category, kind: 'help', title: `${name} 园区线路频繁停电`, description: '近两周每天停电两到三次，生产线停工。' })
      .expect(201);
    const id = Number(submitted.body.id);
    let version = Number(submitted.body.version);
    ids[name] = id;
    const act = async (bearer: string, path: string, body: Record<string, unknown> = {}) => {
      const response = await ctx
        .http()
        .post(`/api/appeals/${id}/${path}`)
        .set('Authorization', bearer)
        .send({ version, ...body });
      if (response.status !== 200) throw new Error(`${name} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      version = Number(response.body.version);
    };
    clock.set(at.sign);
    await act(cast.officer.bearer, 'accept');
    await act(cast.officer.bearer, 'route', { leadDepartmentId: cast.deptA });
    await act(cast.handlerA.bearer, 'sign');
    if (at.resolve) {
      clock.set(at.resolve);
      await act(cast.handlerA.bearer, 'resolve', { closureType: 'resolved', answer: '线路改造已完成，供电恢复正常。' });
    }
    if (at.verify) {
      clock.set(at.verify);
      await act(cast.enterprise.bearer, 'verify', { solved: 'yes', satisfaction: 'very_satisfied' });
    }
  }

  beforeAll(async () => {
    clock = new FixedClock(new Date('2024-06-01T02:00:00Z'));
    ctx = await createTestApp({ clock });
    // These months are this spec's own. Another spec's console, read under a later clock (a
    // dashboard's trend), may have frozen the province's June–August 2024 in the background before
    // these appeals existed: such reports are stale for this data and would answer in its place.
    await ctx.db.query("DELETE FROM report_snapshots WHERE period_key LIKE '2024-06%' OR period_key LIKE '2024-07%' OR period_key LIKE '2024-08%'");
    category = await categoryId(ctx.db, 'energy_power');
    shunqing = await appealCast(ctx, SHUNQING);
    gaoping = await appealCast(ctx, GAOPING);
    cuiping = await appealCast(ctx, CUIPING);
    province = await signedIn(ctx, { role: 'supervisor', regionCode: PROVINCE });
    // June
    await story('S0', shunqing, {
      submit: '2024-06-03T02:00:00Z',
      sign: '2024-06-03T04:00:00Z',
      resolve: '2024-06-05T02:00:00Z',
      verify: '2024-06-06T02:00:00Z',
    });
    await story('G0', gaoping, {
      submit: '2024-06-04T02:00:00Z',
      sign: '2024-06-05T06:00:00Z', // 28 hours: late
      resolve: '2024-06-07T02:00:00Z',
      verify: '2024-06-11T02:00:00Z',
    });
    // July
    await story('S1', shunqing, {
      submit: '2024-07-01T02:00:00Z',
      sign: '2024-07-02T06:00:00Z', // late
      resolve: '2024-07-04T02:00:00Z',
      verify: '2024-07-05T02:00:00Z',
    });
    await story('S2', shunqing, { submit: '2024-07-15T02:00:00Z', sign: '2024-07-15T03:00:00Z' }); // never answered
    await story('G1', gaoping, {
      submit: '2024-07-02T02:00:00Z',
      sign: '2024-07-02T03:00:00Z',
      resolve: '2024-07-04T02:00:00Z',
      verify: '2024-07-05T02:00:00Z',
    });
    await story('Y1', cuiping, {
      submit: '2024-07-08T02:00:00Z',
      sign: '2024-07-08T03:00:00Z',
      resolve: '2024-07-10T02:00:00Z',
      verify: '2024-07-11T02:00:00Z',
    });
    // August, running
    await story('S3', shunqing, { submit: '2024-08-05T02:00:00Z', sign: '2024-08-05T03:00:00Z' });
    clock.set(NOW);
  });
  afterAll(() => ctx.close());

  const get = (path: string, bearer: string) => ctx.http().get(path).set('Authorization', bearer);
  const rowsByKey = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.key, r]));
  const onTime = (body: { metrics: { responseRate: { numerator: number; denominator: number } } }) => [
    body.metrics.responseRate.numerator,
    body.metrics.responseRate.denominator,
  ];
  /** Moves an appeal's signing directly in the table, as a correction or a later redo would: no frozen figure may follow. */
  const resign = (name: string, at: string) => ctx.db.query('UPDATE appeals SET signed_at = ? WHERE id = ?', [new Date(at), ids[name]]);

  // First: nobody has frozen June or July yet (the report job does not run in tests).
  it('answers months nobody froze yet from a count, without waiting for a freeze, and freezes them in the background', async () => {
    const path = '/api/supervision/trend?kind=month&from=2024-06-01&to=2024-08-31';
    const first = (await get(path, shunqing.supervisor.bearer).expect(200)).body;
    expect(first.points.map((p: { source: unknown }) => p.source)).toEqual([
      { kind: 'live', countedAt: NOW },
      { kind: 'live', countedAt: NOW },
      { kind: 'live', countedAt: NOW },
    ]);
    // Counted as the appeals stood at each month's end: what the reports will hold.
    expect(onTime(first.points[0])).toEqual([1, 2]);
    expect(onTime(first.points[1])).toEqual([2, 3]);
    // A ranking of a month still being frozen is counted too, and says so.
    const ranking = (await get('/api/supervision/rankings?period=month&key=2024-07', shunqing.supervisor.bearer).expect(200)).body;
    expect(ranking.source.kind).toBe('live');

    await ctx.app.get(DashboardService).settled(); // the freezes the requests started
    const reports = (await get('/api/supervision/reports?regionCode=510000&periodKind=month&pageSize=50', province.bearer).expect(200)).body
      .items;
    expect(reports.map((r: { periodKey: string }) => r.periodKey)).toEqual(expect.arrayContaining(['2024-06', '2024-07']));
    const again = (await get(path, shunqing.supervisor.bearer).expect(200)).body;
    expect(again.points[0].source).toMatchObject({ kind: 'frozen', reportRegionCode: PROVINCE });
    expect(again.points[1].source).toMatchObject({ kind: 'frozen', reportRegionCode: PROVINCE });
    expect(again.points.slice(0, 2).map((p: { metrics: unknown }) => p.metrics)).toEqual(
      first.points.slice(0, 2).map((p: { metrics: unknown }) => p.metrics),
    );
  });

  it("ranks a city's counties for an ended month from the province's frozen report, with the change from the month before", async () => {
    const response = await get('/api/supervision/rankings?period=month&key=2024-07', shunqing.supervisor.bearer).expect(200);
    const body = response.body;
    expect(body.source).toMatchObject({ kind: 'frozen', reportRegionCode: PROVINCE, reportStatus: 'draft', publishedAt: null });
    expect(body).toMatchObject({ kind: 'region', groupBy: 'county', scope: { code: NANCHONG }, previousPeriod: { key: '2024-06' } });
    expect(body.period).toMatchObject({ key: '2024-07', complete: true });
    expect(body.rows.every((r: Row) => r.key.startsWith('5113'))).toBe(true);
    const rows = rowsByKey(body.rows);
    expect(onTime(rows[GAOPING])).toEqual([1, 1]);
    expect(onTime(rows[SHUNQING])).toEqual([1, 2]);
    expect(rows[GAOPING]).toMatchObject({ rank: 1, previousRank: 2, change: 1 });
    expect(rows[SHUNQING]).toMatchObject({ rank: 2, previousRank: 1, change: -1 });

    // Exactly the figures the province report holds for those counties.
    const report = await get(`/api/supervision/reports/${body.source.reportId}`, province.bearer).expect(200);
    expect(report.body).toMatchObject({ periodKind: 'month', periodKey: '2024-07', scopeRegionCode: PROVINCE });
    expect(body.source.frozenAt).toBe(report.body.computedAt);
    const frozenCounties = rowsByKey(report.body.figures.groups.county);
    for (const key of [SHUNQING, GAOPING]) expect(rows[key].metrics).toEqual(frozenCounties[key].metrics);
  });

  it('does not move when an appeal of the ended month changes underneath, while a count of the same days does', async () => {
    const path = '/api/supervision/rankings?period=month&key=2024-07';
    const live = '/api/supervision/rankings?from=2024-07-01&to=2024-07-31';
    const before = (await get(path, shunqing.supervisor.bearer).expect(200)).body;
    const countedBefore = (await get(live, shunqing.supervisor.bearer).expect(200)).body;
    expect(countedBefore.source).toEqual({ kind: 'live', countedAt: NOW });
    expect(countedBefore.period.kind).toBe('custom');
    // Nothing changed yet: the count agrees with the frozen figures.
    expect(rowsByKey(countedBefore.rows)[SHUNQING].metrics).toEqual(rowsByKey(before.rows)[SHUNQING].metrics);
    await resign('S1', '2024-07-01T03:00:00Z'); // now on time
    try {
      const after = (await get(path, shunqing.supervisor.bearer).expect(200)).body;
      expect(after).toEqual(before);
      const counted = (await get(live, shunqing.supervisor.bearer).expect(200)).body;
      expect(onTime(rowsByKey(counted.rows)[SHUNQING])).toEqual([2, 2]);
      // The province's own ranking (as its report stored it) and metrics hold too.
      const cities = (await get('/api/supervision/metrics?period=month&key=2024-07&groupBy=city', province.bearer).expect(200)).body;
      expect(cities.source).toMatchObject({ kind: 'frozen', reportRegionCode: PROVINCE, reportId: before.source.reportId });
      expect(onTime(rowsByKey(cities.groups)[NANCHONG])).toEqual([2, 3]);
    } finally {
      await resign('S1', '2024-07-02T06:00:00Z');
    }
  });

  it('draws the month trend from the frozen months and the live running month', async () => {
    const path = '/api/supervision/trend?kind=month&from=2024-06-01&to=2024-08-31';
    const trend = (await get(path, shunqing.supervisor.bearer).expect(200)).body;
    expect(trend.points.map((p: { period: { key: string } }) => p.period.key)).toEqual(['2024-06', '2024-07', '2024-08']);
    const [june, july, august] = trend.points;
    expect(june.source).toMatchObject({ kind: 'frozen', reportRegionCode: PROVINCE });
    expect(july.source).toMatchObject({ kind: 'frozen', reportRegionCode: PROVINCE });
    expect(august.source).toMatchObject({ kind: 'live' });
    expect(onTime(june)).toEqual([1, 2]);
    expect(onTime(july)).toEqual([2, 3]);
    expect(onTime(august)).toEqual([1, 1]);

    await resign('S1', '2024-07-01T03:00:00Z');
    await resign('S3', '2024-08-06T10:00:00Z'); // past its 24 hours
    clock.advance(11 * 60 * 1000); // the running month's figures are recounted when older than ten minutes
    try {
      const after = (await get(path, shunqing.supervisor.bearer).expect(200)).body;
      expect(after.points[0]).toEqual(june);
      expect(after.points[1]).toEqual(july);
      expect(onTime(after.points[2])).toEqual([0, 1]);
      expect(after.points[2].source).toEqual({ kind: 'live', countedAt: clock.now().toISOString() });
      // A weekly trend is counted, as before.
      const weeks = (await get('/api/supervision/trend?kind=week&from=2024-07-01&to=2024-07-14', shunqing.supervisor.bearer).expect(200))
        .body;
      expect(weeks.points.every((p: { source: { kind: string } }) => p.source.kind === 'live')).toBe(true);
      expect(onTime(weeks.points[0])).toEqual([2, 2]); // W27: S1 (moved on time) and G1
    } finally {
      await resign('S1', '2024-07-02T06:00:00Z');
      await resign('S3', '2024-08-05T03:00:00Z');
      clock.set(NOW);
    }
  });

  it('answers metrics of an ended month from the report when it holds the grouping, and counts otherwise', async () => {
    const frozen = (await get('/api/supervision/metrics?period=month&key=2024-07', shunqing.supervisor.bearer).expect(200)).body;
    expect(frozen.source).toMatchObject({ kind: 'frozen', reportRegionCode: PROVINCE });
    expect(frozen.groupBy).toBe('county');
    expect(frozen.groups.every((g: { key: string }) => g.key.startsWith('5113'))).toBe(true);
    expect(frozen.total).toMatchObject({ key: 'all', name: '南充市' });
    expect(onTime(frozen.total)).toEqual([2, 3]);
    // The same as counting the same days (nothing has changed), group for group.
    const counted = (await get('/api/supervision/metrics?from=2024-07-01&to=2024-07-31', shunqing.supervisor.bearer).expect(200)).body;
    expect(counted.source.kind).toBe('live');
    expect(counted.total).toEqual(frozen.total);
    expect(counted.groups).toEqual(frozen.groups);
    const total = (await get('/api/supervision/metrics?period=month&key=2024-07&groupBy=total', shunqing.supervisor.bearer).expect(200))
      .body;
    expect(total.source.kind).toBe('frozen');
    expect(total.groups).toEqual([total.total]);
    expect(total.total).toEqual(frozen.total);

    // A city's departments are not in the province report (it counts them province-wide): counted.
    const departments = (
      await get('/api/supervision/metrics?period=month&key=2024-07&groupBy=department', shunqing.supervisor.bearer).expect(200)
    ).body;
    expect(departments.source.kind).toBe('live');
    // Filters, weeks and the running month are counted.
    for (const query of [`departmentId=${shunqing.deptA}`, 'period=week&key=2024-W28', 'period=month&key=2024-08']) {
      const response = await get(`/api/supervision/metrics?${query}`, shunqing.supervisor.bearer).expect(200);
      expect(response.body.source).toEqual({ kind: 'live', countedAt: NOW });
    }
    const filtered = await get(
      `/api/supervision/metrics?period=month&key=2024-07&departmentId=${shunqing.deptA}`,
      shunqing.supervisor.bearer,
    );
    expect(filtered.body.source.kind).toBe('live');
  });

  it("keeps a city supervisor to their own city's figures on the frozen path", async () => {
    const yibin = (await get('/api/supervision/rankings?period=month&key=2024-07', cuiping.supervisor.bearer).expect(200)).body;
    expect(yibin.scope.code).toBe(YIBIN);
    expect(yibin.source).toMatchObject({ kind: 'frozen', reportRegionCode: PROVINCE });
    expect(yibin.rows.every((r: Row) => r.key.startsWith('5115'))).toBe(true);
    expect(onTime(rowsByKey(yibin.rows)[CUIPING])).toEqual([1, 1]);
    const metrics = (await get('/api/supervision/metrics?period=month&key=2024-07&groupBy=total', cuiping.supervisor.bearer).expect(200))
      .body;
    expect(onTime(metrics.total)).toEqual([1, 1]);
    const trend = (await get('/api/supervision/trend?kind=month&from=2024-07-01&to=2024-07-31', cuiping.supervisor.bearer).expect(200))
      .body;
    expect(onTime(trend.points[0])).toEqual([1, 1]);
    // Another city, or the province, answers as if it did not exist.
    for (const path of ['rankings?period=month&key=2024-07', 'metrics?period=month&key=2024-07', 'trend?kind=month&from=2024-07-01']) {
      for (const region of [NANCHONG, PROVINCE]) {
        await get(`/api/supervision/${path}&regionCode=${region}`, cuiping.supervisor.bearer).expect(404);
      }
    }
    // A county supervisor gets their county alone.
    const county = await signedIn(ctx, { role: 'supervisor', regionCode: GAOPING });
    const own = (await get('/api/supervision/metrics?period=month&key=2024-07', county.bearer).expect(200)).body;
    expect(own.source.kind).toBe('frozen');
    expect(own.groups.map((g: { key: string }) => g.key)).toEqual([GAOPING]);
    expect(onTime(own.total)).toEqual([1, 1]);
  });

  it('keeps the settings a report was frozen under, and re-cuts the lists to the asked length', async () => {
    const [{ value: weights }] = await ctx.db.query(`SELECT value FROM settings WHERE setting_key = 'metrics.weights'`);
    await ctx.db.query(`UPDATE settings SET value = ? WHERE setting_key = 'metrics.weights'`, [
      JSON.stringify({
        responseRate: 0,
        onTimeResolutionRate: 1,
        solutionRate: 1,
        satisfactionRate: 1,
        redoRate: 1,
        objectionRate: 1,
        extensionRate: 1,
      }),
    ]);
    ctx.app.get(SettingsService).invalidate();
    try {
      const frozen = (await get('/api/supervision/rankings?period=month&key=2024-07&n=1', shunqing.supervisor.bearer).expect(200)).body;
      expect(frozen.weights.responseRate).toBe(20);
      expect(frozen.redList.map((r: Row) => r.key)).toEqual([GAOPING]);
      expect(frozen.blackList.length).toBeGreaterThanOrEqual(1);
      const counted = (await get('/api/supervision/rankings?from=2024-07-01&to=2024-07-31', shunqing.supervisor.bearer).expect(200)).body;
      expect(counted.weights.responseRate).toBe(0);
    } finally {
      await ctx.db.query(`UPDATE settings SET value = ? WHERE setting_key = 'metrics.weights'`, [
        typeof weights === 'string' ? weights : JSON.stringify(weights),
      ]);
      ctx.app.get(SettingsService).invalidate();
    }
  });

  it('exports the ranking of an ended month as its frozen report holds it, and a custom range as counted', async () => {
    const exported = async (query: string) => {
      const response = await ctx
        .http()
        .get(`/api/supervision/exports/rankings.xlsx?${query}`)
        .set('Authorization', shunqing.supervisor.bearer)
        .buffer(true)
        .parse(parseBinary)
        .expect(200);
      return sheetRows(response.body as Buffer, '地区排名');
    };
    const frozen = (await get('/api/supervision/rankings?period=month&key=2024-07', shunqing.supervisor.bearer).expect(200)).body;
    expect(frozen.source.kind).toBe('frozen');
    await resign('S1', '2024-07-01T03:00:00Z'); // counted now, 顺庆 would answer on time
    try {
      const [title, , ...rows] = await exported('period=month&key=2024-07&kind=region');
      expect(String(title[0])).toContain(`南充市 2024年7月 地区排名`);
      expect(String(title[0])).toContain(`草稿报告 #${frozen.source.reportId}`);
      const byName = Object.fromEntries(rows.filter((r) => r.length > 2).map((r) => [r[1], r]));
      for (const row of frozen.rows as Array<Row & { name: string; score: number | null; previousRank: number | null }>) {
        // (an empty cell reads back as undefined)
        const cells = [row.rank, row.name, row.score, row.previousRank, row.change].map((v) => v ?? undefined);
        expect(byName[row.name].slice(0, 5)).toEqual(cells);
      }
      expect(byName['顺庆区'][6]).toBe(0.5); // 1 of 2 on time, as frozen; counted now it would be 2 of 2
      expect(byName['高坪区'].slice(0, 1)).toEqual([1]);

      const [liveTitle, , ...liveRows] = await exported('from=2024-07-01&to=2024-07-31&kind=region');
      expect(String(liveTitle[0])).toContain('实时统计');
      expect(liveRows.find((r) => r[1] === '顺庆区')?.[6]).toBe(1);
    } finally {
      await resign('S1', '2024-07-02T06:00:00Z');
    }
  });

  it("reads a city's own frozen report once there is one, departments included", async () => {
    const before = (await get('/api/supervision/rankings?period=month&key=2024-07&kind=department', shunqing.supervisor.bearer).expect(200))
      .body;
    expect(before.source.kind).toBe('live');
    const created = await ctx
      .http()
      .post('/api/supervision/reports')
      .set('Authorization', shunqing.supervisor.bearer)
      .send({ periodKind: 'month', key: '2024-07' })
      .expect(201);
    const departments = (
      await get('/api/supervision/rankings?period=month&key=2024-07&kind=department', shunqing.supervisor.bearer).expect(200)
    ).body;
    expect(departments.source).toMatchObject({ kind: 'frozen', reportId: created.body.id, reportRegionCode: NANCHONG });
    expect(departments.rows).toEqual(created.body.figures.rankings.department.rows);
    const regions = (await get('/api/supervision/rankings?period=month&key=2024-07', shunqing.supervisor.bearer).expect(200)).body;
    expect(regions.source).toMatchObject({ reportId: created.body.id });
    expect(regions.rows).toEqual(created.body.figures.rankings.region.rows);
  });

  it('documents where the figures came from in the OpenAPI document', async () => {
    const doc = (await ctx.http().get('/api/docs-json').expect(200)).body;
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.FiguresSourceDto.properties)).toEqual(
      expect.arrayContaining(['kind', 'reportId', 'reportRegionCode', 'frozenAt', 'countedAt']),
    );
    for (const name of ['FiguresResponseDto', 'RankingResponseDto', 'TrendPointDto']) {
      expect(schemas[name].required).toContain('source');
    }
    expect(doc.paths['/api/supervision/rankings'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/RankingResponseDto',
    );
  });
});
