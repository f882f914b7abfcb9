import { FixedClock } from '../../src/common/clock/clock';
import { ProblemClusteringService } from '../../src/common-problems/pool/problem-clustering.service';
import { ProblemTopicsService } from '../../src/common-problems/named/problem-topics.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertDepartment, signedIn } from '../helpers/factories';
import { downloadSheet } from '../helpers/xlsx-download';
import { createTestApp, type TestContext } from '../helpers/test-app';

/**
 * Named common problems and topics (#16) through HTTP on the real database: a city supervisor of
 * 泸州 names a cluster of the pool, the lead department answers, the supervisor closes; scoping by
 * region and lead department; versions; the topic's new appeals before and after the answer under
 * a moved clock. 泸州's 龙马潭区 (510504) and 泸县 (510521), 凉山's 布拖县 (513429) and the months
 * 2024-03 to 2024-05 appear in no other spec, nor do these texts.
 */
describe('named common problems (e2e)', () => {
  const clock = new FixedClock(new Date('2024-03-05T02:00:00Z'));
  let ctx: TestContext;
  let a: Awaited<ReturnType<typeof appealCast>>;
  let b: Awaited<ReturnType<typeof appealCast>>;
  let away: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  let problemId: number;
  let clusterKey: number;
  const ids: Record<string, number> = {};

  const FEE = '园区污水处理厂今年起把工业污水处理费从每吨2元上调到6元，没有听证也没有书面通知，企业成本大幅增加，请求核查收费依据。';
  const submit = async (bearer: string, title: string, description: string) =>
    Number(
      (await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ categoryId: category, kind: 'help', title, description }).expect(201))
        .body.id,
    );
  const read = (bearer: string, id = problemId) => ctx.http().get(`/api/common-problems/${id}`).set('Authorization', bearer);
  const act = (bearer: string, path: string, body: Record<string, unknown>, id = problemId) =>
    ctx.http().post(`/api/common-problems/${id}/${path}`).set('Authorization', bearer).send(body);
  const version = async (id = problemId) => (await read(a.supervisor.bearer, id).expect(200)).body.version as number;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    a = await appealCast(ctx, '510504');
    b = await appealCast(ctx, '510521');
    away = await appealCast(ctx, '513429');
    category = await categoryId(ctx.db, 'energy_power');
    await ctx.app.get(ProblemClusteringService).catchUp();
    ids.a1 = await submit(a.enterprise.bearer, '园区污水处理费收费标准突然上调三倍', FEE);
    ids.b1 = await submit(b.enterprise.bearer, '园区污水处理费上调三倍没有依据', FEE.replace('大幅增加', '增加很多'));
    ids.alone = await submit(a.enterprise.bearer, '厂区变压器容量不足需要增容', '我司新上生产线，厂区变压器容量不足，申请增容已两个月没有回复，影响投产。');
    ids.away = await submit(away.enterprise.bearer, '园区污水处理费上调三倍', FEE);
  });
  afterAll(() => ctx.close());

  it('names a cluster of the pool as a common problem, with its lead department and timeline', async () => {
    const pool = await ctx.http().get('/api/common-problems/pool').query({ key: '2024-03' }).set('Authorization', a.supervisor.bearer).expect(200);
    expect(pool.body.items).toHaveLength(1);
    clusterKey = pool.body.items[0].clusterKey;
    expect(pool.body.items[0]).toMatchObject({ appeals: 2, firms: 2, counties: 2 });

    const named = await ctx
      .http()
      .post('/api/common-problems')
      .set('Authorization', a.supervisor.bearer)
      .send({ title: '  园区污水处理费上调缺乏依据 ', period: 'month', key: '2024-03', clusterKey, leadDepartmentId: a.cityDept })
      .expect(201);
    problemId = named.body.id;
    expect(named.body).toMatchObject({
      title: '园区污水处理费上调缺乏依据',
      region: { code: '510500', name: '泸州市' },
      period: { kind: 'month', key: '2024-03', label: '2024年3月' },
      sourceClusterKey: clusterKey,
      leadDepartment: { id: a.cityDept },
      state: 'open',
      answer: null,
      topic: null,
      linkedAppeals: 2,
      version: 1,
    });
    expect(named.body.events.map((e: { action: string }) => e.action)).toEqual(['named', 'lead_assigned']);
    expect(named.body.events[0]).toMatchObject({ actor: { id: a.supervisor.id }, details: { appealIds: [ids.a1, ids.b1], periodKey: '2024-03' } });
    expect(new Date(named.body.events[0].at).toISOString()).toBe('2024-03-05T02:00:00.000Z');
    const linked = await ctx.http().get(`/api/common-problems/${problemId}/appeals`).set('Authorization', a.supervisor.bearer).expect(200);
    expect(linked.body.items.map((x: { id: number }) => x.id)).toEqual([ids.a1, ids.b1]);
    expect(linked.body.items[0].enterpriseName).toEqual(expect.any(String));
  });

  it('refuses bad input with a 400 JSON body naming the field, and other roles', async () => {
    const name = (body: Record<string, unknown>, bearer = a.supervisor.bearer) => ctx.http().post('/api/common-problems').set('Authorization', bearer).send(body);
    const fieldOf = (body: { details?: Array<{ field: string }> }) => (body.details ?? []).map((d) => d.field);
    expect(fieldOf((await name({ appealIds: [ids.alone] }).expect(400)).body)).toContain('title');
    expect(fieldOf((await name({ title: '   ', appealIds: [ids.alone] }).expect(400)).body)).toContain('title');
    expect(fieldOf((await name({ title: '变压器', key: '2024-13', appealIds: [ids.alone] }).expect(400)).body)).toContain('key');
    expect(fieldOf((await name({ title: '变压器', period: 'quarter', appealIds: [ids.alone] }).expect(400)).body)).toContain('period');
    expect(fieldOf((await name({ title: '变压器', appealIds: ['x'] }).expect(400)).body)).toContain('appealIds');
    expect(fieldOf((await name({ title: '变压器', key: '2024-03' }).expect(400)).body)).toContain('appealIds');
    expect(fieldOf((await name({ title: '变压器', appealIds: [ids.alone], leadDepartmentId: away.cityDept }).expect(400)).body)).toContain('leadDepartmentId');
    const wrongCounty = await name({ title: '变压器', regionCode: '510521', appealIds: [ids.alone] }).expect(400);
    expect(wrongCounty.body.code).toBe('BAD_REQUEST');
    expect(fieldOf(wrongCounty.body)).toContain('appealIds');
    expect((await name({ title: '变压器', appealIds: [ids.away] }).expect(404)).body.code).toBe('NOT_FOUND');
    await name({ title: '变压器', regionCode: '513400', appealIds: [ids.alone] }).expect(404);
    await name({ title: '变压器', key: '2024-03', clusterKey: 2_000_000_000 }).expect(404);
    await name({ title: '变压器', appealIds: [ids.alone] }, a.officer.bearer).expect(403);
    await name({ title: '变压器', appealIds: [ids.alone] }, a.cityHandler.bearer).expect(403);
    await act(a.supervisor.bearer, 'appeals', { version: 1, appealIds: [] }).expect(400);
    await ctx.http().get('/api/common-problems/abc').set('Authorization', a.supervisor.bearer).expect(400);
    await ctx.http().get('/api/common-problems').query({ state: 'done' }).set('Authorization', a.supervisor.bearer).expect(400);
    expect(await version()).toBe(1);
  });

  it('shows a problem only within region and lead department: 404 for another city, a county below and a non-lead handler', async () => {
    await read(away.supervisor.bearer).expect(404);
    await read(a.handlerA.bearer).expect(404);
    await read(b.cityHandler.bearer).expect(404);
    const county = await signedIn(ctx, { role: 'supervisor', regionCode: '510504' });
    await read(county.bearer).expect(404);
    const province = await signedIn(ctx, { role: 'supervisor', regionCode: '510000' });
    await read(province.bearer).expect(200);
    await read(a.officer.bearer).expect(403);
    await read(a.enterprise.bearer).expect(403);
    const lead = await read(a.cityHandler.bearer).expect(200);
    expect(lead.body.id).toBe(problemId);
    const linked = await ctx.http().get(`/api/common-problems/${problemId}/appeals`).set('Authorization', a.cityHandler.bearer).expect(200);
    expect(linked.body.items.every((x: { enterpriseName: string | null }) => x.enterpriseName === null)).toBe(true);
    const awayList = await ctx.http().get('/api/common-problems').set('Authorization', away.supervisor.bearer).expect(200);
    expect(awayList.body.items.map((p: { id: number }) => p.id)).not.toContain(problemId);
    const nonLead = await ctx.http().get('/api/common-problems').set('Authorization', a.handlerA.bearer).expect(200);
    expect(nonLead.body.items.map((p: { id: number }) => p.id)).not.toContain(problemId);
    const leadList = await ctx.http().get('/api/common-problems').set('Authorization', a.cityHandler.bearer).expect(200);
    expect(leadList.body.items.map((p: { id: number }) => p.id)).toEqual([problemId]);
    for (const path of ['appeals', 'close', 'lead', 'topic']) await act(away.supervisor.bearer, path, { version: 1, appealIds: [ids.alone], leadDepartmentId: a.cityDept }).expect((r) => expect([400, 404]).toContain(r.status));
    await act(away.supervisor.bearer, 'close', { version: 1 }).expect(404);
    await act(a.handlerA.bearer, 'answer', { version: 1, text: '非牵头部门的答复' }).expect(404);
    expect(await version()).toBe(1);
  });

  it('links and unlinks appeals of its region, refusing a stale version with 409 (412 by If-Match) and none with 428', async () => {
    const linked = await act(a.supervisor.bearer, 'appeals', { version: 1, appealIds: [ids.alone] }).expect(200);
    expect(linked.body).toMatchObject({ linkedAppeals: 3, version: 2 });
    expect(linked.body.events.at(-1)).toMatchObject({ action: 'appeals_linked', actor: { id: a.supervisor.id }, details: { appealIds: [ids.alone] } });
    const stale = await act(a.supervisor.bearer, 'appeals', { version: 1, appealIds: [ids.a1] }).expect(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', context: { version: 2 } });
    await ctx.http().post(`/api/common-problems/${problemId}/appeals/unlink`).set('Authorization', a.supervisor.bearer).set('If-Match', '"1"').send({ appealIds: [ids.alone] }).expect(412);
    await act(a.supervisor.bearer, 'appeals/unlink', { appealIds: [ids.alone] }).expect(428);
    await act(a.supervisor.bearer, 'appeals', { version: 2, appealIds: [ids.a1] }).expect(409);
    await act(a.supervisor.bearer, 'appeals', { version: 2, appealIds: [ids.away] }).expect(404);
    const unlinked = await ctx
      .http()
      .post(`/api/common-problems/${problemId}/appeals/unlink`)
      .set('Authorization', a.supervisor.bearer)
      .set('If-Match', '"2"')
      .send({ appealIds: [ids.alone] })
      .expect(200);
    expect(unlinked.body).toMatchObject({ linkedAppeals: 2, version: 3 });
    expect(unlinked.body.events.at(-1)).toMatchObject({ action: 'appeals_unlinked', details: { appealIds: [ids.alone] } });
    await act(a.supervisor.bearer, 'appeals/unlink', { version: 3, appealIds: [ids.alone] }).expect(400);
    await act(a.supervisor.bearer, 'appeals/unlink', { version: 3, appealIds: [ids.a1, ids.b1] }).expect(409);
    const rows = await ctx.db.query('SELECT appeal_id FROM common_problem_appeals WHERE problem_id = ? ORDER BY appeal_id', [problemId]);
    expect(rows.map((r: { appeal_id: number }) => Number(r.appeal_id))).toEqual([ids.a1, ids.b1]);
  });

  it('two changes on the same version: one wins, the other gets 409', async () => {
    const v = await version();
    const results = await Promise.all([
      act(a.supervisor.bearer, 'appeals', { version: v, appealIds: [ids.alone] }),
      act(a.supervisor.bearer, 'topic', { version: v, key: '2024-04' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    // Undo what won, so the rest of the story starts from two linked appeals and no topic.
    if (winner.body.linkedAppeals === 3) await act(a.supervisor.bearer, 'appeals/unlink', { version: v + 1, appealIds: [ids.alone] }).expect(200);
    else await act(a.supervisor.bearer, 'topic/clear', { version: v + 1 }).expect(200);
  });

  it('the lead department answers for the class; the supervisor closes it, reopens and closes again', async () => {
    await act(a.supervisor.bearer, 'close', { version: await version() }).expect(409);
    await act(a.supervisor.bearer, 'answer', { version: await version(), text: '督办不能代答' }).expect(403);
    await act(a.cityHandler.bearer, 'answer', { version: await version(), text: '短' }).expect(400);
    await act(a.cityHandler.bearer, 'answer', { version: await version(), text: '正在研究', policyId: 2_000_000_000 }).expect(400);
    clock.set('2024-03-28T02:00:00Z');
    const first = await act(a.cityHandler.bearer, 'answer', { version: await version(), text: '市发改委正在复核园区污水处理费标准' }).expect(200);
    expect(first.body).toMatchObject({ state: 'answered', answer: { text: '市发改委正在复核园区污水处理费标准', policy: null, answeredBy: { id: a.cityHandler.id } } });
    clock.set('2024-04-01T02:00:00Z');
    const revised = await act(a.cityHandler.bearer, 'answer', { version: await version(), text: '市发改委已发文：园区污水处理费恢复每吨2元，多收部分退还' }).expect(200);
    expect(new Date(revised.body.answer.answeredAt).toISOString()).toBe('2024-04-01T02:00:00.000Z');
    await act(a.cityHandler.bearer, 'close', { version: await version() }).expect(403);
    const closed = await act(a.supervisor.bearer, 'close', { version: await version(), note: '已出台办法' }).expect(200);
    expect(closed.body).toMatchObject({ state: 'closed' });
    expect(closed.body.closedAt).not.toBeNull();
    await act(a.supervisor.bearer, 'appeals', { version: await version(), appealIds: [ids.alone] }).expect(409);
    await act(a.cityHandler.bearer, 'answer', { version: await version(), text: '关闭后不能再答复' }).expect(409);
    const reopened = await act(a.supervisor.bearer, 'reopen', { version: await version(), note: '企业反映仍按6元收取' }).expect(200);
    expect(reopened.body).toMatchObject({ state: 'answered', closedAt: null });
    const again = await act(a.supervisor.bearer, 'close', { version: await version() }).expect(200);
    expect(again.body.events.map((e: { action: string }) => e.action)).toEqual([
      'named',
      'lead_assigned',
      'appeals_linked',
      'appeals_unlinked',
      expect.stringMatching(/^(appeals_linked|topic_set)$/),
      expect.stringMatching(/^(appeals_unlinked|topic_cleared)$/),
      'answered',
      'answer_revised',
      'closed',
      'reopened',
      'closed',
    ]);
    expect(again.body.events.find((e: { action: string }) => e.action === 'reopened')).toMatchObject({ actor: { id: a.supervisor.id }, details: { note: '企业反映仍按6元收取' } });
  });

  it('a new lead department sends an answered problem back to open, and only it answers then', async () => {
    const other = await ctx
      .http()
      .post('/api/common-problems')
      .set('Authorization', a.supervisor.bearer)
      .send({ title: '变压器增容审批慢', key: '2024-03', appealIds: [ids.alone] })
      .expect(201);
    expect(other.body).toMatchObject({ leadDepartment: null, state: 'open', linkedAppeals: 1 });
    const id = other.body.id as number;
    await act(a.cityHandler.bearer, 'answer', { version: 1, text: '尚无牵头部门时无人能答' }, id).expect(404);
    await act(a.supervisor.bearer, 'lead', { version: 1, leadDepartmentId: a.deptA }, id).expect(200);
    await act(a.handlerA.bearer, 'answer', { version: 2, text: '供电公司已安排增容勘察' }, id).expect(200);
    const secondDept = await insertDepartment(ctx.db, '510500');
    const moved = await act(a.supervisor.bearer, 'lead', { version: 3, leadDepartmentId: secondDept }, id).expect(200);
    expect(moved.body).toMatchObject({ state: 'open', answer: null, leadDepartment: { id: secondDept } });
    expect(moved.body.events.map((e: { action: string }) => e.action)).toEqual(['named', 'lead_assigned', 'answered', 'lead_changed']);
    await act(a.supervisor.bearer, 'lead', { version: 4, leadDepartmentId: secondDept }, id).expect(409);
    await read(a.handlerA.bearer, id).expect(404);
  });

  it('counts new appeals of the class before and after the answer as a topic, in equal windows, in its region', async () => {
    clock.set('2024-03-20T02:00:00Z');
    ids.b2 = await submit(b.enterprise.bearer, '污水处理费上涨三倍请求核查', FEE.replace('今年起', ''));
    clock.set('2024-04-10T02:00:00Z');
    ids.a2 = await submit(a.enterprise.bearer, '工业污水处理费上调没有听证', FEE.replace('书面通知', '任何书面通知'));
    ids.away2 = await submit(away.enterprise.bearer, '工业污水处理费上调三倍', FEE);
    const topic = await act(a.supervisor.bearer, 'topic', { version: await version(), key: '2024-04' }).expect(200);
    expect(topic.body.topic).toMatchObject({ kind: 'month', key: '2024-04', label: '2024年4月' });
    await act(a.supervisor.bearer, 'topic', { version: await version(), key: '2024-04' }).expect(409);

    clock.set('2024-04-15T02:00:00Z');
    const running = await ctx.http().get('/api/common-problems/topics').query({ key: '2024-04' }).set('Authorization', a.supervisor.bearer).expect(200);
    expect(running.body.items.map((t: { problem: { id: number } }) => t.problem.id)).toEqual([problemId]);
    // after = [04-01 02:00, 04-15 02:00) (14 days so far), before = the 14 days before: b2 of 03-20, not a1/b1 of 03-05.
    expect(running.body.items[0].effect).toMatchObject({
      days: 30,
      afterComplete: false,
      before: { from: '2024-03-18T02:00:00.000Z', to: '2024-04-01T02:00:00.000Z', count: 1 },
      after: { from: '2024-04-01T02:00:00.000Z', to: '2024-04-15T02:00:00.000Z', count: 1 },
      change: 0,
    });

    clock.set('2024-05-10T02:00:00Z');
    const done = await ctx.http().get(`/api/common-problems/${problemId}/effect`).set('Authorization', a.supervisor.bearer).expect(200);
    expect(done.body).toMatchObject({
      afterComplete: true,
      before: { from: '2024-03-02T02:00:00.000Z', count: 3 },
      after: { to: '2024-05-01T02:00:00.000Z', count: 1 },
      change: -0.6667,
    });
    const week = await ctx.http().get(`/api/common-problems/${problemId}/effect`).query({ days: 7 }).set('Authorization', a.cityHandler.bearer).expect(200);
    expect(week.body).toMatchObject({ days: 7, before: { count: 0 }, after: { count: 0 } });
    await ctx.http().get(`/api/common-problems/${problemId}/effect`).set('Authorization', away.supervisor.bearer).expect(404);
    const none = await ctx.http().get('/api/common-problems/topics').query({ key: '2024-04' }).set('Authorization', away.supervisor.bearer).expect(200);
    expect(none.body.items).toEqual([]);
    await ctx.http().get('/api/common-problems/topics').query({ key: '2024-04' }).set('Authorization', a.cityHandler.bearer).expect(403);
  });

  it('gives the notice the period’s named problems of a region: title, lead department, state, linked appeals', async () => {
    const topics = ctx.app.get(ProblemTopicsService);
    const march = await topics.listForPeriod('510500', 'month', '2024-03');
    expect(march.map((p) => p.title).sort()).toEqual(['变压器增容审批慢', '园区污水处理费上调缺乏依据'].sort());
    const fee = march.find((p) => p.title === '园区污水处理费上调缺乏依据')!;
    const [dept] = await ctx.db.query('SELECT name FROM departments WHERE id = ?', [a.cityDept]);
    expect(fee).toEqual({ title: '园区污水处理费上调缺乏依据', leadDepartmentName: dept.name, state: 'closed', linkedAppeals: 2, isTopic: false });
    const april = await topics.listForPeriod('510500', 'month', '2024-04');
    expect(april).toEqual([{ ...fee, isTopic: true }]);
    expect(await topics.listForPeriod('513400', 'month', '2024-03')).toEqual([]);
    expect((await topics.listForPeriod('510000', 'quarter', '2024-Q1')).length).toBeGreaterThanOrEqual(2);
    await expect(topics.listForPeriod('510500', 'month', '2024-13')).rejects.toThrow(RangeError);
  });

  it('exports the period’s pool and the common problems as XLSX within the caller’s region', async () => {
    const names = async (id: number) => String((await ctx.db.query('SELECT name FROM enterprises WHERE id = ?', [id]))[0].name);
    const pool = await downloadSheet(
      ctx.http().get('/api/common-problems/exports/pool.xlsx').query({ period: 'month', key: '2024-03' }).set('Authorization', a.supervisor.bearer),
      '共性问题池',
    );
    expect(pool[0]).toEqual(['序号', '代表诉求编号', '代表诉求', '诉求数', '企业数', '区县数', '部门数', '涉及企业', '涉及区县', '涉及部门', '首次提交', '最近提交']);
    expect(pool).toHaveLength(2);
    const [numberA1] = await ctx.db.query('SELECT number FROM appeals WHERE id = ?', [ids.a1]);
    expect(pool[1].slice(0, 7)).toEqual([1, numberA1.number, '园区污水处理费收费标准突然上调三倍', 3, 2, 2, 0]);
    expect(String(pool[1][7]).split('、').sort()).toEqual([await names(a.firmId), await names(b.firmId)].sort());
    expect(String(pool[1][8]).split('、').sort()).toEqual(['泸县', '龙马潭区'].sort());
    expect(pool[1][10]).toBe('2024-03-05 10:00');
    const elsewhere = await downloadSheet(
      ctx.http().get('/api/common-problems/exports/pool.xlsx').query({ key: '2024-03' }).set('Authorization', away.supervisor.bearer),
      '共性问题池',
    );
    expect(elsewhere).toHaveLength(1);

    const problems = await downloadSheet(ctx.http().get('/api/common-problems/exports/problems.xlsx').set('Authorization', a.supervisor.bearer), '共性问题');
    expect(problems[0]).toEqual(['编号', '共性问题', '所属地区', '期间', '牵头部门', '状态', '关联诉求数', '关联诉求编号', '答复', '依据政策', '答复时间', '办结时间', '每期一题', '命名人', '命名时间']);
    const fee = problems.find((r) => r[0] === problemId)!;
    const [dept] = await ctx.db.query('SELECT name FROM departments WHERE id = ?', [a.cityDept]);
    expect(fee.slice(1, 7)).toEqual(['园区污水处理费上调缺乏依据', '泸州市', '2024-03', dept.name, '已办结', 2]);
    expect(fee[8]).toBe('市发改委已发文：园区污水处理费恢复每吨2元，多收部分退还');
    expect(fee[10]).toBe('2024-04-01 10:00');
    expect(fee[12]).toBe('2024-04');
    expect(problems.find((r) => r[1] === '变压器增容审批慢')).toEqual(expect.arrayContaining(['办理中', 1]));
    const linked = await downloadSheet(ctx.http().get('/api/common-problems/exports/problems.xlsx').query({ state: 'closed' }).set('Authorization', a.supervisor.bearer), '关联诉求');
    expect(linked[0]).toEqual(['共性问题编号', '共性问题', '诉求编号', '诉求摘要', '企业名称', '所属地区', '主办单位', '状态', '提交时间', '关联时间']);
    const mine = linked.filter((r) => r[0] === problemId);
    expect(mine.map((r) => r[3])).toEqual(['园区污水处理费收费标准突然上调三倍', '园区污水处理费上调三倍没有依据']);
    expect(mine[0]).toEqual(expect.arrayContaining([await names(a.firmId), '龙马潭区', '待受理']));
    const away2 = await downloadSheet(ctx.http().get('/api/common-problems/exports/problems.xlsx').set('Authorization', away.supervisor.bearer), '共性问题');
    expect(away2.filter((r) => r[0] === problemId)).toEqual([]);
    await ctx.http().get('/api/common-problems/exports/problems.xlsx').set('Authorization', a.cityHandler.bearer).expect(403);
    await ctx.http().get('/api/common-problems/exports/pool.xlsx').query({ key: '2024-13' }).set('Authorization', a.supervisor.bearer).expect(400);
    await ctx.http().get('/api/common-problems/exports/pool.xlsx').query({ regionCode: '513400' }).set('Authorization', a.supervisor.bearer).expect(404);
  });
});
