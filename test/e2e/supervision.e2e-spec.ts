import { FixedClock } from '../../src/common/clock/clock';
import { SettingsService } from '../../src/settings/settings.service';
import { ReportFreezerCron } from '../../src/supervision/reports/report-freezer.cron';
import { categoryId } from '../helpers/appeal-fixtures';
import {
  insertAppealEventRow,
  insertAppealRow,
  insertDepartment,
  insertFirm,
  insertSupervisionOrderRow,
  signedIn,
} from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * A hand-built data set in 雅安 (511800) whose March 2026 figures are worked out by hand below,
 * plus two appeals in 巴中 (511900) on either side of midnight at the end of February. Regions
 * nobody else's spec uses, so the literals hold whatever else is in the shared test database.
 *
 * Shanghai working hours are 09:00–12:00 and 13:30–17:30 (01:00–04:00Z, 05:30–09:30Z).
 * March 2026 runs from 2026-02-28T16:00Z to 2026-03-31T16:00Z.
 */
const YAAN = '511800';
const YUCHENG = '511802'; // 雨城区
const MINGSHAN = '511803'; // 名山区
const BAZHONG = '511900';
const BAZHOU = '511902'; // 巴州区
const NOW = '2026-04-10T02:00:00.000Z'; // Friday 10:00 in April: March and February have ended
/**
 * The days of March as a custom range: counted from the appeals as they are now. (An ended month
 * asked for as a month is read from its frozen report: the appeals as they stood at its end.)
 */
const MARCH_DAYS = 'from=2026-03-01&to=2026-03-31';

const at = (iso: string) => new Date(iso);

describe('supervision: queues, metrics, rankings, reports, dashboard (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let yaanSupervisor: Awaited<ReturnType<typeof signedIn>>;
  let d1: number;
  let d2: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    clock = new FixedClock(new Date(NOW));
    ctx = await createTestApp({ clock });
    // February and March 2026 are this spec's own. Another spec's console, read under a later clock,
    // may have frozen them in the background before these appeals existed: such reports are stale
    // for this data and would answer in its place (published ones, with a notice, are kept).
    await ctx.db.query(
      `DELETE FROM report_snapshots WHERE (period_key LIKE '2026-02%' OR period_key LIKE '2026-03%' OR period_key = '2026-Q1')
          AND id NOT IN (SELECT report_id FROM assessment_notices)`,
    );
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    yaanSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: YAAN });
    d1 = await insertDepartment(ctx.db, YUCHENG, '雨城区经济信息化和科学技术局');
    d2 = await insertDepartment(ctx.db, MINGSHAN, '名山区经济信息化和科学技术局');
    const category = await categoryId(ctx.db, 'other');
    const yucheng = await insertFirm(ctx.db, { regionCode: YUCHENG });
    const mingshan = await insertFirm(ctx.db, { regionCode: MINGSHAN });
    const bazhou = await insertFirm(ctx.db, { regionCode: BAZHOU });
    const appeal = (name: string, firm: { id: number }, regionCode: string, columns: Record<string, unknown>) =>
      insertAppealRow(ctx.db, { enterpriseId: firm.id, regionCode, submittedBy: admin.id, categoryId: category, columns }).then((id) => {
        ids[name] = id;
      });

    // A1 雨城/D1: responded and resolved on time, solved, 非常满意, closed in March; 3 working days.
    await appeal('A1', yucheng, YUCHENG, {
      status: 'closed',
      lead_department_id: d1,
      submitted_at: at('2026-03-02T01:00:00Z'),
      response_due_at: at('2026-03-03T01:00:00Z'),
      accepted_at: at('2026-03-02T02:00:00Z'),
      assigned_at: at('2026-03-02T03:00:00Z'),
      signed_at: at('2026-03-02T06:00:00Z'),
      resolution_due_at: at('2026-03-11T09:30:00Z'),
      resolved_at: at('2026-03-05T01:00:00Z'),
      closure_type: 'resolved',
      verified_at: at('2026-03-06T02:00:00Z'),
      solved: 'yes',
      satisfaction: 'very_satisfied',
      closed_at: at('2026-03-06T02:00:00Z'),
    });
    // A2 雨城/D1: signed late, one extension, resolved late, partly solved, 基本满意; 9 working days less a 1-day pause = 8.
    await appeal('A2', yucheng, YUCHENG, {
      status: 'closed',
      lead_department_id: d1,
      submitted_at: at('2026-03-09T01:00:00Z'),
      response_due_at: at('2026-03-10T01:00:00Z'),
      assigned_at: at('2026-03-09T05:00:00Z'),
      signed_at: at('2026-03-10T02:00:00Z'),
      extension_count: 1,
      resolution_due_at: at('2026-03-18T09:30:00Z'),
      resolved_at: at('2026-03-20T01:00:00Z'),
      closure_type: 'partly_resolved',
      verified_at: at('2026-03-23T02:00:00Z'),
      solved: 'partly',
      satisfaction: 'basically_satisfied',
      closed_at: at('2026-03-23T02:00:00Z'),
    });
    await ctx.db.query('INSERT INTO appeal_pauses (appeal_id, started_at, ended_at) VALUES (?, ?, ?)', [
      ids.A2,
      at('2026-03-12T01:00:00Z'),
      at('2026-03-13T01:00:00Z'),
    ]);
    // A3 雨城/D1: objected once, signed on time, due 25 March and still not resolved: overdue, red light.
    await appeal('A3', yucheng, YUCHENG, {
      status: 'in_progress',
      lead_department_id: d1,
      submitted_at: at('2026-03-16T01:00:00Z'),
      response_due_at: at('2026-03-17T01:00:00Z'),
      assigned_at: at('2026-03-16T02:00:00Z'),
      signed_at: at('2026-03-16T03:00:00Z'),
      objection_count: 1,
      resolution_due_at: at('2026-03-25T09:30:00Z'),
      current_due_at: at('2026-03-25T09:30:00Z'),
      warning_light: 'red',
      overdue_since: at('2026-03-25T09:30:00Z'),
      supervision_level: 'supervision',
    });
    // A4 名山: never accepted; its response fell due on 21 March.
    await appeal('A4', mingshan, MINGSHAN, {
      status: 'submitted',
      submitted_at: at('2026-03-20T01:00:00Z'),
      response_due_at: at('2026-03-21T01:00:00Z'),
      current_due_at: at('2026-03-21T01:00:00Z'),
      warning_light: 'red',
    });
    // A5 名山/D2: submitted and routed in February (on time), redone once, resolved on time on 3 March, satisfied.
    // 25 Feb 09:00 → 3 Mar 16:30 = Wed, Thu, Fri, Sat 28 Feb (调休 working day), Mon + 6 of 7 hours Tue = 5.8571.
    await appeal('A5', mingshan, MINGSHAN, {
      status: 'closed',
      lead_department_id: d2,
      submitted_at: at('2026-02-25T01:00:00Z'),
      response_due_at: at('2026-02-26T01:00:00Z'),
      assigned_at: at('2026-02-25T02:00:00Z'),
      signed_at: at('2026-02-25T03:00:00Z'),
      redo_count: 1,
      resolution_due_at: at('2026-03-03T09:30:00Z'),
      resolved_at: at('2026-03-03T08:30:00Z'),
      closure_type: 'explained',
      verified_at: at('2026-03-04T02:00:00Z'),
      solved: 'yes',
      satisfaction: 'satisfied',
      closed_at: at('2026-03-04T02:00:00Z'),
    });
    // A7 雨城: rejected on 25 March before anyone signed: not in the response denominator, not open at the end.
    await appeal('A7', yucheng, YUCHENG, {
      status: 'rejected',
      submitted_at: at('2026-03-25T01:00:00Z'),
      response_due_at: at('2026-03-26T01:00:00Z'),
      updated_at: at('2026-03-25T03:00:00Z'),
    });
    // Appeals with events after the end of March carry a complete log: a frozen report counts
    // them as they stood at the end, folded from the facts their events recorded.
    await insertAppealEventRow(ctx.db, {
      appealId: ids.A7,
      seq: 1,
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      at: at('2026-03-25T01:00:00Z'),
      facts: { submitted_at: at('2026-03-25T01:00:00Z'), response_due_at: at('2026-03-26T01:00:00Z') },
    });
    await insertAppealEventRow(ctx.db, {
      appealId: ids.A7,
      seq: 2,
      action: 'reject',
      fromStatus: 'submitted',
      toStatus: 'rejected',
      at: at('2026-03-25T03:00:00Z'),
    });
    // A8 名山: withdrawn on 2 April, so still open at the end of March.
    await appeal('A8', mingshan, MINGSHAN, {
      status: 'withdrawn',
      submitted_at: at('2026-03-30T01:00:00Z'),
      response_due_at: at('2026-03-31T01:00:00Z'),
      updated_at: at('2026-04-02T01:00:00Z'),
    });
    await insertAppealEventRow(ctx.db, {
      appealId: ids.A8,
      seq: 1,
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      at: at('2026-03-30T01:00:00Z'),
      facts: { submitted_at: at('2026-03-30T01:00:00Z'), response_due_at: at('2026-03-31T01:00:00Z') },
    });
    await insertAppealEventRow(ctx.db, {
      appealId: ids.A8,
      seq: 2,
      action: 'withdraw',
      fromStatus: 'submitted',
      toStatus: 'withdrawn',
      at: at('2026-04-02T01:00:00Z'),
    });
    // A9 名山/D2: resolved on time on 31 March, verified and closed in April: open at the end of March.
    await appeal('A9', mingshan, MINGSHAN, {
      status: 'closed',
      lead_department_id: d2,
      submitted_at: at('2026-03-26T01:00:00Z'),
      response_due_at: at('2026-03-27T01:00:00Z'),
      assigned_at: at('2026-03-26T01:30:00Z'),
      signed_at: at('2026-03-26T02:00:00Z'),
      resolution_due_at: at('2026-04-07T09:30:00Z'),
      resolved_at: at('2026-03-31T02:00:00Z'),
      closure_type: 'resolved',
      verified_at: at('2026-04-02T02:00:00Z'),
      solved: 'yes',
      satisfaction: 'satisfied',
      closed_at: at('2026-04-02T02:00:00Z'),
    });
    // April, for the dashboard and the queues: A10 answered and waiting for the firm, A11 due soon (yellow).
    await appeal('A10', yucheng, YUCHENG, {
      status: 'resolved',
      lead_department_id: d1,
      submitted_at: at('2026-04-01T01:00:00Z'),
      response_due_at: at('2026-04-02T01:00:00Z'),
      assigned_at: at('2026-04-01T02:00:00Z'),
      signed_at: at('2026-04-01T03:00:00Z'),
      resolution_due_at: at('2026-04-09T09:30:00Z'),
      resolved_at: at('2026-04-08T02:00:00Z'),
      closure_type: 'resolved',
      verification_due_at: at('2026-04-15T09:30:00Z'),
      current_due_at: at('2026-04-15T09:30:00Z'),
    });
    await appeal('A11', mingshan, MINGSHAN, {
      status: 'in_progress',
      lead_department_id: d2,
      submitted_at: at('2026-04-07T01:00:00Z'),
      response_due_at: at('2026-04-08T01:00:00Z'),
      assigned_at: at('2026-04-07T02:00:00Z'),
      signed_at: at('2026-04-07T03:00:00Z'),
      resolution_due_at: at('2026-04-16T09:30:00Z'),
      current_due_at: at('2026-04-16T09:30:00Z'),
      warning_light: 'yellow',
    });
    await insertSupervisionOrderRow(ctx.db, {
      appealId: ids.A3,
      departmentId: d1,
      replyDueAt: at('2026-03-30T09:30:00Z'),
      createdAt: at('2026-03-27T09:30:00Z'),
    });
    const d3 = await insertDepartment(ctx.db, BAZHOU);
    // 巴中: routed one millisecond before and exactly at midnight between 28 February and 1 March (Shanghai).
    await appeal('B1', bazhou, BAZHOU, {
      status: 'assigned',
      lead_department_id: d3,
      submitted_at: at('2026-02-27T01:00:00Z'),
      assigned_at: at('2026-02-28T15:59:59.999Z'),
    });
    await appeal('B2', bazhou, BAZHOU, {
      status: 'assigned',
      lead_department_id: d3,
      submitted_at: at('2026-02-27T01:00:00Z'),
      assigned_at: at('2026-02-28T16:00:00.000Z'),
    });
  });
  afterAll(() => ctx.close());

  const get = (path: string, bearer = yaanSupervisor.bearer) => ctx.http().get(path).set('Authorization', bearer);

  describe('metrics', () => {
    it('computes every March rate of 雅安 with its working', async () => {
      const response = await get(`/api/supervision/metrics?groupBy=total&${MARCH_DAYS}`).expect(200);
      expect(response.body.scope).toEqual({ code: YAAN, name: '雅安市', level: 'city' });
      expect(response.body.source).toEqual({ kind: 'live', countedAt: NOW });
      expect(response.body.period).toMatchObject({
        kind: 'custom',
        key: '2026-03-01..2026-03-31',
        fromDate: '2026-03-01',
        toDate: '2026-03-31',
        complete: true,
      });
      expect(response.body.period.startsAt).toBe('2026-02-28T16:00:00.000Z');
      const m = response.body.total.metrics;
      expect(m.responseRate).toEqual({ numerator: 3, denominator: 5, value: 0.6 }); // A1, A3, A9 of A1–A4, A9
      expect(m.onTimeResolutionRate).toEqual({ numerator: 3, denominator: 5, value: 0.6 }); // resolved A1 A2 A5 A9 + unresolved A3
      expect(m.solutionRate).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
      expect(m.partlySolvedShare).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
      expect(m.satisfactionRate).toEqual({ numerator: 2, denominator: 3, value: 0.6667 }); // 基本满意 apart by default
      expect(m.basicallySatisfiedShare).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
      expect(m.redoRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
      expect(m.objectionRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
      expect(m.extensionRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
      expect(m.avgHandlingDays).toEqual({ sum: 16.8571, count: 3, value: 5.62 });
      expect(m.medianHandlingDays).toBe(5.86);
      expect(m).toMatchObject({ openCount: 4, overdueCount: 1, closedCount: 3, basicallySatisfiedCounts: false });
      expect(response.body.total.closureTypes).toEqual({ resolved: 2, partlyResolved: 1, explained: 1 });
    });

    it('splits the same appeals by county, listing the counties without activity too', async () => {
      const response = await get(`/api/supervision/metrics?${MARCH_DAYS}`).expect(200);
      expect(response.body.groupBy).toBe('county');
      const byKey = Object.fromEntries(response.body.groups.map((g: { key: string }) => [g.key, g]));
      expect(Object.keys(byKey)).toEqual(expect.arrayContaining([YUCHENG, MINGSHAN, '511822']));
      expect(response.body.groups.every((g: { key: string }) => g.key.startsWith('5118'))).toBe(true);
      const yucheng = byKey[YUCHENG].metrics;
      expect(byKey[YUCHENG].name).toBe('雨城区');
      expect(yucheng.responseRate).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
      expect(yucheng.onTimeResolutionRate).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
      expect(yucheng.solutionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
      expect(yucheng.avgHandlingDays).toEqual({ sum: 11, count: 2, value: 5.5 });
      expect(yucheng).toMatchObject({ openCount: 1, overdueCount: 1, closedCount: 2 });
      const mingshan = byKey[MINGSHAN].metrics;
      expect(mingshan.responseRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
      expect(mingshan.onTimeResolutionRate).toEqual({ numerator: 2, denominator: 2, value: 1 });
      expect(mingshan.redoRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
      expect(mingshan.avgHandlingDays).toEqual({ sum: 5.8571, count: 1, value: 5.86 });
      expect(mingshan).toMatchObject({ openCount: 3, overdueCount: 0, closedCount: 1 });
      expect(byKey['511822'].metrics.responseRate).toEqual({ numerator: 0, denominator: 0, value: null });
    });

    it('groups by lead department, with not-yet-routed appeals apart', async () => {
      const response = await get('/api/supervision/metrics?groupBy=department&period=month&key=2026-03').expect(200);
      const byKey = Object.fromEntries(response.body.groups.map((g: { key: string }) => [g.key, g]));
      expect(byKey[String(d1)].metrics.responseRate).toEqual({ numerator: 2, denominator: 3, value: 0.6667 });
      expect(byKey[String(d2)].metrics.responseRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
      expect(byKey.none).toMatchObject({ name: '未分派主办单位' });
      expect(byKey.none.metrics).toMatchObject({ openCount: 2, responseRate: { numerator: 0, denominator: 1 } }); // A4 (and A8 open at the end)
    });

    it('counts 基本满意 as satisfied only when the setting says so', async () => {
      await ctx.db.query(`UPDATE settings SET value = 'true' WHERE setting_key = 'metrics.basically_satisfied_counts'`);
      ctx.app.get(SettingsService).invalidate();
      try {
        const response = await get(`/api/supervision/metrics?groupBy=total&${MARCH_DAYS}`).expect(200);
        expect(response.body.total.metrics.satisfactionRate).toEqual({ numerator: 3, denominator: 3, value: 1 });
        expect(response.body.total.metrics.basicallySatisfiedShare).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
        expect(response.body.total.metrics.basicallySatisfiedCounts).toBe(true);
      } finally {
        await ctx.db.query(`UPDATE settings SET value = 'false' WHERE setting_key = 'metrics.basically_satisfied_counts'`);
        ctx.app.get(SettingsService).invalidate();
      }
    });

    it("puts the last millisecond of February in February's 下旬 and midnight in March's 上旬", async () => {
      const handled = async (query: string) => {
        const response = await get(`/api/supervision/metrics?groupBy=total&regionCode=${BAZHONG}&${query}`, admin.bearer).expect(200);
        return { period: response.body.period, handled: response.body.total.metrics.objectionRate.denominator };
      };
      const x3 = await handled('period=xun&key=2026-02-X3');
      expect(x3.period).toMatchObject({ key: '2026-02-X3', label: '2026年2月下旬', fromDate: '2026-02-21', toDate: '2026-02-28' });
      expect(x3.handled).toBe(1);
      expect((await handled('period=xun&key=2026-03-X1')).handled).toBe(1);
      expect((await handled('period=month&key=2026-02')).handled).toBe(1);
      expect((await handled('period=month&key=2026-03')).handled).toBe(1);
    });

    it('keeps a week that crosses from February into March whole', async () => {
      const response = await get(
        `/api/supervision/metrics?groupBy=total&regionCode=${BAZHONG}&period=week&key=2026-W09`,
        admin.bearer,
      ).expect(200);
      expect(response.body.period).toMatchObject({ fromDate: '2026-02-23', toDate: '2026-03-01' });
      expect(response.body.total.metrics.objectionRate.denominator).toBe(2);
      const custom = await get(
        `/api/supervision/metrics?groupBy=total&regionCode=${BAZHONG}&from=2026-03-01&to=2026-03-01`,
        admin.bearer,
      ).expect(200);
      expect(custom.body.period).toMatchObject({ kind: 'custom', key: '2026-03-01..2026-03-01' });
      expect(custom.body.total.metrics.objectionRate.denominator).toBe(1);
    });

    it("refuses a malformed period and a region outside the caller's reach", async () => {
      const bad = await get('/api/supervision/metrics?period=xun&key=2026-02-X4').expect(400);
      expect(bad.body.details).toEqual([expect.objectContaining({ field: 'key' })]);
      await get('/api/supervision/metrics?period=month&key=2026-13').expect(400);
      const hidden = await get(`/api/supervision/metrics?regionCode=${BAZHONG}`).expect(404);
      expect(hidden.body.code).toBe('NOT_FOUND');
    });

    it('lets only supervisors and admins in', async () => {
      for (const role of ['officer', 'handler', 'enterprise'] as const) {
        const extra = role === 'handler' ? { departmentId: d1 } : role === 'enterprise' ? { enterpriseId: 1 } : {};
        const user = await signedIn(ctx, { role, regionCode: YUCHENG, ...extra });
        await get('/api/supervision/metrics', user.bearer).expect(403);
        await get('/api/supervision/dashboard', user.bearer).expect(403);
        await get('/api/supervision/queues/overdue', user.bearer).expect(403);
      }
    });
  });

  describe('rankings', () => {
    it('ranks the counties by composite score with 红榜, 黑榜 and the change from the days before', async () => {
      const response = await get(`/api/supervision/rankings?${MARCH_DAYS}&n=1`).expect(200);
      // The 31 days before March: 29 January to 28 February.
      expect(response.body).toMatchObject({ kind: 'region', groupBy: 'county', previousPeriod: { key: '2026-01-29..2026-02-28' } });
      const rows = Object.fromEntries(response.body.rows.map((r: { key: string }) => [r.key, r]));
      // 名山: 0.2×0.5 + 0.25×1 + 0.2×1 + 0.25×1 + 0.05×(1−0.5) + 0.025×1 + 0.025×1 = 0.875
      expect(rows[MINGSHAN]).toMatchObject({ rank: 1, score: 87.5, previousRank: 1, change: 0 });
      // 雨城: 0.2×0.6667 + 0.25×0.3333 + 0.2×0.5 + 0.25×0.5 (基本满意 not counted) + 0.05×1 + 2×0.025×0.6667 = 0.525
      expect(rows[YUCHENG]).toMatchObject({ rank: 2, score: 52.5, previousRank: null, change: null });
      expect(rows['511822']).toMatchObject({ rank: null, score: null });
      expect(response.body.redList.map((r: { key: string }) => r.key)).toEqual([MINGSHAN]);
      expect(response.body.blackList.map((r: { key: string }) => r.key)).toEqual([YUCHENG]);
    });

    it('ranks departments too', async () => {
      const response = await get('/api/supervision/rankings?kind=department&period=month&key=2026-03').expect(200);
      expect(response.body.rows.map((r: { key: string; rank: number; score: number }) => [r.key, r.rank, r.score])).toEqual([
        [String(d2), 1, 97.5],
        [String(d1), 2, 52.5], // 基本满意 not counted as satisfied by default
      ]);
    });
  });

  describe('queues', () => {
    const keys = (body: { items: Array<{ id: number }> }) => body.items.map((i) => i.id);

    it('lists each queue of the region, most urgent first', async () => {
      expect(keys((await get('/api/supervision/queues/overdue').expect(200)).body)).toEqual([ids.A4, ids.A3]); // due 21 and 25 March
      expect(keys((await get('/api/supervision/queues/due-soon').expect(200)).body)).toEqual([ids.A11]);
      expect(keys((await get('/api/supervision/queues/unaccepted').expect(200)).body)).toEqual([ids.A4]);
      expect(keys((await get('/api/supervision/queues/awaiting-verification').expect(200)).body)).toEqual([ids.A10]);
      const orders = await get('/api/supervision/queues/orders-awaiting-reply').expect(200);
      expect(orders.body.items).toEqual([
        expect.objectContaining({ id: ids.A3, orderDepartmentId: d1, leadDepartmentName: '雨城区经济信息化和科学技术局' }),
      ]);
    });

    it('filters by department, officer and region, and refuses an unknown queue', async () => {
      expect(keys((await get(`/api/supervision/queues/overdue?departmentId=${d1}`).expect(200)).body)).toEqual([ids.A3]);
      expect(keys((await get(`/api/supervision/queues/overdue?regionCode=${MINGSHAN}`).expect(200)).body)).toEqual([ids.A4]);
      expect((await get('/api/supervision/queues/overdue?officerId=999999').expect(200)).body.total).toBe(0);
      await get(`/api/supervision/queues/overdue?regionCode=${BAZHOU}`).expect(404);
      await get('/api/supervision/queues/everything').expect(400);
    });
  });

  describe('dashboard and trend', () => {
    it('gives a city supervisor their city in one call', async () => {
      const response = await get('/api/supervision/dashboard').expect(200);
      const body = response.body;
      expect(body.scope.code).toBe(YAAN);
      expect(body.counts).toEqual({ open: 4, overdue: 2, dueSoon: 1, unaccepted: 1, awaitingVerification: 1, ordersAwaitingReply: 1 });
      expect(body.month).toMatchObject({ key: '2026-04', complete: false, asOf: NOW });
      expect(body.monthMetrics.responseRate).toEqual({ numerator: 2, denominator: 2, value: 1 }); // A10, A11 (A11's resolution is not due yet)
      expect(body.monthMetrics.onTimeResolutionRate).toEqual({ numerator: 1, denominator: 1, value: 1 });
      expect(body.trend.map((p: { period: { key: string } }) => p.period.key)).toEqual([
        '2025-11',
        '2025-12',
        '2026-01',
        '2026-02',
        '2026-03',
        '2026-04',
      ]);
      // Ended months come from the frozen reports: March as it stood at its end (A8 counted, see below).
      expect(body.trend[4].metrics.responseRate).toEqual({ numerator: 3, denominator: 6, value: 0.5 });
      expect(body.ranking.groupBy).toBe('county');
      expect(body.ranking.rows.find((r: { key: string }) => r.key === YUCHENG)).toMatchObject({ previousRank: 2 });
    });

    it('draws a weekly trend', async () => {
      const response = await get('/api/supervision/trend?kind=week&from=2026-03-02&to=2026-03-15').expect(200);
      expect(response.body.points.map((p: { period: { key: string } }) => p.period.key)).toEqual(['2026-W10', '2026-W11']);
      expect(response.body.points[0].metrics.responseRate).toEqual({ numerator: 1, denominator: 1, value: 1 }); // A1 due 3 March
      await get('/api/supervision/trend?kind=week&from=2020-01-01&to=2026-03-15').expect(400);
    });
  });

  describe('frozen reports', () => {
    let reportId: number;

    it('freezes an ended month as a draft with its settings and policy versions, and refuses a running one', async () => {
      await ctx
        .http()
        .post('/api/supervision/reports')
        .set('Authorization', yaanSupervisor.bearer)
        .send({ periodKind: 'month', key: '2026-04' })
        .expect(422);
      const created = await ctx
        .http()
        .post('/api/supervision/reports')
        .set('Authorization', yaanSupervisor.bearer)
        .send({ periodKind: 'month', key: '2026-03' })
        .expect(201);
      reportId = created.body.id;
      expect(created.body).toMatchObject({
        status: 'draft',
        periodKind: 'month',
        periodKey: '2026-03',
        scopeRegionCode: YAAN,
        computedBy: yaanSupervisor.id,
      });
      expect(created.body.settings).toMatchObject({
        basicallySatisfiedCounts: false,
        weights: expect.objectContaining({ responseRate: 20 }),
      });
      expect(Array.isArray(created.body.policyVersions)).toBe(true);
      // As the appeals stood at the end of March: A8's response was due on 31 March and nobody had
      // signed for it; its withdrawal on 2 April does not reach back (live figures, counted from
      // the appeals as they are now, leave it out: 3 of 5).
      expect(created.body.figures.total.metrics.responseRate).toEqual({ numerator: 3, denominator: 6, value: 0.5 });
      expect(created.body.figures.rankings.region.redList[0].key).toBe(MINGSHAN);
      expect(created.body.figures.groups.county.length).toBeGreaterThan(2);
    });

    it("reproduces the stored figures from the appeals' history", async () => {
      const verification = await get(`/api/supervision/reports/${reportId}/verify`).expect(200);
      expect(verification.body).toMatchObject({ snapshotId: reportId, ok: true, hashValid: true, figuresEqual: true, differences: [] });
    });

    // A change written straight into the table, with no event behind it, is what verification exposes.
    it('never changes a published report, and says what changed underneath it', async () => {
      const published = await ctx
        .http()
        .post(`/api/supervision/reports/${reportId}/publish`)
        .set('Authorization', yaanSupervisor.bearer)
        .expect(200);
      expect(published.body).toMatchObject({ status: 'published', publishedBy: yaanSupervisor.id, publishedAt: NOW });
      await ctx.http().post(`/api/supervision/reports/${reportId}/publish`).set('Authorization', yaanSupervisor.bearer).expect(409);

      await ctx.db.query('UPDATE appeals SET signed_at = ? WHERE id = ?', [at('2026-03-20T02:00:00Z'), ids.A4]);
      try {
        const again = await ctx
          .http()
          .post('/api/supervision/reports')
          .set('Authorization', yaanSupervisor.bearer)
          .send({ periodKind: 'month', key: '2026-03' })
          .expect(409);
        expect(again.body.context).toEqual({ snapshotId: reportId });
        const stored = await get(`/api/supervision/reports/${reportId}`).expect(200);
        expect(stored.body.figures.total.metrics.responseRate).toEqual({ numerator: 3, denominator: 6, value: 0.5 });
        const verification = await get(`/api/supervision/reports/${reportId}/verify`).expect(200);
        expect(verification.body).toMatchObject({ ok: false, hashValid: true, figuresEqual: false });
        expect(verification.body.differences).toEqual(
          expect.arrayContaining([{ path: 'total.metrics.responseRate.numerator', stored: 3, recomputed: 4 }]),
        );
      } finally {
        await ctx.db.query('UPDATE appeals SET signed_at = NULL WHERE id = ?', [ids.A4]);
      }
    });

    it("shows reports only inside the caller's reach", async () => {
      const bazhong = await signedIn(ctx, { role: 'supervisor', regionCode: BAZHONG });
      await get(`/api/supervision/reports/${reportId}`, bazhong.bearer).expect(404);
      const list = await get('/api/supervision/reports?periodKind=month', bazhong.bearer).expect(200);
      expect(list.body.items.map((r: { id: number }) => r.id)).not.toContain(reportId);
      const own = await get('/api/supervision/reports?periodKind=month').expect(200);
      expect(own.body.items.map((r: { id: number }) => r.id)).toContain(reportId);
    });

    it("freezes the province's ended periods on schedule, once, and refreshes the running month", async () => {
      const freezer = ctx.app.get(ReportFreezerCron);
      await freezer.runOnce(); // the dashboard above may have frozen some months already
      expect(await freezer.runOnce()).toEqual([]);
      const list = await get('/api/supervision/reports?regionCode=510000&pageSize=50', admin.bearer).expect(200);
      const province = list.body.items.filter((r: { scopeRegionCode: string }) => r.scopeRegionCode === '510000');
      expect(province.map((r: { periodKey: string }) => r.periodKey)).toEqual(
        expect.arrayContaining(['2026-W14', '2026-03-X3', '2026-03', '2026-02', '2025-11', '2026-Q1', '2025']),
      );
      expect(province.find((r: { periodKey: string }) => r.periodKey === '2026-03-X3')).toMatchObject({
        status: 'draft',
        computedBy: null,
      });
      expect(await freezer.refreshLive()).toEqual(['510000']);
    });
  });
});
