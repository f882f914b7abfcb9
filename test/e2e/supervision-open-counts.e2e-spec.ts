import { FixedClock } from '../../src/common/clock/clock';
import { QueuesRepository } from '../../src/supervision/queues/queues.repository';
import { ReportFreezerCron } from '../../src/supervision/reports/report-freezer.cron';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertFirm, insertSupervisionOrderRow, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * The dashboard's open-case counts from the job's per-region counts (open_case_counts, migration
 * 0900) while they are fresh, counted live otherwise. 德阳 (510600: 罗江区, 中江县) and 遂宁 (510900), which no
 * other spec uses, at a moment (2023) no other spec's clock is near, so a count taken here is
 * stale for every other spec and the figures below are exact whatever else the database holds.
 */
const LUZHOU = '510600'; // 德阳 (the name kept: the figures are the city's)
const JIANGYANG = '510604'; // 罗江区
const NAXI = '510623'; // 中江县
const SUINING = '510900';
const CHUANSHAN = '510903'; // 船山区
const NOW = '2023-03-15T02:00:00.000Z';
const at = (iso: string) => new Date(iso);
const later = (ms: number) => new Date(new Date(NOW).getTime() + ms).toISOString();

describe('supervision: pre-counted open cases on the dashboard (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let luzhou: Awaited<ReturnType<typeof signedIn>>;
  let suining: Awaited<ReturnType<typeof signedIn>>;
  let naxi: Awaited<ReturnType<typeof signedIn>>;
  let appeal: (regionCode: string, columns: Record<string, unknown>) => Promise<number>;

  beforeAll(async () => {
    clock = new FixedClock(new Date(NOW));
    ctx = await createTestApp({ clock });
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    luzhou = await signedIn(ctx, { role: 'supervisor', regionCode: LUZHOU });
    suining = await signedIn(ctx, { role: 'supervisor', regionCode: SUINING });
    naxi = await signedIn(ctx, { role: 'supervisor', regionCode: NAXI });
    const category = await categoryId(ctx.db, 'other');
    const firms = new Map<string, { id: number }>();
    const departments = new Map<string, number>();
    for (const code of [JIANGYANG, NAXI, CHUANSHAN]) {
      firms.set(code, await insertFirm(ctx.db, { regionCode: code }));
      departments.set(code, await insertDepartment(ctx.db, code));
    }
    appeal = (regionCode, columns) =>
      insertAppealRow(ctx.db, {
        enterpriseId: (firms.get(regionCode) as { id: number }).id,
        regionCode,
        submittedBy: admin.id,
        categoryId: category,
        columns: {
          submitted_at: at('2023-03-01T02:00:00Z'),
          ...(columns.status === 'submitted'
            ? {}
            : { lead_department_id: departments.get(regionCode), assigned_at: at('2023-03-01T03:00:00Z') }),
          ...columns,
        },
      });
    const submitted = { response_due_at: at('2023-03-02T02:00:00Z') };
    // 江阳: one overdue (with an order awaiting a reply), one answered and waiting for the firm, one closed.
    const overdue = await appeal(JIANGYANG, { status: 'in_progress', warning_light: 'red', ...submitted });
    await insertSupervisionOrderRow(ctx.db, { appealId: overdue, createdAt: at('2023-03-10T02:00:00Z') });
    await appeal(JIANGYANG, { status: 'resolved', ...submitted });
    await appeal(JIANGYANG, { status: 'closed', ...submitted });
    // 纳溪: one never accepted past its response limit, one due soon.
    await appeal(NAXI, { status: 'submitted', ...submitted });
    await appeal(NAXI, { status: 'in_progress', warning_light: 'yellow', ...submitted });
    // 遂宁/船山: two overdue.
    await appeal(CHUANSHAN, { status: 'in_progress', warning_light: 'red', ...submitted });
    await appeal(CHUANSHAN, { status: 'assigned', warning_light: 'red', ...submitted });
  });
  afterAll(async () => {
    await ctx.db.query('DELETE FROM open_case_counts');
    await ctx.close();
  });

  const get = (path: string, bearer: string) => ctx.http().get(path).set('Authorization', bearer);
  const dashboard = async (bearer: string, query = '') => (await get(`/api/supervision/dashboard${query}`, bearer).expect(200)).body;
  const LUZHOU_COUNTS = { open: 4, overdue: 1, dueSoon: 1, unaccepted: 1, awaitingVerification: 1, ordersAwaitingReply: 1 };
  const refresh = () => ctx.app.get(ReportFreezerCron).refreshOpenCounts();

  it('counts live, and says so, while nothing was counted', async () => {
    await ctx.db.query('DELETE FROM open_case_counts');
    const body = await dashboard(luzhou.bearer);
    expect(body.counts).toEqual(LUZHOU_COUNTS);
    expect(body.queuesAsOf).toBe(NOW);
    expect(body.generatedAt).toBe(NOW);
  });

  it("uses the job's counts while they are fresh: the dashboard reads them, the queue lists stay live", async () => {
    expect(await refresh()).toBeGreaterThan(200); // every region of Sichuan, zeros included
    clock.set(later(60_000));
    const late = await appeal(JIANGYANG, { status: 'in_progress', warning_light: 'red', response_due_at: at('2023-03-02T02:00:00Z') });
    try {
      const body = await dashboard(luzhou.bearer);
      expect(body.queuesAsOf).toBe(NOW); // when they were counted
      expect(body.generatedAt).toBe(later(60_000));
      expect(body.counts).toEqual(LUZHOU_COUNTS); // not yet the appeal that went red since
      const queue = (await get('/api/supervision/queues/overdue', luzhou.bearer).expect(200)).body;
      expect(queue.total).toBe(2);

      // Older than two minutes: counted live again.
      clock.set(later(2 * 60_000 + 1));
      const stale = await dashboard(luzhou.bearer);
      expect(stale.queuesAsOf).toBe(later(2 * 60_000 + 1));
      expect(stale.counts).toEqual({ ...LUZHOU_COUNTS, open: 5, overdue: 2 });
    } finally {
      await ctx.db.query('DELETE FROM appeal_text_bands WHERE appeal_id = ?', [late]);
      await ctx.db.query('DELETE FROM appeal_texts WHERE appeal_id = ?', [late]);
      await ctx.db.query('DELETE FROM appeals WHERE id = ?', [late]);
      clock.set(NOW);
    }
  });

  it('keeps a city supervisor to their own subtree', async () => {
    await refresh();
    // Marked so that a read of the stored rows is told apart from a live count.
    await ctx.db.query('UPDATE open_case_counts SET open_count = open_count + 100 WHERE region_code = ?', [CHUANSHAN]);
    const own = await dashboard(suining.bearer);
    expect(own.queuesAsOf).toBe(NOW);
    expect(own.counts).toEqual({ open: 102, overdue: 2, dueSoon: 0, unaccepted: 0, awaitingVerification: 0, ordersAwaitingReply: 0 });
    expect((await dashboard(luzhou.bearer)).counts).toEqual(LUZHOU_COUNTS);
    // A county of the city, asked for by the city's supervisor or by the county's own.
    const naxiCounts = { open: 2, overdue: 0, dueSoon: 1, unaccepted: 1, awaitingVerification: 0, ordersAwaitingReply: 0 };
    expect((await dashboard(luzhou.bearer, `?regionCode=${NAXI}`)).counts).toEqual(naxiCounts);
    expect((await dashboard(naxi.bearer)).counts).toEqual(naxiCounts);
    // Nobody reads another region's counts.
    await get(`/api/supervision/dashboard?regionCode=${SUINING}`, luzhou.bearer).expect(404);
    await get(`/api/supervision/dashboard?regionCode=${JIANGYANG}`, naxi.bearer).expect(404);
  });

  it("adds up to the live count of the province's open cases", async () => {
    await refresh();
    const province = await signedIn(ctx, { role: 'supervisor', regionCode: '510000' });
    const body = await dashboard(province.bearer);
    expect(body.queuesAsOf).toBe(NOW);
    const user = { ...province, regionLevel: 'province', reachPrefix: '51' } as never;
    expect(body.counts).toEqual(await ctx.app.get(QueuesRepository).openCounts(user, '510000', new Date(NOW)));
  });

  it('documents when the counts were taken in the OpenAPI document', async () => {
    const doc = (await ctx.http().get('/api/docs-json').expect(200)).body;
    expect(doc.components.schemas.DashboardDto.required).toEqual(expect.arrayContaining(['counts', 'queuesAsOf']));
    expect(doc.components.schemas.DashboardDto.properties.queuesAsOf.description).toContain('generatedAt');
  });
});
