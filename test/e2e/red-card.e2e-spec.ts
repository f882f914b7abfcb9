import { FixedClock } from '../../src/common/clock/clock';
import { SlaSweepService } from '../../src/sla/sweep/sla-sweep.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { rowAndFold } from '../helpers/appeal-fold';
import { insertAppealRow, insertDepartment } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const sh = (local: string) => new Date(`${local}+08:00`);

/**
 * The red card raises the appeal one level (DOMAIN: escalation ladder), through the sweep: to the
 * department the routing rules name at the next level, or into that level's supervisors' queue
 * waiting for routing (待交办) when none does; its timers reset as a transfer resets them; once,
 * as one hash-chained event, the row still the fold of its events. In 五通桥区 (511112), which no
 * other spec uses.
 */
describe('red card raises the appeal one level (e2e)', () => {
  const clock = new FixedClock(sh('2026-03-02T09:30:00')); // Monday
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let sweep: SlaSweepService;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '511112');
    sweep = ctx.app.get(SlaSweepService);
    // At city level the rules send power problems to the city department; nothing names one for labour.
    await ctx.db.query("INSERT INTO routing_rules (category_id, region_code, level, department_id) VALUES (?, '511100', 'city', ?)", [
      await categoryId(ctx.db, 'energy_power'),
      cast.cityDept,
    ]);
  });
  afterAll(() => ctx.close());

  /** Submitted, accepted, routed to the county department and signed, through the API. */
  async function inProgressAppeal(category: string, title: string): Promise<number> {
    const created = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.enterprise.bearer)
      .send({ categoryId: await categoryId(ctx.db, category), kind: 'help', title, description: '企业问题长期未解决，需要协调。' })
      .expect(201);
    let version: number = created.body.version;
    for (const [bearer, path, body] of [
      [cast.officer.bearer, 'accept', {}],
      [cast.officer.bearer, 'route', { leadDepartmentId: cast.deptA }],
      [cast.handlerA.bearer, 'sign', {}],
    ] as const) {
      const response = await ctx
        .http()
        .post(`/api/appeals/${created.body.id}/${path}`)
        .set('Authorization', bearer)
        .send({ version, ...body })
        .expect(200);
      version = response.body.version;
    }
    return created.body.id;
  }

  const appealRow = async (id: number) => (await ctx.db.query('SELECT * FROM appeals WHERE id = ?', [id]))[0];
  const eventsOf = (id: number) =>
    ctx.db.query('SELECT seq, action, actor_role, from_status, to_status, payload FROM appeal_events WHERE appeal_id = ? ORDER BY seq', [
      id,
    ]);

  let routed: number;
  let waiting: number;

  it('moves an appeal ten overdue working days late to the city department the rules name, with fresh timers, in one event', async () => {
    routed = await inProgressAppeal('energy_power', '园区供电线路改造迟迟未落实');
    waiting = await inProgressAppeal('labour', '用工招聘难题长期未解决');
    const before = await appealRow(routed);
    expect(before).toMatchObject({ level: 'county', lead_department_id: cast.deptA, ladder_cycle: 0 });

    // Seven working days to resolve, then more than ten overdue working days.
    clock.set(sh('2026-03-31T10:00:00'));
    const report = await sweep.runOnce();
    expect(report).toMatchObject({ skipped: false, completed: true, failures: 0 });
    expect(report.levelRaises).toBeGreaterThanOrEqual(2);

    const after = await appealRow(routed);
    expect(after).toMatchObject({
      level: 'city',
      status: 'assigned',
      lead_department_id: cast.cityDept,
      handler_id: null,
      signed_at: null,
      supervision_level: 'none',
      ladder_cycle: 1,
      resolution_overdue: 0,
      response_overdue: 0,
      overdue_since: null,
      assigned_at: clock.now(),
    });
    // Not late any more (the light is measured as after a transfer, from the submission to the new response limit).
    expect(after.warning_light).not.toBe('red');
    expect(after.resolution_due_at.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(after.response_due_at.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(Number(after.sla_policy_id)).toBeGreaterThan(0);

    const log = await eventsOf(routed);
    expect(log.slice(-4).map((e: { action: string }) => e.action)).toEqual(['remind', 'supervise', 'yellow_card', 'red_card']);
    const red = log[log.length - 1];
    expect(red).toMatchObject({ actor_role: 'system', from_status: 'in_progress', to_status: 'assigned' });
    const payload = typeof red.payload === 'string' ? JSON.parse(red.payload) : red.payload;
    expect(payload).toMatchObject({
      step: 'red_card',
      fromLevel: 'county',
      toLevel: 'city',
      targetDepartmentId: String(cast.cityDept),
      awaitingRouting: false,
      facts: expect.objectContaining({ lead_department_id: cast.cityDept }),
    });
    expect(log.filter((e: { action: string }) => e.action === 'red_card')).toHaveLength(1);

    // The city department now has it; the county department no longer does.
    const cityList = await ctx.http().get('/api/appeals?pageSize=100').set('Authorization', cast.cityHandler.bearer).expect(200);
    expect(cityList.body.items.map((a: { id: number }) => a.id)).toContain(routed);
    await ctx.http().get(`/api/appeals/${routed}`).set('Authorization', cast.handlerA.bearer).expect(404);
    const chain = await ctx.http().get(`/api/appeals/${routed}/events/verify`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(chain.body).toMatchObject({ valid: true });
    const { now, folded } = await rowAndFold(ctx.db, routed);
    expect(folded).toEqual(now);
  });

  it('leaves an appeal no rule routes at the next level accepted in that level’s queue (待交办), for its supervisors to route', async () => {
    expect(await appealRow(waiting)).toMatchObject({
      level: 'city',
      status: 'accepted',
      lead_department_id: null,
      supervision_level: 'none',
      ladder_cycle: 1,
    });
    const [red] = (await eventsOf(waiting)).filter((e: { action: string }) => e.action === 'red_card');
    expect(red).toMatchObject({ from_status: 'in_progress', to_status: 'accepted' });
    expect(typeof red.payload === 'string' ? JSON.parse(red.payload) : red.payload).toMatchObject({
      awaitingRouting: true,
      targetDepartmentId: null,
    });

    const detail = await ctx.http().get(`/api/appeals/${waiting}`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(detail.body).toMatchObject({ status: 'accepted', level: 'city' });
    expect(detail.body.allowedActions).toContain('route');
    const queue = await ctx
      .http()
      .get('/api/appeals?status=accepted&pageSize=100')
      .set('Authorization', cast.supervisor.bearer)
      .expect(200);
    expect(queue.body.items.map((a: { id: number }) => a.id)).toContain(waiting);
    // A county department is no longer a fit; the city's is.
    await ctx
      .http()
      .post(`/api/appeals/${waiting}/route`)
      .set('Authorization', cast.supervisor.bearer)
      .send({ version: detail.body.version, leadDepartmentId: cast.deptA })
      .expect(400);
    await ctx
      .http()
      .post(`/api/appeals/${waiting}/route`)
      .set('Authorization', cast.supervisor.bearer)
      .send({ version: detail.body.version, leadDepartmentId: cast.cityDept })
      .expect(200);
  });

  it('does it once: sweeping again raises nothing more', async () => {
    const before = await Promise.all([eventsOf(routed), eventsOf(waiting)]);
    clock.advance(60_000);
    const report = await sweep.runOnce();
    expect(report.levelRaises).toBe(0);
    expect(await Promise.all([eventsOf(routed), eventsOf(waiting)])).toEqual(before);
  });

  it('keeps a province appeal where it is: the red card is then a ladder step only', async () => {
    const provinceDept = await insertDepartment(ctx.db, '510000');
    const id = await insertAppealRow(ctx.db, {
      enterpriseId: cast.firmId,
      regionCode: cast.county,
      submittedBy: cast.enterprise.id,
      categoryId: await categoryId(ctx.db, 'energy_power'),
      columns: {
        level: 'province',
        status: 'in_progress',
        officer_id: cast.officer.id,
        lead_department_id: provinceDept,
        submitted_at: sh('2026-02-02T09:00:00'),
        signed_at: sh('2026-02-02T10:00:00'),
        resolution_started_at: sh('2026-02-02T10:00:00'),
        current_due_at: sh('2026-02-11T17:30:00'),
        resolution_due_at: sh('2026-02-11T17:30:00'),
        next_check_at: sh('2026-02-11T17:30:00'),
      },
    });
    await sweep.runOnce();
    expect(await appealRow(id)).toMatchObject({
      level: 'province',
      status: 'in_progress',
      supervision_level: 'red_card',
      lead_department_id: provinceDept,
    });
    expect((await eventsOf(id)).map((e: { action: string }) => e.action)).toEqual(['remind', 'supervise', 'yellow_card', 'red_card']);
  });
});
