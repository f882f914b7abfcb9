import { FixedClock } from '../../src/common/clock/clock';
import { type Actor, actOn, appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertDepartment, insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';

/** Asia/Shanghai wall-clock time to an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

/**
 * Co-handler tasks (协办任务, #20) through HTTP, around the 2026 National Day holiday: routing with a
 * co-handling department asks it for its part with its own working-day clock; the lead cannot
 * resolve while that part is open; the co-handler signs and answers, or objects once within a
 * working day; a supervisor in reach may waive it; a transfer withdraws what was still owed.
 * 崇州市 (510184) is used by no other spec.
 */
describe('co-handler tasks (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  let stranger: Actor;
  let farSupervisor: Actor;
  // Tue 29 September 2026, 10:00: the next working days are Wed 30 Sep, then (1–7 Oct off) Thu 8 and Fri 9 Oct.
  const clock = new FixedClock(sh('2026-09-29T10:00:00'));

  const submit = async (title: string) =>
    Number(
      (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', cast.enterprise.bearer)
          .send({ categoryId: category, kind: 'help', title, description: '厂区外部道路施工后排水不畅，雨天车间进水，需要住建和水务部门共同处理。' })
          .expect(201)
      ).body.id,
    );
  /** Submitted, accepted, routed to department A with B co-handling, signed by A. */
  const coHandledAppeal = async (title: string, coHandlerRequest?: string) => {
    const id = await submit(title);
    await actOn(ctx, cast.officer.bearer, id, 'accept');
    await actOn(ctx, cast.officer.bearer, id, 'route', { leadDepartmentId: cast.deptA, coDepartmentIds: [cast.deptB], ...(coHandlerRequest ? { coHandlerRequest } : {}) });
    await actOn(ctx, cast.handlerA.bearer, id, 'sign');
    return id;
  };
  const tasksOf = (bearer: string, appealId: number) => ctx.http().get(`/api/appeals/${appealId}/co-handler-tasks`).set('Authorization', bearer);
  const taskAction = (bearer: string, taskId: number, action: string, body: Record<string, unknown>) =>
    ctx.http().post(`/api/co-handler-tasks/${taskId}/${action}`).set('Authorization', bearer).send(body);
  const resolve = async (bearer: string, appealId: number, status: number) => {
    const { version } = (await ctx.http().get(`/api/appeals/${appealId}`).set('Authorization', bearer).expect(200)).body;
    return ctx
      .http()
      .post(`/api/appeals/${appealId}/resolve`)
      .set('Authorization', bearer)
      .send({ version, closureType: 'resolved', answer: '已联合住建、水务部门疏通排水管网。' })
      .expect(status);
  };
  const inboxTitles = async (bearer: string) =>
    ((await ctx.http().get('/api/notifications').set('Authorization', bearer).expect(200)).body.items as Array<{ title: string }>).map((n) => n.title);

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '510184');
    category = await categoryId(ctx.db, 'labour');
    const otherDepartment = await insertDepartment(ctx.db, '510184');
    const strangerUser = await insertUser(ctx.db, { role: 'handler', regionCode: '510184', departmentId: otherDepartment });
    stranger = { id: strangerUser.id, username: strangerUser.username, bearer: `Bearer ${await login(ctx, strangerUser)}` };
    const far = await insertUser(ctx.db, { role: 'supervisor', regionCode: '510700' });
    farSupervisor = { id: far.id, username: far.username, bearer: `Bearer ${await login(ctx, far)}` };
  });
  afterAll(() => ctx.close());

  beforeEach(() => clock.set(sh('2026-09-29T10:00:00')));

  it('asks the co-handler for its part on the working-day calendar and holds the lead’s answer until it is delivered', async () => {
    const id = await coHandledAppeal('道路施工后厂区排水不畅', '请核实排水管网权属并提出疏通方案');
    const [task] = (await tasksOf(cast.handlerA.bearer, id).expect(200)).body;
    // 3 working days counted from the next day: Wed 30 Sep, Thu 8 Oct, Fri 9 Oct (the holiday skipped).
    expect(task).toMatchObject({
      departmentId: cast.deptB,
      status: 'open',
      request: '请核实排水管网权属并提出疏通方案',
      dueAt: sh('2026-10-09T17:30:00').toISOString(),
      dueBasis: 'statutory',
      objectionDeadlineAt: sh('2026-09-30T17:30:00').toISOString(),
      overdue: false,
      allowedActions: [],
    });
    expect(await inboxTitles(cast.handlerB.bearer)).toContainEqual(expect.stringContaining('新协办任务'));

    // Joint closure: the lead's answer is refused and not offered while the part is open.
    const refused = await resolve(cast.handlerA.bearer, id, 409);
    expect(refused.body.message).toMatch(/co-handler task/);
    expect((await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.handlerA.bearer)).body.allowedActions).not.toContain('resolve');

    const mine = (await tasksOf(cast.handlerB.bearer, id).expect(200)).body[0];
    expect(mine.allowedActions).toEqual(['sign', 'object']);
    const signed = (await taskAction(cast.handlerB.bearer, task.id, 'sign', { version: mine.version }).expect(200)).body;
    expect(signed).toMatchObject({ status: 'signed', allowedActions: ['answer', 'object'] });
    // The version the caller saw is checked: a stale one is a 409, never a silent overwrite.
    await taskAction(cast.handlerB.bearer, task.id, 'answer', { version: mine.version, answer: '旧版本' }).expect(409);
    const answered = (await taskAction(cast.handlerB.bearer, task.id, 'answer', { version: signed.version, answer: '管网属我局管理，已安排疏通。' }).expect(200)).body;
    expect(answered).toMatchObject({ status: 'answered', answer: '管网属我局管理，已安排疏通。', allowedActions: [] });
    expect(await inboxTitles(cast.handlerA.bearer)).toContainEqual(expect.stringContaining('协办单位已反馈协办意见'));

    await resolve(cast.handlerA.bearer, id, 200);
    // Between offices: the task events are on the staff's timeline, not the firm's.
    const staffTimeline = (await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.officer.bearer)).body.timeline as Array<{ action: string }>;
    expect(staffTimeline.map((e) => e.action)).toEqual(expect.arrayContaining(['co_task_create', 'co_task_sign', 'co_task_answer']));
    const firmTimeline = (await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.enterprise.bearer)).body.timeline as Array<{ action: string }>;
    expect(firmTimeline.map((e) => e.action).filter((a) => a.startsWith('co_task'))).toEqual([]);
  });

  it('lets only the co-handling department act on its task, and refuses bad input with the field named', async () => {
    const id = await coHandledAppeal('雨天车间进水');
    const [task] = (await tasksOf(cast.handlerB.bearer, id).expect(200)).body;
    await taskAction(cast.handlerA.bearer, task.id, 'sign', { version: task.version }).expect(403);
    await taskAction(cast.supervisor.bearer, task.id, 'sign', { version: task.version }).expect(403);
    await taskAction(cast.handlerB.bearer, task.id, 'waive', { version: task.version, reason: '自己免除' }).expect(403);
    // A handler of an unrelated department cannot even see it.
    await taskAction(stranger.bearer, task.id, 'sign', { version: task.version }).expect(404);
    await tasksOf(stranger.bearer, id).expect(404);
    await tasksOf(cast.enterprise.bearer, id).expect(403);
    const missing = await taskAction(cast.handlerB.bearer, task.id, 'object', { version: task.version }).expect(400);
    expect(JSON.stringify(missing.body)).toContain('reason');
    await taskAction(cast.handlerB.bearer, task.id, 'sign', {}).expect(400);
    await taskAction(cast.handlerB.bearer, task.id, 'answer', { version: task.version, answer: '未签收先反馈' }).expect(409);
    expect((await tasksOf(cast.handlerB.bearer, id).expect(200)).body[0]).toMatchObject({ status: 'open', version: task.version });
  });

  it('takes an objection once within one working day; after that only a supervisor in reach may waive the part', async () => {
    const early = await coHandledAppeal('排水管网权属不清');
    const [first] = (await tasksOf(cast.handlerB.bearer, early).expect(200)).body;
    clock.set(sh('2026-09-30T16:00:00'));
    const objected = (await taskAction(cast.handlerB.bearer, first.id, 'object', { version: first.version, reason: '排水管网不属于本单位管理' }).expect(200)).body;
    expect(objected.status).toBe('objected');
    await taskAction(cast.handlerB.bearer, first.id, 'object', { version: objected.version, reason: '再次异议' }).expect(409);
    expect(await inboxTitles(cast.supervisor.bearer)).toContainEqual(expect.stringContaining('协办单位对协办任务提出异议'));
    await resolve(cast.handlerA.bearer, early, 200);

    clock.set(sh('2026-09-29T10:00:00'));
    const late = await coHandledAppeal('节后仍未疏通');
    const [task] = (await tasksOf(cast.handlerB.bearer, late).expect(200)).body;
    // Thu 8 October: the window closed on Wed 30 September at 17:30, the holiday between changes nothing.
    clock.set(sh('2026-10-08T09:00:00'));
    await taskAction(cast.handlerB.bearer, task.id, 'object', { version: task.version, reason: '节后才看到' }).expect(409);
    await taskAction(farSupervisor.bearer, task.id, 'waive', { version: task.version, reason: '无关' }).expect(404);
    await taskAction(cast.supervisor.bearer, task.id, 'waive', { version: task.version, reason: '' }).expect(400);
    const waived = (await taskAction(cast.supervisor.bearer, task.id, 'waive', { version: task.version, reason: '牵头单位已自行完成疏通，无需协办' }).expect(200)).body;
    expect(waived).toMatchObject({ status: 'waived', waiveReason: '牵头单位已自行完成疏通，无需协办' });
    expect(await inboxTitles(cast.handlerB.bearer)).toContainEqual(expect.stringContaining('协办任务已由督办人员免除'));
    await resolve(cast.handlerA.bearer, late, 200);
  });

  it('marks a part overdue once its deadline passes, and withdraws what was owed when the appeal is transferred up', async () => {
    const id = await coHandledAppeal('需市级协调的排水问题');
    clock.set(sh('2026-10-10T10:00:00'));
    const [task] = (await tasksOf(cast.handlerA.bearer, id).expect(200)).body;
    expect(task).toMatchObject({ status: 'open', overdue: true });
    await actOn(ctx, cast.supervisor.bearer, id, 'transfer-up', { targetDepartmentId: cast.cityDept, reason: '需市级协调' });
    const [withdrawn] = (await tasksOf(cast.supervisor.bearer, id).expect(200)).body;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', overdue: false, withdrawnAt: sh('2026-10-10T10:00:00').toISOString() });
    // No longer a co-handler, the department no longer sees the appeal or its task.
    await tasksOf(cast.handlerB.bearer, id).expect(404);
    await taskAction(cast.handlerB.bearer, task.id, 'sign', { version: withdrawn.version }).expect(404);
  });
});
