import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin } from '../browser/console-http';
import { type Actor, actOn, appealCast, categoryId, coHandledAppealOf } from '../helpers/appeal-fixtures';
import { insertDepartment, insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';

const sh = (local: string) => new Date(`${local}+08:00`);

/**
 * Co-handler task lights and the reminder step (#20) through HTTP, around the 2026 National Day
 * holiday: the SLA sweep lights an open task yellow at the appeals' share of its working time
 * and red once it is overdue, reminds (催办) the co-handling department exactly once however
 * often it runs, and the department sees its own tasks (and only those) with their lights.
 * 广元市苍溪县 (510824) is used by no other spec (眉山's counties are the working-group spec's city).
 */
describe('co-handler task lights and reminders (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  let admin: Actor;
  let stranger: Actor;
  // Tue 29 September 2026, 10:00. The task's 3 working days: Wed 30 Sep, (1–7 Oct off) Thu 8, Fri 9 Oct.
  const clock = new FixedClock(sh('2026-09-29T10:00:00'));

  const sweep = async () => (await ctx.http().post('/api/sla/sweep/run').set('Authorization', admin.bearer).expect(200)).body;
  const task = (bearer: string, id: number) => ctx.http().get(`/api/co-handler-tasks/${id}`).set('Authorization', bearer);
  const mine = (bearer: string, query = '') => ctx.http().get(`/api/co-handler-tasks${query}`).set('Authorization', bearer);
  const inboxTitles = async (bearer: string) =>
    ((await ctx.http().get('/api/notifications?pageSize=100').set('Authorization', bearer).expect(200)).body.items as Array<{ title: string }>).map(
      (n) => n.title,
    );

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '510824');
    category = await categoryId(ctx.db, 'labour');
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    admin = { id: adminUser.id, username: adminUser.username, bearer: `Bearer ${await login(ctx, adminUser)}` };
    const otherDepartment = await insertDepartment(ctx.db, '510824');
    const strangerUser = await insertUser(ctx.db, { role: 'handler', regionCode: '510824', departmentId: otherDepartment });
    stranger = { id: strangerUser.id, username: strangerUser.username, bearer: `Bearer ${await login(ctx, strangerUser)}` };
  });
  afterAll(() => ctx.close());

  it('lights the task green, yellow after the holiday, red once overdue, and reminds the department once', async () => {
    clock.set(sh('2026-09-29T10:00:00'));
    const id = await coHandledAppealOf(ctx, cast, { categoryId: category, title: '彭山园区道路积水需联合处置', description: '园区主干道雨后积水严重，需要住建和水务部门共同处理排水问题。' });
    await sweep();
    const [listed] = (await mine(cast.handlerB.bearer).expect(200)).body.items;
    expect(listed).toMatchObject({ appealId: id, warningLight: 'green', remindedAt: null, status: 'open', appealTitle: '彭山园区道路积水需联合处置' });
    const taskId = listed.id as number;

    // 70 % of its 27 working hours: Tue 6 h, Wed 7 h, then 5.9 h of Thu 8 October → 16:24.
    clock.set(sh('2026-10-08T16:20:00'));
    await sweep();
    expect((await task(cast.handlerB.bearer, taskId).expect(200)).body.warningLight).toBe('green');
    clock.set(sh('2026-10-08T16:30:00'));
    const yellow = await sweep();
    expect(yellow.tasks.turnedYellow).toBeGreaterThanOrEqual(1);
    expect((await task(cast.handlerA.bearer, taskId).expect(200)).body).toMatchObject({ warningLight: 'yellow', overdue: false });
    expect((await mine(cast.handlerB.bearer, '?light=yellow').expect(200)).body.items.map((t: { id: number }) => t.id)).toContain(taskId);

    // Due Fri 9 October 17:30; the weekend passes, Mon 12 October the sweep finds it late.
    clock.set(sh('2026-10-12T09:00:00'));
    const [first, second] = await Promise.all([sweep(), sweep()]);
    expect(first.skipped || second.skipped).toBe(true);
    await sweep();
    // Even a stale next check (another instance that read the task before) does not remind again.
    await ctx.db.query('UPDATE co_handler_tasks SET next_check_at = ? WHERE id = ?', [sh('2026-10-09T18:00:00'), taskId]);
    await sweep();
    const red = (await task(cast.handlerB.bearer, taskId).expect(200)).body;
    expect(red).toMatchObject({ warningLight: 'red', overdue: true, remindedAt: sh('2026-10-12T09:00:00').toISOString() });

    const timeline = (await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.officer.bearer).expect(200)).body.timeline as Array<{
      action: string;
      payload: Record<string, unknown>;
      reason: string;
    }>;
    const reminders = timeline.filter((e) => e.action === 'co_task_remind');
    expect(reminders).toHaveLength(1);
    expect(reminders[0].payload).toMatchObject({ taskId, departmentId: cast.deptB, step: 'reminder' });
    const firmTimeline = (await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.enterprise.bearer).expect(200)).body.timeline as Array<{ action: string }>;
    expect(firmTimeline.map((e) => e.action)).not.toContain('co_task_remind');

    const reminded = (await inboxTitles(cast.handlerB.bearer)).filter((t) => t.includes('催办：协办任务已超期'));
    expect(reminded).toHaveLength(1);
    const [{ n }] = await ctx.db.query(
      "SELECT COUNT(*) AS n FROM notifications WHERE appeal_id = ? AND kind = 'appeal.co_task_remind'",
      [id],
    );
    expect(Number(n)).toBe(1);
    // The lead department is not reminded for the co-handler's part.
    expect((await inboxTitles(cast.handlerA.bearer)).filter((t) => t.includes('协办任务已超期'))).toEqual([]);

    // Delivered: the light goes out, the task leaves the department's owed list.
    const { version } = red;
    const signed = (await ctx.http().post(`/api/co-handler-tasks/${taskId}/sign`).set('Authorization', cast.handlerB.bearer).send({ version }).expect(200)).body;
    const answered = (
      await ctx
        .http()
        .post(`/api/co-handler-tasks/${taskId}/answer`)
        .set('Authorization', cast.handlerB.bearer)
        .send({ version: signed.version, answer: '已疏通排水管网。' })
        .expect(200)
    ).body;
    expect(answered).toMatchObject({ status: 'answered', warningLight: null });
    expect((await mine(cast.handlerB.bearer).expect(200)).body.items.map((t: { id: number }) => t.id)).not.toContain(taskId);
    expect((await mine(cast.handlerB.bearer, '?status=answered').expect(200)).body.items.map((t: { id: number }) => t.id)).toContain(taskId);
  });

  it('shows a handler only their own department’s tasks; another department’s task answers 404', async () => {
    clock.set(sh('2026-10-12T10:00:00'));
    const [owed] = (await mine(cast.handlerB.bearer, '?status=all').expect(200)).body.items;
    expect(owed).toBeDefined();
    await task(stranger.bearer, owed.id).expect(404);
    expect((await mine(stranger.bearer, '?status=all').expect(200)).body).toMatchObject({ items: [], total: 0 });
    // The lead department reads the task on its appeal, but it is not in the lead's own task list.
    await task(cast.handlerA.bearer, owed.id).expect(200);
    expect((await mine(cast.handlerA.bearer, '?status=all').expect(200)).body.items.map((t: { id: number }) => t.id)).not.toContain(owed.id);
    await mine(cast.supervisor.bearer).expect(403);
    await mine(cast.handlerB.bearer, '?light=blue').expect(400);
    await mine(cast.handlerB.bearer, '?status=late').expect(400);
  });

  it('withdraws what the co-handler still owed when the firm withdraws the appeal: no light, no reminder, off the list', async () => {
    clock.set(sh('2026-10-12T10:00:00'));
    const id = await coHandledAppealOf(ctx, cast, { categoryId: category, title: '彭山园区临时用水申请', description: '园区临时用水申请需要水务和住建部门共同审核，企业可能自行解决。' });
    const [owed] = (await ctx.http().get(`/api/appeals/${id}/co-handler-tasks`).set('Authorization', cast.handlerA.bearer).expect(200)).body;
    await actOn(ctx, cast.enterprise.bearer, id, 'withdraw', { reason: '已自行解决' });
    clock.set(sh('2026-10-20T10:00:00'));
    await sweep();
    const [withdrawn] = (await ctx.http().get(`/api/appeals/${id}/co-handler-tasks`).set('Authorization', cast.officer.bearer).expect(200)).body;
    expect(withdrawn).toMatchObject({ id: owed.id, status: 'withdrawn', warningLight: null, remindedAt: null });
    expect((await mine(cast.handlerB.bearer).expect(200)).body.items.map((t: { id: number }) => t.id)).not.toContain(owed.id);
  });

  it('gives the handler a console page of the department’s tasks with their lights, and the light on the appeal’s task card', async () => {
    clock.set(sh('2026-10-12T10:00:00'));
    const id = await coHandledAppealOf(ctx, cast, { categoryId: category, title: '彭山园区围墙外排水沟堵塞', description: '围墙外排水沟堵塞导致雨水倒灌，需要多部门协同疏通。' });
    await sweep();
    const agent = await consoleLogin(ctx, cast.handlerB.username);
    const page = await agent.get('/co-handler-tasks').expect(200);
    expect(page.text).toContain('本单位协办任务');
    expect(page.text).toContain('彭山园区围墙外排水沟堵塞');
    expect(page.text).toContain('绿灯');
    expect(page.text).toContain('href="/co-handler-tasks"');
    const filtered = await agent.get('/co-handler-tasks?light=red').expect(200);
    expect(filtered.text).not.toContain('彭山园区围墙外排水沟堵塞');
    const detail = await agent.get(`/appeals/${id}`).expect(200);
    expect(detail.text).toMatch(/data-testid="co-task-light"><span class="light light-green"/);
    await (await consoleLogin(ctx, cast.supervisor.username)).get('/co-handler-tasks').expect(403);
  });
});
