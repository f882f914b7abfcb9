import { FixedClock } from '../../src/common/clock/clock';
import { countCoTasks } from '../../src/supervision/domain/co-task-metrics';
import { consoleLogin } from '../browser/console-http';
import { type Actor, actOn, appealCast, categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { insertDepartment, insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { downloadSheet } from '../helpers/xlsx-download';

const sh = (local: string) => new Date(`${local}+08:00`);

interface CoTaskRow {
  key: string;
  name: string;
  rank: number | null;
  due: number;
  deliveredOnTime: number;
  deliveredLate: number;
  openOverdue: number;
  waived: number;
  objected: number;
  onTimeRate: { numerator: number; denominator: number; value: number | null };
}

/**
 * Per-department co-handler task metrics (#20) through HTTP: in October 2026 (the National Day
 * holiday and a weekend inside the tasks' clocks) department B delivers one part on time, leaves
 * one overdue and objects to one; department C delivers one late and has one waived. The
 * metrics, the rankings, the dashboard, the rankings export and the county's frozen report count
 * them alike — the SQL as the code definition does (countCoTasks) — and a report of a county
 * without tasks carries no task field, so reports frozen before tasks existed verify unchanged.
 * 广安市华蓥市 (511681) and 邻水县 (511623) are used by no other spec (眉山's counties are the working-group spec's city).
 */
describe('co-handler task metrics per department (e2e)', () => {
  const COUNTY = '511681';
  const EMPTY_COUNTY = '511623';
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  let deptC: number;
  let handlerC: Actor;
  let openTaskId: number;
  const clock = new FixedClock(sh('2026-09-29T10:00:00'));

  const get = (path: string, bearer = cast.supervisor.bearer) => ctx.http().get(path).set('Authorization', bearer);
  const coHandled = async (title: string, coDepartmentIds: number[]) => {
    const id = Number(
      (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', cast.enterprise.bearer)
          .send({ categoryId: category, kind: 'help', title, description: '仁寿园区供水管网改造涉及道路开挖，需要多个部门协同办理。' })
          .expect(201)
      ).body.id,
    );
    await actOn(ctx, cast.officer.bearer, id, 'accept');
    await actOn(ctx, cast.officer.bearer, id, 'route', { leadDepartmentId: cast.deptA, coDepartmentIds });
    const tasks = (await get(`/api/appeals/${id}/co-handler-tasks`).expect(200)).body as Array<{ id: number; departmentId: number; version: number }>;
    return Object.fromEntries(tasks.map((t) => [t.departmentId, t]));
  };
  const step = (bearer: string, task: { id: number; version: number }, action: string, body: Record<string, unknown> = {}) =>
    ctx
      .http()
      .post(`/api/co-handler-tasks/${task.id}/${action}`)
      .set('Authorization', bearer)
      .send({ version: task.version, ...body })
      .expect(200)
      .then((r) => r.body as { id: number; version: number });
  const deliver = async (bearer: string, task: { id: number; version: number }) =>
    step(bearer, await step(bearer, task, 'sign'), 'answer', { answer: '本单位部分已办理。' });
  const byKey = (rows: CoTaskRow[]) => Object.fromEntries(rows.map((r) => [r.key, r]));

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, COUNTY);
    category = await categoryId(ctx.db, 'labour');
    deptC = await insertDepartment(ctx.db, COUNTY);
    const c = await insertUser(ctx.db, { role: 'handler', regionCode: COUNTY, departmentId: deptC });
    handlerC = { id: c.id, username: c.username, bearer: `Bearer ${await login(ctx, c)}` };
    // A firm in the other county, so its report has appeals but no co-handler task.
    await insertEnterprise(ctx.db, { regionCode: EMPTY_COUNTY });

    // Tue 29 September 10:00: each task is due Fri 9 October 17:30 (30 Sep, then 1–7 October off, 8 and 9 October).
    const first = await coHandled('仁寿园区供水管网改造（一）', [cast.deptB, deptC]);
    const second = await coHandled('仁寿园区供水管网改造（二）', [cast.deptB]);
    const third = await coHandled('仁寿园区供水管网改造（三）', [deptC]);
    openTaskId = second[cast.deptB].id;

    clock.set(sh('2026-10-08T09:00:00'));
    // Thu 8 October: B objects to a new task within its window (due Tue 13 October).
    const fourth = await coHandled('仁寿园区供水管网改造（四）', [cast.deptB]);
    await step(cast.handlerB.bearer, fourth[cast.deptB], 'object', { reason: '管网不属于本单位管理' });
    await step(cast.supervisor.bearer, third[deptC], 'waive', { reason: '牵头单位已自行完成' });

    clock.set(sh('2026-10-09T15:00:00'));
    await deliver(cast.handlerB.bearer, first[cast.deptB]);
    // C delivers after the weekend: late.
    clock.set(sh('2026-10-12T09:30:00'));
    await deliver(handlerC.bearer, first[deptC]);
    clock.set(sh('2026-10-20T10:00:00'));
  });
  afterAll(() => ctx.close());

  const expectedB = { due: 3, deliveredOnTime: 1, deliveredLate: 0, openOverdue: 1, waived: 0, objected: 1, onTimeRate: { numerator: 1, denominator: 2, value: 0.5 }, rank: 1 };
  const expectedC = { due: 2, deliveredOnTime: 0, deliveredLate: 1, openOverdue: 0, waived: 1, objected: 0, onTimeRate: { numerator: 0, denominator: 1, value: 0 }, rank: 2 };

  it('counts each co-handling department’s tasks of the running month, and ranks them by the on-time rate', async () => {
    const rankings = (await get(`/api/supervision/rankings?period=month&key=2026-10&kind=department&regionCode=${COUNTY}`).expect(200)).body;
    expect(rankings.source.kind).toBe('live');
    const rows = rankings.coHandlerTasks.rows as CoTaskRow[];
    expect(rows.map((r) => r.key)).toEqual([String(cast.deptB), String(deptC)]);
    expect(byKey(rows)[String(cast.deptB)]).toMatchObject(expectedB);
    expect(byKey(rows)[String(deptC)]).toMatchObject(expectedC);
    // The lead department owed no task: not in the co-handlers' ranking.
    expect(rows.map((r) => r.key)).not.toContain(String(cast.deptA));

    const metrics = (await get(`/api/supervision/metrics?period=month&key=2026-10&groupBy=department&regionCode=${COUNTY}`).expect(200)).body;
    expect(metrics.coHandlerTasks).toEqual(rankings.coHandlerTasks);
    // Other groupings and filtered figures say nothing about tasks; a county without tasks neither.
    expect((await get(`/api/supervision/metrics?period=month&key=2026-10&groupBy=total&regionCode=${COUNTY}`).expect(200)).body.coHandlerTasks).toBeUndefined();
    expect((await get(`/api/supervision/rankings?period=month&key=2026-10&kind=department&regionCode=${EMPTY_COUNTY}`).expect(200)).body.coHandlerTasks).toBeUndefined();
    // September: nothing was due, answered, waived or objected.
    expect((await get(`/api/supervision/rankings?period=custom&from=2026-09-01&to=2026-09-30&kind=department&regionCode=${COUNTY}`).expect(200)).body.coHandlerTasks).toBeUndefined();
  });

  it('agrees with the definition in code on the tasks as the table holds them', async () => {
    const tasks: Array<Record<string, Date | number | null>> = await ctx.db.query(
      `SELECT t.department_id, t.due_at, t.answered_at, t.objected_at, t.waived_at, t.withdrawn_at
         FROM co_handler_tasks t JOIN appeals a ON a.id = t.appeal_id WHERE a.region_code = ?`,
      [COUNTY],
    );
    const counted = countCoTasks(
      tasks.map((t) => ({
        departmentId: String(t.department_id),
        dueAt: t.due_at as Date,
        answeredAt: t.answered_at as Date | null,
        objectedAt: t.objected_at as Date | null,
        waivedAt: t.waived_at as Date | null,
        withdrawnAt: t.withdrawn_at as Date | null,
      })),
      { from: sh('2026-10-01T00:00:00'), to: sh('2026-10-20T10:00:00') },
    );
    const rows = (await get(`/api/supervision/rankings?period=month&key=2026-10&kind=department&regionCode=${COUNTY}`).expect(200)).body.coHandlerTasks
      .rows as CoTaskRow[];
    for (const row of rows) {
      const { key, name: _name, rank: _rank, onTimeRate: _rate, ...counts } = row;
      expect(counts).toEqual(counted.get(key));
    }
    expect(rows).toHaveLength(counted.size);
  });

  it('shows the 协办单位排名 on the dashboard and in the rankings export', async () => {
    const supervisor = await consoleLogin(ctx, cast.supervisor.username);
    const page = await supervisor.get(`/dashboard?regionCode=${COUNTY}`).expect(200);
    expect(page.text).toContain('协办单位排名');
    expect(page.text).toMatch(new RegExp(`data-department-id="${cast.deptB}"[\\s\\S]*?50\\.0`));

    const sheet = await downloadSheet(
      get(`/api/supervision/exports/rankings.xlsx?period=month&key=2026-10&regionCode=${COUNTY}`),
      '协办单位排名',
    );
    expect(sheet[1]).toEqual(['排名', '协办单位', '按时反馈率', '到期任务', '按时反馈', '逾期反馈', '超期未反馈', '免除', '异议']);
    const names = (await get(`/api/supervision/rankings?period=month&key=2026-10&kind=department&regionCode=${COUNTY}`).expect(200)).body.coHandlerTasks
      .rows as CoTaskRow[];
    expect(sheet.slice(2, 4)).toEqual([
      [1, names[0].name, 0.5, 3, 1, 0, 1, 0, 1],
      [2, names[1].name, 0, 2, 0, 1, 0, 1, 0],
    ]);
  });

  it('freezes the month with its task figures as they stood at its end, and a county without tasks without the field', async () => {
    // November: B finally delivers the overdue part — late, in November; October keeps it as open overdue.
    clock.set(sh('2026-11-03T10:00:00'));
    const open = (await get(`/api/co-handler-tasks/${openTaskId}`, cast.handlerB.bearer).expect(200)).body;
    await deliver(cast.handlerB.bearer, open);
    clock.set(sh('2026-11-03T10:05:00'));

    const report = (
      await ctx.http().post('/api/supervision/reports').set('Authorization', cast.supervisor.bearer).send({ periodKind: 'month', key: '2026-10', regionCode: COUNTY }).expect(201)
    ).body;
    const frozen = byKey(report.figures.coHandlerTasks.rows as CoTaskRow[]);
    expect(frozen[String(cast.deptB)]).toMatchObject(expectedB);
    expect(frozen[String(deptC)]).toMatchObject(expectedC);
    expect((await get(`/api/supervision/reports/${report.id}/verify`).expect(200)).body).toMatchObject({ ok: true, figuresEqual: true });
    const ranking = (await get(`/api/supervision/rankings?period=month&key=2026-10&kind=department&regionCode=${COUNTY}`).expect(200)).body;
    expect(ranking.source).toMatchObject({ kind: 'frozen', reportId: report.id });
    expect(ranking.coHandlerTasks).toEqual(report.figures.coHandlerTasks);
    const november = (await get(`/api/supervision/rankings?period=custom&from=2026-11-01&to=2026-11-03&kind=department&regionCode=${COUNTY}`).expect(200)).body;
    expect(byKey(november.coHandlerTasks.rows)[String(cast.deptB)]).toMatchObject({ due: 0, deliveredLate: 1, onTimeRate: { numerator: 0, denominator: 1 } });

    const supervisor = await consoleLogin(ctx, cast.supervisor.username);
    expect((await supervisor.get(`/reports/${report.id}`).expect(200)).text).toContain('协办单位排名');

    const empty = (
      await ctx.http().post('/api/supervision/reports').set('Authorization', cast.supervisor.bearer).send({ periodKind: 'month', key: '2026-10', regionCode: EMPTY_COUNTY }).expect(201)
    ).body;
    expect(Object.keys(empty.figures)).not.toContain('coHandlerTasks');
    expect((await get(`/api/supervision/reports/${empty.id}/verify`).expect(200)).body).toMatchObject({ ok: true, figuresEqual: true });
  });
});
