import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';
import { actOn, appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertDepartment, insertUser, unique } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';

/**
 * The console's task-force pages (专班管理, /admin/task-forces) and the appeal page's task-force
 * choices over plain HTTP: admins only, CSRF-checked, every change through TaskForcesService or the
 * appeal use case; refused forms come back with what was typed and the problem in Chinese at its
 * field. Data in 珙县 (511526) and 宜宾 (511500), plus provincial departments this spec creates.
 */
describe('console task-force pages (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let admin: ConsoleAgent;
  let supervisor: ConsoleAgent;
  let officer: ConsoleAgent;
  let deptP1: number;
  let deptP2: number;
  let foreignDept: number;
  const tag = unique('控制台专班');

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };
  const fieldError = (html: string, field: string) => new RegExp(`data-testid="field-error-${field}">([^<]*)<`).exec(html)?.[1];
  const forceId = async (name: string) => Number((await ctx.db.query('SELECT id FROM task_forces WHERE name = ?', [name]))[0].id);

  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await appealCast(ctx, '511526');
    deptP1 = await insertDepartment(ctx.db, '510000', `${tag}省经信厅`);
    deptP2 = await insertDepartment(ctx.db, '510000', `${tag}省商务厅`);
    // A department of another city: never a member of a 宜宾 专班 (the spec only names it in a refused form).
    foreignDept = await insertDepartment(ctx.db, '510100', `${tag}成都单位`);
    admin = await consoleLogin(ctx, (await insertUser(ctx.db, { role: 'admin', regionCode: '510000' })).username);
    supervisor = await consoleLogin(ctx, cast.supervisor.username);
    officer = await consoleLogin(ctx, cast.officer.username);
  });
  afterAll(() => ctx.close());

  it('lets an admin create a task force in two steps, edit its members and retire it, in Chinese', async () => {
    const list = await admin.get('/admin/task-forces').expect(200);
    expect(list.text).toContain('专班管理');
    expect(list.text).toContain('href="/admin/task-forces"');
    // Step 1 offers owners of province and city level only.
    expect(list.text).toContain('value="511500"');
    expect(list.text).not.toContain('value="511526"');
    await admin.get('/admin/task-forces/new?regionCode=511526').expect(404);

    const form = await admin.get('/admin/task-forces/new?regionCode=511500').expect(200);
    expect(form.text).toContain('新建专班');
    expect(form.text).toContain(`${tag}省经信厅`);
    expect(form.text).toContain(cast.cityDept.toString());
    expect(form.text).not.toContain(`${tag}成都单位`);

    // A refused form comes back (400) with the name kept and the problem at the members field.
    const refused = await admin
      .post('/admin/task-forces', { _csrf: admin.csrf, regionCode: '511500', name: `${tag}宜宾专班`, departmentIds: [String(deptP1), String(foreignDept)] })
      .expect(400);
    expect(fieldError(refused.text, 'departmentIds')).toContain('不能选择其他地区的单位');
    expect(refused.text).toContain(`value="${tag}宜宾专班"`);
    const empty = await admin.post('/admin/task-forces', { _csrf: admin.csrf, regionCode: '511500', name: `${tag}宜宾专班` }).expect(400);
    expect(fieldError(empty.text, 'departmentIds')).toBe('成员单位至少选择 1 项');
    await admin.post('/admin/task-forces', { regionCode: '511500', name: `${tag}无令牌`, departmentIds: String(deptP1) }).expect(403);

    const created = await admin
      .post('/admin/task-forces', { _csrf: admin.csrf, regionCode: '511500', name: `${tag}宜宾专班`, departmentIds: [String(deptP1), String(cast.cityDept), String(cast.deptB)] })
      .expect(303);
    expect(flashOf(created)).toMatchObject({ kind: 'success', text: expect.stringContaining('3 个成员单位') });
    const id = await forceId(`${tag}宜宾专班`);

    const page = await admin.get(`/admin/task-forces/${id}`).expect(200);
    expect(page.text).toContain(`${tag}省经信厅`);
    const saved = await admin
      .post(`/admin/task-forces/${id}`, { _csrf: admin.csrf, version: '1', name: `${tag}宜宾产业专班`, departmentIds: [String(deptP1), String(deptP2)], active: 'true' })
      .expect(303);
    expect(flashOf(saved)).toMatchObject({ kind: 'success' });
    // A stale version: the page again with the conflict, nothing saved.
    const stale = await admin
      .post(`/admin/task-forces/${id}`, { _csrf: admin.csrf, version: '1', name: `${tag}旧版本`, departmentIds: [String(deptP1)], active: 'true' })
      .expect(400);
    expect(stale.text).toContain('已被他人修改');
    expect(await forceId(`${tag}宜宾产业专班`)).toBe(id);
    const members = await ctx.db.query('SELECT department_id FROM task_force_members WHERE task_force_id = ? ORDER BY department_id', [id]);
    expect(members.map((m: { department_id: number }) => Number(m.department_id))).toEqual([deptP1, deptP2].sort((a, b) => a - b));

    // The list's 停用 button retires it.
    const retired = await admin.post(`/admin/task-forces/${id}`, { _csrf: admin.csrf, version: '2', active: 'false' }).expect(303);
    expect(flashOf(retired)).toMatchObject({ kind: 'success', text: expect.stringContaining('已停用') });
    await admin.post(`/admin/task-forces/${id}`, { _csrf: admin.csrf, version: '3', active: 'true' }).expect(303);

    // The routing rules' form offers the active task forces as a suggestion.
    const rules = await admin.get('/admin/routing-rules').expect(200);
    expect(rules.text).toContain('data-testid="rule-task-force"');
    expect(rules.text).toContain(`${tag}宜宾产业专班`);

    // Admins only.
    await supervisor.get('/admin/task-forces').expect(403);
  });

  it('offers the covering task forces on the route form and 调入专班协办 to supervisors, refusals at the field', async () => {
    const id = await forceId(`${tag}宜宾产业专班`);
    const category = await categoryId(ctx.db, 'labour');
    const appeal = Number(
      (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', cast.enterprise.bearer)
          .send({ categoryId: category, kind: 'help', title: '外贸订单物流受阻', description: '出口订单集装箱紧缺，需要商务、交通部门协调。' })
          .expect(201)
      ).body.id,
    );
    await actOn(ctx, cast.officer.bearer, appeal, 'accept');
    const routePage = await officer.get(`/appeals/${appeal}`).expect(200);
    expect(routePage.text).toContain('data-testid="route-task-force"');
    expect(routePage.text).toContain(`${tag}宜宾产业专班`);

    // Routed by the form without a task force; the supervisor then brings it in from the appeal page.
    await officer.post(`/appeals/${appeal}/actions/route`, { _csrf: officer.csrf, version: '2', leadDepartmentId: String(cast.deptA) }).expect(303);
    const detail = await supervisor.get(`/appeals/${appeal}`).expect(200);
    expect(detail.text).toContain('data-testid="action-bring_task_force"');
    expect(detail.text).toContain('调入专班协办');
    const version = /name="version" value="(\d+)"/.exec(detail.text)?.[1] as string;
    const missing = await supervisor.post(`/appeals/${appeal}/actions/bring_task_force`, { _csrf: supervisor.csrf, version }).expect(400);
    expect(fieldError(missing.text, 'taskForceId')).toBe('请填写专班');
    const brought = await supervisor
      .post(`/appeals/${appeal}/actions/bring_task_force`, { _csrf: supervisor.csrf, version, taskForceId: String(id), coHandlerRequest: '请协调外贸物流' })
      .expect(303);
    expect(flashOf(brought)).toMatchObject({ kind: 'success', text: '已调入专班协办' });
    const after = await supervisor.get(`/appeals/${appeal}`).expect(200);
    expect(after.text).toContain(`${tag}省经信厅<span class="muted small">（${tag}宜宾产业专班）</span>`);
    expect(after.text).toContain(`专班：${tag}宜宾产业专班，经专班加入协办：`);
    expect(after.text).toContain('协办要求：请协调外贸物流');
    // Again: nobody new to bring, said in Chinese at the field.
    const nextVersion = /name="version" value="(\d+)"/.exec(after.text)?.[1] as string;
    const again = await supervisor
      .post(`/appeals/${appeal}/actions/bring_task_force`, { _csrf: supervisor.csrf, version: nextVersion, taskForceId: String(id) })
      .expect(400);
    expect(fieldError(again.text, 'taskForceId')).toContain('均已参与本诉求办理');
    // The officer is not offered it.
    expect((await officer.get(`/appeals/${appeal}`).expect(200)).text).not.toContain('data-testid="action-bring_task_force"');
  });
});
