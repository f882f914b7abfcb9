import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin } from '../browser/console-http';
import { downloadSheet } from '../helpers/xlsx-download';
import { type Actor, actOn, appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertDepartment, insertUser, login, signedIn, unique } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';

/** Asia/Shanghai wall-clock time to an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

type Task = { id: number; departmentId: number; version: number; status: string; allowedActions: string[] };

/**
 * Cross-level task-force co-handling (专班, #20) through HTTP: a county appeal of 长宁县 (511524)
 * routed with the province's task force, or a routed one into which a supervisor brings it; the
 * provincial departments co-handle it through their tasks and see that appeal — its detail,
 * timeline, attachments, firm — and nothing else of the county. A 宜宾 (511500) 专班 brings a
 * 高县 (511525) department into a 长宁 appeal, its reach extended to that appeal only.
 * Regions: 宜宾 and its counties 长宁县, 高县, 珙县 (511526, the far supervisor), used by no other spec.
 */
describe('task-force co-handling (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let neighbour: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  let admin: Actor;
  let provincialA: Actor;
  let provincialB: Actor;
  let gaoxian: Actor;
  let farSupervisor: Actor;
  let deptP1: number;
  let deptP2: number;
  let deptGaoxian: number;
  let province: { id: number; version: number };
  let chengdu: { id: number };
  const tag = unique('专班协办');
  const clock = new FixedClock(sh('2026-06-16T10:00:00'));

  const actor = async (fields: Parameters<typeof insertUser>[1]): Promise<Actor> => {
    const user = await insertUser(ctx.db, fields);
    return { id: user.id, username: user.username, bearer: `Bearer ${await login(ctx, user)}` };
  };
  const submit = async (who: Awaited<ReturnType<typeof appealCast>>, title: string) =>
    Number(
      (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', who.enterprise.bearer)
          .send({ categoryId: category, kind: 'help', title, description: '产业链上游原材料断供，需要省级经信、发改部门协调保供。' })
          .expect(201)
      ).body.id,
    );
  const detail = (bearer: string, id: number) => ctx.http().get(`/api/appeals/${id}`).set('Authorization', bearer);
  const tasksOf = async (bearer: string, id: number): Promise<Task[]> =>
    (await ctx.http().get(`/api/appeals/${id}/co-handler-tasks`).set('Authorization', bearer).expect(200)).body;
  const deliver = async (bearer: string, id: number, departmentId: number) => {
    const task = (await tasksOf(bearer, id)).find((t) => t.departmentId === departmentId) as Task;
    const signed = (await ctx.http().post(`/api/co-handler-tasks/${task.id}/sign`).set('Authorization', bearer).send({ version: task.version }).expect(200)).body;
    await ctx.http().post(`/api/co-handler-tasks/${task.id}/answer`).set('Authorization', bearer).send({ version: signed.version, answer: '已协调省内上游企业优先保供。' }).expect(200);
  };
  const resolve = async (id: number, status: number) => {
    const { version } = (await detail(cast.handlerA.bearer, id).expect(200)).body;
    return ctx
      .http()
      .post(`/api/appeals/${id}/resolve`)
      .set('Authorization', cast.handlerA.bearer)
      .send({ version, closureType: 'resolved', answer: '经省产业链专班协调，原材料已恢复供应。' })
      .expect(status);
  };
  const route = async (id: number, body: Record<string, unknown>, status = 200) => {
    const { version } = (await detail(cast.officer.bearer, id).expect(200)).body;
    return ctx.http().post(`/api/appeals/${id}/route`).set('Authorization', cast.officer.bearer).send({ version, ...body }).expect(status);
  };
  const bring = (who: Actor, id: number, body: Record<string, unknown>) =>
    ctx.http().post(`/api/appeals/${id}/task-force`).set('Authorization', who.bearer).send(body);
  const inboxTitles = async (bearer: string) =>
    ((await ctx.http().get('/api/notifications').set('Authorization', bearer).expect(200)).body.items as Array<{ title: string }>).map((n) => n.title);
  const sources = async (id: number) =>
    (
      (await ctx.db.query('SELECT department_id, task_force_id FROM appeal_co_departments WHERE appeal_id = ? ORDER BY department_id', [id])) as Array<{
        department_id: number;
        task_force_id: number | null;
      }>
    ).map((r) => [Number(r.department_id), r.task_force_id === null ? null : Number(r.task_force_id)]);

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '511524');
    neighbour = await appealCast(ctx, '511524');
    category = await categoryId(ctx.db, 'labour');
    const adminUser = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    admin = { id: adminUser.id, username: adminUser.username, bearer: adminUser.bearer };
    deptP1 = await insertDepartment(ctx.db, '510000', `${tag}省经信厅`);
    deptP2 = await insertDepartment(ctx.db, '510000', `${tag}省发改委`);
    deptGaoxian = await insertDepartment(ctx.db, '511525', `${tag}高县经信局`);
    provincialA = await actor({ role: 'handler', regionCode: '510000', departmentId: deptP1 });
    provincialB = await actor({ role: 'handler', regionCode: '510000', departmentId: deptP2 });
    gaoxian = await actor({ role: 'handler', regionCode: '511525', departmentId: deptGaoxian });
    farSupervisor = await actor({ role: 'supervisor', regionCode: '511526' });
    province = (
      await ctx
        .http()
        .post('/api/task-forces')
        .set('Authorization', admin.bearer)
        .send({ name: `${tag}产业链专班`, regionCode: '510000', departmentIds: [deptP1, deptP2, cast.deptA] })
        .expect(201)
    ).body;
    // Another city's 专班 (its members provincial), which does not cover a 宜宾 appeal.
    chengdu = (
      await ctx.http().post('/api/task-forces').set('Authorization', admin.bearer).send({ name: `${tag}成都专班`, regionCode: '510100', departmentIds: [deptP1] }).expect(201)
    ).body;
  });
  afterAll(() => ctx.close());

  it('routes a county appeal with the provincial task force: its provincial members co-handle it, each with its task', async () => {
    const id = await submit(cast, '上游原材料断供');
    const other = await submit(cast, '同县另一诉求');
    const neighbourAppeal = await submit(neighbour, '同县其他企业诉求');
    for (const a of [id, other]) await actOn(ctx, cast.officer.bearer, a, 'accept');
    await actOn(ctx, neighbour.officer.bearer, neighbourAppeal, 'accept');
    await actOn(ctx, neighbour.officer.bearer, neighbourAppeal, 'route', { leadDepartmentId: neighbour.deptA });
    await actOn(ctx, cast.officer.bearer, other, 'route', { leadDepartmentId: cast.deptA });

    // The lead (county department A) is a member too: it leads, it does not co-handle.
    const routed = (await route(id, { leadDepartmentId: cast.deptA, coDepartmentIds: [cast.deptB], taskForceId: province.id, coHandlerRequest: '请协调省内上游企业保供' })).body;
    expect(routed.coDepartments).toEqual([
      { id: cast.deptB, name: expect.any(String), taskForce: null },
      { id: deptP1, name: `${tag}省经信厅`, taskForce: { id: province.id, name: `${tag}产业链专班` } },
      { id: deptP2, name: `${tag}省发改委`, taskForce: { id: province.id, name: `${tag}产业链专班` } },
    ]);
    expect(await sources(id)).toEqual([
      [cast.deptB, null],
      [deptP1, province.id],
      [deptP2, province.id],
    ]);
    const tasks = await tasksOf(cast.handlerA.bearer, id);
    expect(tasks.map((t) => t.departmentId).sort()).toEqual([cast.deptB, deptP1, deptP2].sort());
    expect(await inboxTitles(provincialA.bearer)).toContainEqual(expect.stringContaining('新协办任务'));
    const routeEvent = (routed.timeline as Array<{ action: string; payload?: Record<string, unknown> }>).find((e) => e.action === 'route');
    expect(routeEvent).toBeDefined();

    // Scoping: the provincial handler sees exactly the appeal it co-handles.
    const seen = (await detail(provincialA.bearer, id).expect(200)).body;
    expect((seen.timeline as Array<{ action: string }>).map((e) => e.action)).toEqual(expect.arrayContaining(['route', 'co_task_create']));
    await detail(provincialA.bearer, other).expect(404);
    await detail(provincialA.bearer, neighbourAppeal).expect(404);
    const listed = (await ctx.http().get('/api/appeals').query({ pageSize: 200 }).set('Authorization', provincialA.bearer).expect(200)).body.items.map(
      (a: { id: number }) => a.id,
    );
    expect(listed).toContain(id);
    expect(listed).not.toContain(other);
    expect(listed).not.toContain(neighbourAppeal);
    await ctx.http().get(`/api/appeals/${other}/co-handler-tasks`).set('Authorization', provincialA.bearer).expect(404);
    const caseload = (await ctx.http().get('/api/appeals/caseload').query({ pageSize: 200 }).set('Authorization', provincialA.bearer).expect(200)).body.items;
    expect(caseload.map((a: { id: number }) => a.id)).not.toContain(other);
    // The console: its page and the list export hold that appeal alone.
    const agent = await consoleLogin(ctx, provincialA.username);
    await agent.get(`/appeals/${id}`).expect(200);
    await agent.get(`/appeals/${other}`).expect(404);
    const exported = await downloadSheet(agent.get('/appeals/export.xlsx'), '诉求清单');
    expect(exported.slice(1).map((row) => row[0])).toEqual([seen.number]);
    // Its firm's page (the appeal's firm), never the neighbour's firm of the same county.
    await ctx.http().get(`/api/enterprises/${cast.firmId}`).set('Authorization', provincialA.bearer).expect(200);
    await ctx.http().get(`/api/enterprises/${neighbour.firmId}`).set('Authorization', provincialA.bearer).expect(404);
    // Attachments of the appeal, not of another one.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 2)]);
    const upload = async (appealId: number) =>
      (
        await ctx
          .http()
          .post(`/api/appeals/${appealId}/attachments`)
          .set('Authorization', cast.enterprise.bearer)
          .attach('file', pdf, { filename: '断供说明.pdf', contentType: 'application/pdf' })
          .expect(201)
      ).body.id as number;
    const mine = await upload(id);
    const notMine = await upload(other);
    await ctx.http().get(`/api/appeals/${id}/attachments/${mine}`).set('Authorization', provincialA.bearer).expect(200);
    await ctx.http().get(`/api/appeals/${other}/attachments/${notMine}`).set('Authorization', provincialA.bearer).expect(404);

    // The joint-closure rule: the lead cannot answer while the provincial parts are open.
    await actOn(ctx, cast.handlerA.bearer, id, 'sign');
    expect((await resolve(id, 409)).body.message).toMatch(/co-handler task/);
    await deliver(provincialA.bearer, id, deptP1);
    await deliver(cast.handlerB.bearer, id, cast.deptB);
    await resolve(id, 409);
    // Only the co-handling department itself acts on its task; a supervisor in reach may waive it.
    const p2 = (await tasksOf(provincialB.bearer, id)).find((t) => t.departmentId === deptP2) as Task;
    await ctx.http().post(`/api/co-handler-tasks/${p2.id}/sign`).set('Authorization', provincialA.bearer).send({ version: p2.version }).expect(403);
    await ctx
      .http()
      .post(`/api/co-handler-tasks/${p2.id}/waive`)
      .set('Authorization', cast.supervisor.bearer)
      .send({ version: p2.version, reason: '省发改委职责已由省经信厅一并协调' })
      .expect(200);
    await resolve(id, 200);
    // A finished appeal stays readable to its co-handlers.
    await detail(provincialB.bearer, id).expect(200);
  });

  it('refuses a task force that does not cover the appeal, an unknown or retired one, and provincial departments named directly', async () => {
    const id = await submit(cast, '跨区专班不得协办');
    await actOn(ctx, cast.officer.bearer, id, 'accept');
    const outside = (await route(id, { leadDepartmentId: cast.deptA, taskForceId: chengdu.id }, 400)).body;
    expect(outside).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'taskForceId', message: expect.stringContaining('does not cover') })] });
    const unknown = (await route(id, { leadDepartmentId: cast.deptA, taskForceId: 987654321 }, 400)).body;
    expect(unknown.message).toContain('Task force 987654321 was not found');
    await route(id, { leadDepartmentId: cast.deptA, taskForceId: 'one' }, 400);
    // Without a task force, a provincial department still cannot co-handle a county appeal.
    const direct = (await route(id, { leadDepartmentId: cast.deptA, coDepartmentIds: [deptP1] }, 400)).body;
    expect(direct.message).toContain('cannot handle a county-level appeal');

    const retiring = (
      await ctx.http().post('/api/task-forces').set('Authorization', admin.bearer).send({ name: `${tag}已撤销专班`, regionCode: '510000', departmentIds: [deptP2] }).expect(201)
    ).body;
    await ctx.http().patch(`/api/task-forces/${retiring.id}`).set('Authorization', admin.bearer).send({ version: retiring.version, active: false }).expect(200);
    expect((await route(id, { leadDepartmentId: cast.deptA, taskForceId: retiring.id }, 400)).body.message).toContain('inactive');
    // A stale version is a conflict, and nothing was routed.
    await ctx.http().post(`/api/appeals/${id}/route`).set('Authorization', cast.officer.bearer).send({ version: 1, leadDepartmentId: cast.deptA, taskForceId: province.id }).expect(409);
    expect((await detail(cast.officer.bearer, id).expect(200)).body).toMatchObject({ status: 'accepted', coDepartments: [] });
    await detail(provincialA.bearer, id).expect(404);
  });

  it('lets a supervisor in reach bring the task force into a routed appeal: one event, its newcomers’ tasks hold the lead’s answer', async () => {
    const id = await submit(cast, '已交办后调入专班');
    await actOn(ctx, cast.officer.bearer, id, 'accept');
    await actOn(ctx, cast.officer.bearer, id, 'route', { leadDepartmentId: cast.deptA, coDepartmentIds: [cast.deptB] });
    await actOn(ctx, cast.handlerA.bearer, id, 'sign');
    await deliver(cast.handlerB.bearer, id, cast.deptB);
    await detail(provincialA.bearer, id).expect(404);
    const before = (await detail(cast.supervisor.bearer, id).expect(200)).body;
    expect(before.allowedActions).toContain('bring_task_force');
    expect((await detail(cast.officer.bearer, id).expect(200)).body.allowedActions).not.toContain('bring_task_force');

    // Who may: supervisors in reach only; others 403, a supervisor of another county 404.
    await bring(cast.officer, id, { version: before.version, taskForceId: province.id }).expect(403);
    await bring(cast.handlerA, id, { version: before.version, taskForceId: province.id }).expect(403);
    await bring(farSupervisor, id, { version: before.version, taskForceId: province.id }).expect(404);
    // Bad input: 400 with a JSON body; stale version 409; one that does not cover 400.
    expect((await bring(cast.supervisor, id, { version: before.version }).expect(400)).body.message).toEqual(expect.anything());
    await bring(cast.supervisor, id, { version: before.version, taskForceId: province.id, extra: 1 }).expect(400);
    await bring(cast.supervisor, id, { taskForceId: province.id }).expect(428);
    await bring(cast.supervisor, id, { version: before.version - 1, taskForceId: province.id }).expect(409);
    await bring(cast.supervisor, id, { version: before.version, taskForceId: chengdu.id }).expect(400);

    const brought = (await bring(cast.supervisor, id, { version: before.version, taskForceId: province.id, coHandlerRequest: '请省级部门协调保供' }).expect(200)).body;
    expect(brought).toMatchObject({ status: 'in_progress', version: before.version + 1 });
    expect(brought.coDepartments.map((d: { id: number }) => d.id)).toEqual([cast.deptB, deptP1, deptP2].sort((a, b) => a - b));
    expect(await sources(id)).toEqual([
      [cast.deptB, null],
      [deptP1, province.id],
      [deptP2, province.id],
    ]);
    const events = (brought.timeline as Array<{ action: string }>).map((e) => e.action);
    expect(events.filter((a) => a === 'bring_task_force')).toHaveLength(1);
    expect(events.slice(-1)).toEqual(['bring_task_force']);
    // Between offices, like the tasks it creates: the firm sees the co-departments, not the event.
    const firmView = (await detail(cast.enterprise.bearer, id).expect(200)).body;
    expect((firmView.timeline as Array<{ action: string }>).map((e) => e.action)).not.toContain('bring_task_force');
    expect(firmView.coDepartments.map((d: { id: number }) => d.id)).toContain(deptP1);
    // The department that already delivered keeps its answer; the newcomers are asked.
    const tasks = await tasksOf(cast.supervisor.bearer, id);
    expect(tasks.map((t) => [t.departmentId, t.status]).sort()).toEqual(
      [
        [cast.deptB, 'answered'],
        [deptP1, 'open'],
        [deptP2, 'open'],
      ].sort(),
    );
    expect(await inboxTitles(provincialB.bearer)).toContainEqual(expect.stringContaining('督办调入专班协办'));
    await detail(provincialA.bearer, id).expect(200);

    // Nobody new to bring: refused. The lead waits for the newcomers.
    expect((await bring(cast.supervisor, id, { version: brought.version, taskForceId: province.id }).expect(400)).body.message).toContain('already takes part');
    await resolve(id, 409);
    await deliver(provincialA.bearer, id, deptP1);
    await deliver(provincialB.bearer, id, deptP2);
    await resolve(id, 200);
    const after = (await detail(cast.supervisor.bearer, id).expect(200)).body;
    expect(after.allowedActions).not.toContain('bring_task_force');
    await bring(cast.supervisor, id, { version: after.version, taskForceId: province.id }).expect(409);
  });

  it('lets a routing rule suggest a covering task force, which the routing then brings in', async () => {
    const rules = (body: Record<string, unknown>) => ctx.http().post('/api/routing-rules').set('Authorization', admin.bearer).send(body);
    const fields = { categoryId: category, regionCode: '511524', departmentId: cast.deptA };
    const outside = await rules({ ...fields, taskForceId: chengdu.id }).expect(400);
    expect(outside.body.details).toEqual([expect.objectContaining({ field: 'taskForceId' })]);
    await rules({ ...fields, taskForceId: 987654321 }).expect(400);
    const rule = (await rules({ ...fields, taskForceId: province.id }).expect(201)).body;
    expect(rule).toMatchObject({ taskForceId: province.id, taskForceName: `${tag}产业链专班` });

    const id = await submit(cast, '按交办规则建议调入专班');
    await actOn(ctx, cast.officer.bearer, id, 'accept');
    const proposed = (await detail(cast.officer.bearer, id).expect(200)).body.proposedDepartment;
    expect(proposed).toMatchObject({ departmentId: cast.deptA, ruleId: rule.id, taskForceId: province.id, taskForceName: `${tag}产业链专班` });
    // A suggestion only: routing brings the task force in when it names it.
    await route(id, { leadDepartmentId: proposed.departmentId, taskForceId: proposed.taskForceId });
    expect(await sources(id)).toEqual([
      [deptP1, province.id],
      [deptP2, province.id],
    ]);
    // Cleared again (null), so the other specs' appeals here are proposed no task force.
    await ctx.http().patch(`/api/routing-rules/${rule.id}`).set('Authorization', admin.bearer).send({ version: rule.version, taskForceId: null }).expect(200);
    const after = await submit(cast, '规则不再建议专班');
    await actOn(ctx, cast.officer.bearer, after, 'accept');
    expect((await detail(cast.officer.bearer, after).expect(200)).body.proposedDepartment).toMatchObject({ ruleId: rule.id, taskForceId: null });
  });

  it('extends a county department’s reach through a city 专班 to that appeal only', async () => {
    const city = (
      await ctx.http().post('/api/task-forces').set('Authorization', admin.bearer).send({ name: `${tag}宜宾市专班`, regionCode: '511500', departmentIds: [deptGaoxian, cast.cityDept] }).expect(201)
    ).body;
    const id = await submit(cast, '市专班调入高县部门');
    const other = await submit(neighbour, '邻企诉求');
    await actOn(ctx, cast.officer.bearer, id, 'accept');
    await route(id, { leadDepartmentId: cast.deptA, taskForceId: city.id });
    // 高县's department (another county) and the city's department co-handle the 长宁 appeal.
    expect((await detail(gaoxian.bearer, id).expect(200)).body.coDepartments.map((d: { id: number }) => d.id)).toEqual(
      [cast.cityDept, deptGaoxian].sort((a, b) => a - b),
    );
    await ctx.http().get(`/api/enterprises/${cast.firmId}`).set('Authorization', gaoxian.bearer).expect(200);
    await ctx.http().get(`/api/enterprises/${neighbour.firmId}`).set('Authorization', gaoxian.bearer).expect(404);
    await detail(gaoxian.bearer, other).expect(404);
    const listed = (await ctx.http().get('/api/appeals').set('Authorization', gaoxian.bearer).expect(200)).body.items.map((a: { id: number }) => a.id);
    expect(listed).toEqual([id]);
  });
});
