import { UnitOfWork } from '../../src/common/database/unit-of-work';
import { AppealHistory } from '../../src/appeals/events/appeal-history';
import { DeadlineRecomputeRepository } from '../../src/sla/recompute/deadline-recompute.repository';
import { CalendarService } from '../../src/sla/calendar/calendar.service';
import { SettingsService } from '../../src/settings/settings.service';
import { LeaseRepository } from '../../src/sla/sweep/lease.repository';
import { FixedClock } from '../../src/common/clock/clock';
import { createChineseDaysCalendar } from '../../src/sla/calendar-seed/chinese-days-source';
import { addWorkingDays, DEFAULT_WORKING_HOURS, mergeOverrides, WorkingCalendar } from '../../src/sla/domain';
import { CoverageWarningsService } from '../../src/sla/calendar/coverage-warnings.service';
import { DeadlineRecomputeService } from '../../src/sla/recompute/deadline-recompute.service';
import { rowAndFold } from '../helpers/event-fold';
import { insertUser, login } from '../helpers/factories';
import { inventedDays, INVENTED_2027_SCHEDULE } from '../fixtures/invented-2027-schedule';
import { SlaSweepService, type SweepReport } from '../../src/sla/sweep/sla-sweep.service';
import { consoleLogin } from '../browser/console-http';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { downloadSheet } from '../helpers/xlsx-download';
import { createTestApp, TestContext } from '../helpers/test-app';

/** Asia/Shanghai wall-clock time to an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const shanghaiDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const LAST_COVERED_DAY = '2026-12-31';

/** Every day of the walk, 1 December 2026 to 5 January 2027, as YYYY-MM-DD. */
function walkDays(): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(2026, 11, 1); t <= Date.UTC(2027, 0, 5); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

interface Deadline {
  field: string;
  at: string;
  basis: string;
}

/** Every deadline an appeal's detail shows, with its basis. */
function deadlinesOf(detail: {
  timers: Record<string, string | null>;
  deadlineBases: Record<string, string>;
  currentDueAt: string | null;
  currentDueBasis: string;
}): Deadline[] {
  const pairs: Array<[string, string]> = [
    ['responseDueAt', 'responseDue'],
    ['objectionDeadlineAt', 'objectionDeadline'],
    ['resolutionDueAt', 'resolutionDue'],
    ['verificationDueAt', 'verificationDue'],
  ];
  const found = pairs
    .filter(([timer]) => detail.timers[timer])
    .map(([timer, basis]) => ({ field: timer, at: detail.timers[timer] as string, basis: detail.deadlineBases[basis] }));
  if (detail.currentDueAt) found.push({ field: 'currentDueAt', at: detail.currentDueAt, basis: detail.currentDueBasis });
  return found;
}

describe('advance warning before the calendar runs out (e2e, time travel)', () => {
  const clock = new FixedClock(sh('2026-10-20T09:00:00'));
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
  });
  afterAll(() => ctx.close());

  it('notifies admins at 60, 30, 14, 7 and 1 days left, once each, and reports the status everywhere', async () => {
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    const admin = `Bearer ${await login(ctx, adminUser)}`;
    const warnings = ctx.app.get(CoverageWarningsService);
    const ok = await ctx.http().get('/api/calendar/coverage').set('Authorization', admin).expect(200);
    expect(ok.body).toMatchObject({ lastDay: '2026-12-31', daysRemaining: 72, status: 'ok', warningDays: 60 });

    // The daily warn-level log line (alert: calendar_coverage): once a day per instance while the status is not ok.
    const logged: string[] = [];
    const warn = jest
      .spyOn((warnings as unknown as { logger: { warn: (message: unknown) => void } }).logger, 'warn')
      .mockImplementation((message: unknown) => {
        if ((message as { alert?: string }).alert === 'calendar_coverage') logged.push(shanghaiDay(clock.now().toISOString()));
      });
    const firedOn: Record<string, number> = {};
    const warnedDays: string[] = [];
    for (let t = sh('2026-10-20T09:00:00').getTime(); t <= sh('2027-01-05T09:00:00').getTime(); t += 86_400_000) {
      clock.set(new Date(t));
      // Twice a day, as two instances would: each threshold still fires once.
      const [first, second] = [await warnings.check(), await warnings.check()];
      expect(second.notified).toBe(0);
      if (first.notified) firedOn[shanghaiDay(new Date(t).toISOString())] = first.state.daysRemaining as number;
      if (first.state.status !== 'ok') warnedDays.push(shanghaiDay(new Date(t).toISOString()));
    }
    warn.mockRestore();
    expect(firedOn).toEqual({ '2026-11-01': 60, '2026-12-01': 30, '2026-12-17': 14, '2026-12-24': 7, '2026-12-30': 1 });
    expect(warnedDays[0]).toBe('2026-11-01');
    expect(logged).toEqual(warnedDays);
    const inbox: Array<{ title: string }> = await ctx.db.query(
      "SELECT title FROM notifications WHERE user_id = ? AND kind = 'calendar.coverage' ORDER BY id",
      [adminUser.id],
    );
    expect(inbox.map((n) => n.title)).toEqual([
      '工作日历将于 2026-12-31 到期（剩 60 天）',
      '工作日历将于 2026-12-31 到期（剩 30 天）',
      '工作日历将于 2026-12-31 到期（剩 14 天）',
      '工作日历将于 2026-12-31 到期（剩 7 天）',
      '工作日历将于 2026-12-31 到期（剩 1 天）',
    ]);

    clock.set(sh('2026-12-01T09:00:00'));
    const warning = await ctx.http().get('/api/calendar/coverage').set('Authorization', admin).expect(200);
    expect(warning.body).toMatchObject({ daysRemaining: 30, status: 'warning' });
    clock.set(sh('2027-01-04T09:00:00'));
    const critical = await ctx.http().get('/api/calendar/coverage').set('Authorization', admin).expect(200);
    expect(critical.body).toMatchObject({ daysRemaining: -4, status: 'critical' });
    // Readiness reports the calendar and still succeeds.
    const ready = await ctx.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      database: 'up',
      calendar: { status: 'critical', lastDay: '2026-12-31', daysRemaining: -4 },
    });
  });

  it('shows the banner to admins and supervisors, not to officers', async () => {
    clock.set(sh('2026-12-01T09:00:00'));
    const cast = await appealCast(ctx, '510108');
    const supervisor = await consoleLogin(ctx, cast.supervisor.username);
    const dashboard = await supervisor.get('/dashboard').expect(200);
    expect(dashboard.text).toContain('data-testid="calendar-banner"');
    expect(dashboard.text).toContain('工作日历将于 2026-12-31 到期（剩 30 天）');
    const officer = await consoleLogin(ctx, cast.officer.username);
    expect((await officer.get('/work').expect(200)).text).not.toContain('calendar-banner');
  });
});

/**
 * The calendar ends on 31 December 2026 and no 2027 schedule is known: a clock walking from
 * 1 December into January must never see an action refused. Every deadline that needs a day of
 * 2027 is provisional (weekends as the only rest days), every other one statutory, and the sweep
 * keeps turning overdue appeals red and climbing the ladder, once per step.
 */
describe('the calendar year boundary (e2e, time travel)', () => {
  const clock = new FixedClock(sh('2026-12-01T10:00:00'));
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  let sweep: SlaSweepService;
  /** Appeals routed and signed, then left in progress, by the day they were routed. */
  const leftOpen = new Map<string, number>();
  const fullyHandled: number[] = [];
  let earlyId = 0;
  const sweeps = new Map<string, SweepReport>();

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '510106');
    category = await categoryId(ctx.db, 'energy_power');
    sweep = ctx.app.get(SlaSweepService);
  });
  afterAll(async () => {
    // Leave the shared test database as the other specs expect it: the packaged coverage, and none of these appeals due.
    await ctx.db.query("DELETE FROM calendar_days WHERE day >= '2027-01-01'");
    await ctx.db.query('DELETE FROM calendar_years WHERE year >= 2027');
    await ctx.db.query('DELETE FROM calendar_recomputes WHERE year >= 2027');
    await ctx.db.query('UPDATE appeals SET next_check_at = NULL WHERE enterprise_id = ?', [cast.firmId]);
    await ctx.close();
  });

  async function act(bearer: string, id: number, path: string, version: number, body: Record<string, unknown> = {}) {
    const response = await ctx
      .http()
      .post(`/api/appeals/${id}/${path}`)
      .set('Authorization', bearer)
      .send({ version, ...body });
    if (response.status !== 200)
      throw new Error(`${clock.now().toISOString()} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async function submit(title: string) {
    const response = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.enterprise.bearer)
      .send({ categoryId: category, kind: 'help', title, description: '跨年时限测试：请协调处理用电问题' });
    if (response.status !== 201) throw new Error(`submit: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  function expectBasesExact(detail: Parameters<typeof deadlinesOf>[0], context: string) {
    for (const d of deadlinesOf(detail)) {
      // The response limit is 24 natural hours: no calendar involved, never provisional.
      const naturalHours = d.field === 'responseDueAt' || (d.field === 'currentDueAt' && d.at === detail.timers.responseDueAt);
      const expected = !naturalHours && shanghaiDay(d.at) > LAST_COVERED_DAY ? 'provisional' : 'statutory';
      if (d.basis !== expected) throw new Error(`${context}: ${d.field} ${d.at} is ${d.basis}, expected ${expected}`);
    }
  }

  it('lets every deadline-computing action succeed on every day, provisional exactly where the schedule is unknown', async () => {
    let provisionalSeen = 0;
    for (const day of walkDays()) {
      const at = (time: string) => clock.set(sh(`${day}T${time}`));
      at('10:00:00');
      // One appeal through every action that computes a deadline.
      let a = await submit(`全流程 ${day}`);
      a = await act(cast.officer.bearer, a.id, 'accept', a.version);
      a = await act(cast.officer.bearer, a.id, 'route', a.version, { leadDepartmentId: cast.deptA, coDepartmentIds: [cast.deptB] });
      a = await act(cast.handlerA.bearer, a.id, 'sign', a.version);
      a = await act(cast.handlerA.bearer, a.id, 'extension', a.version, { days: 2, reason: '需要协调' });
      a = await act(cast.supervisor.bearer, a.id, 'extension/approve', a.version, { days: 2 });
      a = await act(cast.handlerA.bearer, a.id, 'suspend', a.version, { reason: '请企业补充材料' });
      at('11:00:00');
      a = await act(cast.enterprise.bearer, a.id, 'supplement', a.version, { text: '已补充' });
      a = await act(cast.handlerA.bearer, a.id, 'suspend', a.version, { reason: '等待现场核实' });
      a = await act(cast.handlerA.bearer, a.id, 'resume', a.version, { note: '已核实' });
      expectBasesExact(a, `${day} resumed`);
      // Transferred up to the city: the city department signs and answers.
      a = await act(cast.supervisor.bearer, a.id, 'transfer-up', a.version, { targetDepartmentId: cast.cityDept, reason: '需市级协调' });
      expectBasesExact(a, `${day} transferred up`);
      a = await act(cast.cityHandler.bearer, a.id, 'sign', a.version);
      a = await act(cast.cityHandler.bearer, a.id, 'resolve', a.version, { closureType: 'resolved', answer: '已办理' });
      expectBasesExact(a, `${day} resolved`);
      // 不满意: the redo restarts the resolution clock.
      a = await act(cast.enterprise.bearer, a.id, 'verify', a.version, { solved: 'no', satisfaction: 'dissatisfied' });
      expect(a.status).toBe('in_progress');
      expectBasesExact(a, `${day} redo`);
      fullyHandled.push(a.id);
      provisionalSeen += deadlinesOf(a).filter((d) => d.basis === 'provisional').length;

      // One appeal left in progress for the sweep, with a supervision order on it.
      let b = await submit(`留办 ${day}`);
      b = await act(cast.officer.bearer, b.id, 'accept', b.version);
      b = await act(cast.officer.bearer, b.id, 'route', b.version, { leadDepartmentId: cast.deptA });
      b = await act(cast.handlerA.bearer, b.id, 'sign', b.version);
      expectBasesExact(b, `${day} left open`);
      leftOpen.set(day, b.id);
      const order = await ctx
        .http()
        .post(`/api/appeals/${b.id}/supervision-orders`)
        .set('Authorization', cast.supervisor.bearer)
        .send({ note: '请加快办理', replyDueDays: 2 });
      expect(order.status).toBe(201);
      expect(order.body.replyDueBasis).toBe(shanghaiDay(order.body.replyDueAt) > LAST_COVERED_DAY ? 'provisional' : 'statutory');

      at('18:00:00');
      const report = await sweep.runOnce();
      expect(report).toMatchObject({ skipped: false, failures: 0 });
      sweeps.set(day, report);
    }
    // Provisional deadlines appeared (from mid-December on), and nothing was refused.
    expect(provisionalSeen).toBeGreaterThan(20);
  }, 240_000); // about 20 s on a quiet machine: a month of days through HTTP, with room for a loaded one

  it('marks the appeals due on 31 December and on 4 January red and overdue that evening', async () => {
    // Routed Tue 22 Dec: 7 working days end on Thu 31 Dec (statutory). Routed Thu 24 Dec: 25, 28–31, then
    // Fri 1 and Mon 4 Jan counted as weekdays: due Mon 4 Jan (provisional).
    const [dec31] = await ctx.db.query('SELECT current_due_at, current_due_basis, warning_light, overdue_since FROM appeals WHERE id = ?', [
      leftOpen.get('2026-12-22'),
    ]);
    expect(dec31).toMatchObject({ current_due_at: sh('2026-12-31T17:30:00'), current_due_basis: 'statutory', warning_light: 'red' });
    expect(dec31.overdue_since).toEqual(sh('2026-12-31T17:30:00'));
    const [jan4] = await ctx.db.query('SELECT current_due_at, current_due_basis, warning_light, overdue_since FROM appeals WHERE id = ?', [
      leftOpen.get('2026-12-24'),
    ]);
    expect(jan4).toMatchObject({ current_due_at: sh('2027-01-04T17:30:00'), current_due_basis: 'provisional', warning_light: 'red' });
    expect(sweeps.get('2026-12-31')?.turnedRed).toBeGreaterThan(0);
    expect(sweeps.get('2027-01-04')?.turnedRed).toBeGreaterThan(0);
    const overdue = await ctx
      .http()
      .get('/api/supervision/queues/overdue?pageSize=100')
      .set('Authorization', cast.supervisor.bearer)
      .expect(200);
    const ids = overdue.body.items.map((i: { id: number }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([leftOpen.get('2026-12-22'), leftOpen.get('2026-12-24')]));
    const provisionalRow = overdue.body.items.find((i: { id: number }) => i.id === leftOpen.get('2026-12-24'));
    expect(provisionalRow.dueBasis).toBe('provisional');
  });

  it('climbs the ladder once per step, and all the way for the appeals overdue longest', async () => {
    const ids = [...leftOpen.values()];
    const steps: Array<{ appeal_id: number; action: string; cycle: number; n: number }> = await ctx.db.query(
      `SELECT appeal_id, action, JSON_EXTRACT(payload, '$.ladderCycle') AS cycle, COUNT(*) AS n FROM appeal_events
        WHERE appeal_id IN (?) AND action IN ('remind', 'supervise', 'yellow_card', 'red_card')
        GROUP BY appeal_id, action, cycle`,
      [ids],
    );
    expect(steps.filter((s) => Number(s.n) !== 1)).toEqual([]);
    // Routed 1 December: due 10 December, more than 10 working days overdue by 5 January (some of them provisional).
    const first = steps.filter((s) => Number(s.appeal_id) === leftOpen.get('2026-12-01')).map((s) => s.action);
    expect(first).toEqual(expect.arrayContaining(['remind', 'supervise', 'yellow_card', 'red_card']));
    // A second sweep at the same instant changes nothing.
    const again = await sweep.runOnce();
    expect(again).toMatchObject({ turnedRed: 0, turnedYellow: 0, ladderSteps: 0, failures: 0 });
  });

  it('shows 暂定 on provisional deadlines in the console, the lists, the ledger export and notifications', async () => {
    const provisionalId = leftOpen.get('2026-12-24') as number;
    const statutoryId = leftOpen.get('2026-12-01') as number;
    const officer = await consoleLogin(ctx, cast.officer.username);
    const page = await officer.get(`/appeals/${provisionalId}`).expect(200);
    expect(page.text).toContain('暂定');
    const statutory = await officer.get(`/appeals/${statutoryId}`).expect(200);
    expect(statutory.text).not.toContain('tag-provisional');

    const numbers: Array<{ id: number; number: string }> = await ctx.db.query('SELECT id, number FROM appeals WHERE id IN (?)', [
      [provisionalId, statutoryId],
    ]);
    const numberOf = (id: number) => numbers.find((n) => Number(n.id) === id)?.number as string;

    // The API list carries the basis of the deadline that matters; the console list tags it.
    const listed = await ctx
      .http()
      .get('/api/appeals')
      .query({ enterpriseId: cast.firmId, pageSize: 100 })
      .set('Authorization', cast.officer.bearer)
      .expect(200);
    const item = (id: number) => listed.body.items.find((i: { id: number }) => i.id === id);
    expect(item(provisionalId)).toMatchObject({ currentDueBasis: 'provisional' });
    expect(item(statutoryId)).toMatchObject({ currentDueBasis: 'statutory' });
    const dueCell = async (number: string) => {
      const list = await officer.get(`/appeals?q=${encodeURIComponent(number)}`).expect(200);
      expect(list.text).toContain(number);
      return /data-testid="due-cell">([\s\S]*?)<\/td>/.exec(list.text)?.[1] ?? '';
    };
    expect(await dueCell(numberOf(provisionalId))).toContain('tag-provisional');
    expect(await dueCell(numberOf(statutoryId))).not.toContain('tag-provisional');

    // The ledger export writes （暂定） after a provisional deadline.
    const rows = await downloadSheet(
      ctx.http().get(`/api/supervision/exports/ledger.xlsx?regionCode=${cast.county}`).set('Authorization', cast.supervisor.bearer),
      '问题台账',
    );
    const due = rows[0].indexOf('办结时限');
    const ledgerRow = (number: string) => rows.find((r) => r[0] === number) as unknown[];
    expect(String(ledgerRow(numberOf(provisionalId))[due])).toMatch(/^2027-01-\d\d \d\d:\d\d（暂定）$/);
    expect(String(ledgerRow(numberOf(statutoryId))[due])).not.toContain('暂定');

    // The notes that name the deadline that matters say 暂定 when it is provisional (here: the sweep's 催办 of the overdue appeal).
    const notes: Array<{ user_id: number; kind: string; body: string }> = await ctx.db.query(
      'SELECT user_id, kind, body FROM notifications WHERE appeal_id = ? ORDER BY id',
      [provisionalId],
    );
    const marked = notes.filter((n) => n.body.includes('（暂定，节假日安排公布后重算）'));
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((n) => /时限：2027-01-\d\d \d\d:\d\d（暂定/.test(n.body))).toBe(true);
    const statutoryNotes: Array<{ body: string }> = await ctx.db.query('SELECT body FROM notifications WHERE appeal_id = ?', [statutoryId]);
    expect(statutoryNotes.some((n) => n.body.includes('时限：'))).toBe(true);
    expect(statutoryNotes.some((n) => n.body.includes('暂定'))).toBe(false);
  });
  it('recomputes every provisional deadline once when 2027 is declared (invented schedule), one event each, and a second run changes nothing', async () => {
    const admin = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'admin', regionCode: '510000' }))}`;
    const [{ n: before }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE has_provisional = 1 AND enterprise_id = ?', [
      cast.firmId,
    ]);
    expect(Number(before)).toBeGreaterThan(10);
    // The firm's appeals with a provisional deadline and their timers (other specs' appeals may be in the database too).
    const timersOf = async (ids: number[]): Promise<Map<number, string>> => {
      const rows: Array<Record<string, unknown>> = await ctx.db.query(
        'SELECT id, response_due_at, objection_deadline_at, resolution_due_at, verification_due_at FROM appeals WHERE id IN (?)',
        [ids],
      );
      return new Map(rows.map((r) => [Number(r.id), JSON.stringify([r.response_due_at, r.objection_deadline_at, r.resolution_due_at, r.verification_due_at])]));
    };
    const provisionalBefore: Array<{ id: number; resolution_due_at: Date; resolution_due_basis: string }> = await ctx.db.query(
      'SELECT id, resolution_due_at, resolution_due_basis FROM appeals WHERE has_provisional = 1 AND enterprise_id = ?',
      [cast.firmId],
    );

    // One more, counted on 5 January (past the coverage): 15 working days (co-handled) to Tue 26 Jan, plus an
    // extension of 8 to Fri 5 Feb. On the invented schedule Sun 31 Jan is worked: the deadline moves a day earlier.
    clock.set(sh('2027-01-05T19:00:00'));
    let early = await submit('跨年延期');
    early = await act(cast.officer.bearer, early.id, 'accept', early.version);
    early = await act(cast.officer.bearer, early.id, 'route', early.version, {
      leadDepartmentId: cast.deptA,
      coDepartmentIds: [cast.deptB],
    });
    early = await act(cast.handlerA.bearer, early.id, 'sign', early.version);
    early = await act(cast.handlerA.bearer, early.id, 'extension', early.version, { days: 8, reason: '需要协调' });
    early = await act(cast.supervisor.bearer, early.id, 'extension/approve', early.version, { days: 8 });
    expect(early.timers.resolutionDueAt).toBe(sh('2027-02-05T17:30:00').toISOString());
    expect(early.deadlineBases.resolutionDue).toBe('provisional');
    earlyId = early.id;
    provisionalBefore.push({ id: early.id, resolution_due_at: sh('2027-02-05T17:30:00'), resolution_due_basis: 'provisional' });

    for (const day of inventedDays()) {
      await ctx
        .http()
        .put(`/api/calendar/days/${day.date}`)
        .set('Authorization', admin)
        .send({ kind: day.kind, name: day.name, reason: 'invented 2027 schedule' })
        .expect(200);
    }
    await ctx
      .http()
      .post('/api/calendar/years')
      .set('Authorization', admin)
      .send({ year: 2027, note: INVENTED_2027_SCHEDULE.note })
      .expect(201);
    const recompute = ctx.app.get(DeadlineRecomputeService);
    const timersBefore = await timersOf(provisionalBefore.map((r) => r.id));
    // A second instance (its own holder) started at the same moment: between them the job runs once.
    const other = new DeadlineRecomputeService(
      ctx.app.get(UnitOfWork),
      ctx.app.get(DeadlineRecomputeRepository),
      ctx.app.get(AppealHistory),
      ctx.app.get(CalendarService),
      ctx.app.get(SettingsService),
      ctx.app.get(LeaseRepository),
      clock,
    );
    expect(other.holder).not.toBe(recompute.holder);
    const reports = (await Promise.all([recompute.runPending({ batchSize: 7 }), other.runPending({ batchSize: 7 })])).flat();
    expect(reports).toHaveLength(1);
    const [first] = reports;
    expect(first).toMatchObject({ year: 2027 });
    expect(first.examined).toBeGreaterThanOrEqual(Number(before) + 1);
    const timersAfter = await timersOf(provisionalBefore.map((r) => r.id));
    const movedHere = provisionalBefore.map((r) => r.id).filter((id) => timersBefore.get(id) !== timersAfter.get(id));
    const moved = (await ctx.http().get(`/api/appeals/${earlyId}`).set('Authorization', cast.handlerA.bearer).expect(200)).body;
    expect(moved.timers.resolutionDueAt).toBe(sh('2027-02-04T17:30:00').toISOString());
    expect(moved.deadlineBases).toMatchObject({ resolutionDue: 'statutory', currentDue: 'statutory' });
    // The recompute is an unversioned write: a client holding the old version must re-read (412/409).
    expect(moved.version).toBe(early.version + 1);
    expect(moved.timeline.at(-1)).toMatchObject({
      action: 'recompute_deadlines',
      payload: { year: 2027, changes: [expect.objectContaining({ timer: 'resolution_due', shiftDays: -1, basis: 'statutory' })] },
    });

    // Nothing is provisional any more: 2027 covers every deadline of the walk.
    const [{ n: after }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE has_provisional = 1 AND enterprise_id = ?', [
      cast.firmId,
    ]);
    expect(Number(after)).toBe(0);

    // One event per appeal whose deadline moved, none for the others.
    const events: Array<{ appeal_id: number; n: number }> = await ctx.db.query(
      "SELECT appeal_id, COUNT(*) AS n FROM appeal_events WHERE action = 'recompute_deadlines' AND appeal_id IN (?) GROUP BY appeal_id",
      [provisionalBefore.map((r) => r.id)],
    );
    expect(events.every((e) => Number(e.n) === 1)).toBe(true);
    expect(events.map((e) => Number(e.appeal_id)).sort((a, b) => a - b)).toEqual(movedHere.sort((a, b) => a - b));
    expect(movedHere.length).toBeGreaterThan(0);
    expect(first.moved).toBeGreaterThanOrEqual(movedHere.length);

    // The left-open appeals routed past mid-December now end where a fresh statutory count ends.
    const complete = new WorkingCalendar({
      firstDay: '2004-01-01',
      lastDay: '2027-12-31',
      overrides: mergeOverrides(createChineseDaysCalendar().listOverrides(), inventedDays()),
    });
    for (const [day, id] of leftOpen) {
      if (day < '2026-12-15') continue;
      const [row] = await ctx.db.query('SELECT resolution_due_at, resolution_due_basis, current_due_at FROM appeals WHERE id = ?', [id]);
      const expected = addWorkingDays(sh(`${day}T10:00:00`), 7, complete, DEFAULT_WORKING_HOURS);
      expect({ day, due: row.resolution_due_at, basis: row.resolution_due_basis }).toEqual({ day, due: expected, basis: 'statutory' });
      expect(row.current_due_at).toEqual(expected);
    }

    // The admin's summary: how many moved, by how much.
    const summary = await ctx.http().get('/api/calendar/recomputes').set('Authorization', admin).expect(200);
    expect(summary.body[0]).toMatchObject({ year: 2027, status: 'done', previousLastDay: '2026-12-31', moved: first.moved });
    const shifted = Object.values(summary.body[0].shiftDays as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(shifted).toBe(summary.body[0].movedEarlier + summary.body[0].movedLater);

    // A second run changes nothing.
    const eventCount = async () =>
      Number((await ctx.db.query("SELECT COUNT(*) AS n FROM appeal_events WHERE action = 'recompute_deadlines'"))[0].n);
    const counted = await eventCount();
    expect(await recompute.runPending()).toEqual([]);
    const run = await ctx.http().post('/api/calendar/recomputes/run').set('Authorization', admin).expect(200);
    expect(run.body[0]).toMatchObject({ moved: first.moved });
    expect(await eventCount()).toBe(counted);

    // Every appeal still equals the fold of its events (the recompute wrote its facts).
    for (const id of [...leftOpen.values(), ...fullyHandled, earlyId]) {
      const { row, fold } = await rowAndFold(ctx.db, id);
      expect(fold).toEqual(row);
    }

    // The appeal rows' chain heads are those of their logs, and every moved appeal's chain verifies.
    const heads: Array<{ id: number; event_count: number; last_event_hash: string; n: number; last: string }> = await ctx.db.query(
      `SELECT a.id, a.event_count, a.last_event_hash, COUNT(e.id) AS n,
              (SELECT e2.hash FROM appeal_events e2 WHERE e2.appeal_id = a.id ORDER BY e2.seq DESC LIMIT 1) AS last
         FROM appeals a JOIN appeal_events e ON e.appeal_id = a.id
        WHERE a.id IN (?) GROUP BY a.id`,
      [events.map((e) => e.appeal_id)],
    );
    expect(heads).toHaveLength(movedHere.length);
    for (const h of heads) expect({ id: h.id, count: Number(h.event_count), hash: h.last_event_hash }).toEqual({ id: h.id, count: Number(h.n), hash: h.last });
    for (const { appeal_id } of events.slice(0, 20)) {
      const verified = await ctx.http().get(`/api/appeals/${appeal_id}/events/verify`).set('Authorization', admin).expect(200);
      expect(verified.body).toMatchObject({ valid: true });
    }
  });

  it('tells the handler when the deadline that matters moved earlier, and only then', async () => {
    const notes: Array<{ appeal_id: number; body: string }> = await ctx.db.query(
      "SELECT appeal_id, body FROM notifications WHERE kind = 'appeal.recompute_deadlines' AND user_id = ?",
      [cast.handlerA.id],
    );
    expect(notes.map((n) => Number(n.appeal_id))).toEqual([earlyId]);
    expect(notes[0].body).toContain('时限：2027-02-04 17:30');
    const [{ notified }] = await ctx.db.query('SELECT notified FROM calendar_recomputes WHERE year = 2027');
    expect(Number(notified)).toBe(1);
  });
});

describe('sweep failure isolation (e2e)', () => {
  const clock = new FixedClock(sh('2026-12-31T18:00:00'));
  let ctx: TestContext;

  let firmId = 0;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
  });
  afterAll(async () => {
    await ctx.db.query('UPDATE appeals SET next_check_at = NULL WHERE enterprise_id = ?', [firmId]);
    await ctx.close();
  });

  it('turns the rest of a batch red when one appeal cannot be planned, and counts and retries the failure', async () => {
    const cast = await appealCast(ctx, '510107');
    firmId = cast.firmId;
    const category = await categoryId(ctx.db, 'energy_power');
    const { insertAppealRow } = await import('../helpers/factories');
    const row = (due: Date) =>
      insertAppealRow(ctx.db, {
        enterpriseId: cast.firmId,
        regionCode: cast.county,
        submittedBy: cast.enterprise.id,
        categoryId: category,
        columns: {
          status: 'in_progress',
          lead_department_id: cast.deptA,
          submitted_at: sh('2026-12-01T09:00:00'),
          signed_at: sh('2026-12-01T10:00:00'),
          resolution_started_at: sh('2026-12-01T10:00:00'),
          resolution_due_at: due,
          current_due_at: due,
          next_check_at: due,
          warning_light: 'yellow',
        },
      });
    // A deadline before the calendar's first day cannot be judged (bad data); the others can.
    const broken = await row(sh('2003-06-02T17:30:00'));
    const healthy = [await row(sh('2026-12-30T17:30:00')), await row(sh('2026-12-31T17:30:00'))];
    const report = await ctx.app.get(SlaSweepService).runOnce({ batchSize: 10 });
    expect(report.failures).toBe(1);
    expect(report.failedAppealIds).toEqual([broken]);
    const rows: Array<{ id: number; warning_light: string; supervision_level: string; next_check_at: Date }> = await ctx.db.query(
      'SELECT id, warning_light, supervision_level, next_check_at FROM appeals WHERE id IN (?) ORDER BY id',
      [[broken, ...healthy]],
    );
    expect(rows.map((r) => r.warning_light)).toEqual(['red', 'red', 'red']);
    // The healthy ones took their reminder; the broken one only its red light, and is looked at again later.
    expect(rows.find((r) => Number(r.id) === broken)?.supervision_level).toBe('none');
    expect(rows.filter((r) => healthy.includes(Number(r.id))).map((r) => r.supervision_level)).toEqual(['reminder', 'reminder']);
    expect(rows.find((r) => Number(r.id) === broken)?.next_check_at.getTime()).toBeGreaterThan(clock.now().getTime());
  });
});
