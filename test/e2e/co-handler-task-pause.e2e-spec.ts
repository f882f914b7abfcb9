import { FixedClock } from '../../src/common/clock/clock';
import { type Actor, actOn, appealCast, categoryId, coHandledAppealOf } from '../helpers/appeal-fixtures';
import { insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';

const sh = (local: string) => new Date(`${local}+08:00`);

/**
 * A co-handler task's clock stands still while its appeal is suspended waiting for the firm, as
 * the appeal's own does (#20): no light change and no reminder during the pause, and on
 * resumption the deadline moves by the working time the pause took, with the light's share
 * leaving that time out. Working hours 09:00–12:00 and 13:30–17:30 (7 h a day).
 * 广元市苍溪县 (510824), shared with the task-light and attachment specs: every figure read here is this spec's own department's (a city's dashboard counts every county, so 资阳's is left to the period-picker spec).
 */
describe('co-handler task clocks pause with their appeal (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  let admin: Actor;
  const COUNTY = '510824';
  // Mon 2 November 2026, 10:00: the task's 3 working days are Tue 3, Wed 4, Thu 5 (17:30).
  const clock = new FixedClock(sh('2026-11-02T10:00:00'));

  const sweep = async () => (await ctx.http().post('/api/sla/sweep/run').set('Authorization', admin.bearer).expect(200)).body;
  const taskOf = async (id: number) =>
    (await ctx.http().get(`/api/co-handler-tasks/${id}`).set('Authorization', cast.handlerB.bearer).expect(200)).body as {
      warningLight: string;
      dueAt: string;
      remindedAt: string | null;
      overdue: boolean;
    };
  const reminders = async (appealId: number) => {
    const [{ n }] = await ctx.db.query("SELECT COUNT(*) AS n FROM appeal_events WHERE appeal_id = ? AND action = 'co_task_remind'", [
      appealId,
    ]);
    return Number(n);
  };

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, COUNTY);
    category = await categoryId(ctx.db, 'labour');
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    admin = { id: adminUser.id, username: adminUser.username, bearer: `Bearer ${await login(ctx, adminUser)}` };
  });
  afterAll(() => ctx.close());

  it('counts a task whose clock stood still at a month’s end in the month its moved deadline falls in, and the frozen month verifies after the move', async () => {
    // Mon 26 October 10:00: due Thu 29 October 17:30; suspended Tue 27 October 10:00, over the month's end.
    clock.set(sh('2026-10-26T10:00:00'));
    const id = await coHandledAppealOf(ctx, cast, { categoryId: category, title: '丹棱园区污水管网接驳', description: '新厂区污水管网需接入园区主管网，需要住建和环保部门共同审核。' });
    const [{ id: taskId }] = (
      await ctx.http().get(`/api/appeals/${id}/co-handler-tasks`).set('Authorization', cast.handlerA.bearer).expect(200)
    ).body;
    await actOn(ctx, cast.handlerA.bearer, id, 'sign');
    clock.set(sh('2026-10-27T10:00:00'));
    await actOn(ctx, cast.handlerA.bearer, id, 'suspend', { reason: '等待企业提供管网图纸' });

    // October as it stood at its end: the part was not late, its clock stood still. Nothing to rank.
    clock.set(sh('2026-11-02T09:00:00'));
    const october = (
      await ctx
        .http()
        .post('/api/supervision/reports')
        .set('Authorization', cast.supervisor.bearer)
        .send({ periodKind: 'month', key: '2026-10', regionCode: COUNTY })
        .expect(201)
    ).body;
    const octoberRows = (october.figures.coHandlerTasks?.rows ?? []) as Array<{ key: string }>;
    expect(octoberRows.map((r) => r.key)).not.toContain(String(cast.deptB));

    // Resumed Tue 3 November 10:00 after 35 working hours: due Thu 5 November 17:30, kept as a move.
    clock.set(sh('2026-11-03T10:00:00'));
    await actOn(ctx, cast.handlerA.bearer, id, 'resume');
    expect((await taskOf(taskId)).dueAt).toBe(sh('2026-11-05T17:30:00').toISOString());
    const moves = await ctx.db.query('SELECT from_due_at, to_due_at FROM co_handler_task_deadline_moves WHERE task_id = ?', [taskId]);
    expect(moves.map((m: { from_due_at: Date; to_due_at: Date }) => [m.from_due_at.toISOString(), m.to_due_at.toISOString()])).toEqual([
      [sh('2026-10-29T17:30:00').toISOString(), sh('2026-11-05T17:30:00').toISOString()],
    ]);
    expect(
      (await ctx.http().get(`/api/supervision/reports/${october.id}/verify`).set('Authorization', cast.supervisor.bearer).expect(200)).body,
    ).toMatchObject({
      ok: true,
      figuresEqual: true,
    });

    // Not delivered by its moved deadline: late in November, where that deadline falls.
    clock.set(sh('2026-11-06T10:00:00'));
    const november = (
      await ctx
        .http()
        .get(`/api/supervision/rankings?period=custom&from=2026-11-01&to=2026-11-06&kind=department&regionCode=${COUNTY}`)
        .set('Authorization', cast.supervisor.bearer)
        .expect(200)
    ).body;
    const row = (november.coHandlerTasks.rows as Array<{ key: string; due: number; openOverdue: number }>).find(
      (r) => r.key === String(cast.deptB),
    );
    expect(row).toMatchObject({ due: 1, openOverdue: 1 });
  });

  it('keeps the task’s light and reminder still while suspended and moves its deadline by the pause on resumption', async () => {
    clock.set(sh('2026-11-02T10:00:00'));
    const id = await coHandledAppealOf(ctx, cast, { categoryId: category, title: '丹棱园区职工宿舍用电增容', description: '职工宿舍用电负荷不足，需要供电和住建部门共同核定增容方案。' });
    await sweep();
    const [{ id: taskId }] = (
      await ctx.http().get(`/api/appeals/${id}/co-handler-tasks`).set('Authorization', cast.handlerA.bearer).expect(200)
    ).body;
    expect(await taskOf(taskId)).toMatchObject({ warningLight: 'green', dueAt: sh('2026-11-05T17:30:00').toISOString() });

    // Suspended on Tue 3 November at 10:00, 7 of the task's 27 working hours used.
    await actOn(ctx, cast.handlerA.bearer, id, 'sign');
    clock.set(sh('2026-11-03T10:00:00'));
    await actOn(ctx, cast.handlerA.bearer, id, 'suspend', { reason: '等待企业补充宿舍用电负荷资料' });

    // Past the task's original deadline, still suspended: nothing moves.
    clock.set(sh('2026-11-09T09:30:00'));
    await sweep();
    expect(await taskOf(taskId)).toMatchObject({ warningLight: 'green', remindedAt: null });
    expect(await reminders(id)).toBe(0);

    // Resumed Mon 9 November 10:00: the pause took 28 working hours (Tue 6, Wed–Fri 7 each, Mon 1),
    // so the deadline moves from Thu 5 to Wed 11 November 17:30 — the 20 hours left at suspension are left still.
    clock.set(sh('2026-11-09T10:00:00'));
    await actOn(ctx, cast.handlerA.bearer, id, 'resume');
    expect((await taskOf(taskId)).dueAt).toBe(sh('2026-11-11T17:30:00').toISOString());
    const [{ paused_ms: pausedMs }] = await ctx.db.query('SELECT paused_ms FROM co_handler_tasks WHERE id = ?', [taskId]);
    expect(Number(pausedMs)).toBe(28 * 3600_000);

    // The share leaves the pause out: 70 % of 27 h is reached on Tue 10 November at 16:24
    // (counted with the pause, it would have been Mon 9 November at 14:00).
    clock.set(sh('2026-11-09T15:00:00'));
    await sweep();
    expect((await taskOf(taskId)).warningLight).toBe('green');
    clock.set(sh('2026-11-10T16:20:00'));
    await sweep();
    expect((await taskOf(taskId)).warningLight).toBe('green');
    clock.set(sh('2026-11-10T16:30:00'));
    await sweep();
    expect((await taskOf(taskId)).warningLight).toBe('yellow');

    // Late only after the moved deadline, and reminded then, once.
    clock.set(sh('2026-11-11T17:00:00'));
    await sweep();
    expect(await taskOf(taskId)).toMatchObject({ warningLight: 'yellow', overdue: false, remindedAt: null });
    clock.set(sh('2026-11-12T09:00:00'));
    await sweep();
    await sweep();
    expect(await taskOf(taskId)).toMatchObject({ warningLight: 'red', overdue: true, remindedAt: sh('2026-11-12T09:00:00').toISOString() });
    expect(await reminders(id)).toBe(1);
  });
});
