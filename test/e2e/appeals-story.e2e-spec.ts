import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

/** The whole closed loop through HTTP, including an objection, an extension, a suspension and a redo. */
describe('appeal closed loop (e2e)', () => {
  let ctx: TestContext;
  const clock = new FixedClock(new Date('2026-03-02T02:00:00Z')); // Monday 10:00 in Chengdu
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let appealId: number;
  let version: number;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx);
  });
  afterAll(() => ctx.close());

  const get = async (bearer: string) => (await ctx.http().get(`/api/appeals/${appealId}`).set('Authorization', bearer).expect(200)).body;
  async function act(bearer: string, path: string, body: Record<string, unknown> = {}, status = 200) {
    const response = await ctx.http().post(`/api/appeals/${appealId}/${path}`).set('Authorization', bearer).send({ version, ...body });
    if (response.status !== status) throw new Error(`${path}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    if (status === 200) version = response.body.version;
    return response.body;
  }

  it('submits once for a retried request with the same Idempotency-Key', async () => {
    const body = { categoryId: await categoryId(ctx.db, 'energy_power'), kind: 'help', title: '园区线路频繁停电', description: '近两周每天停电两到三次，生产线停工。' };
    const first = await ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).set('Idempotency-Key', 'story-1').send(body).expect(201);
    const retry = await ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).set('Idempotency-Key', 'story-1').send(body).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE enterprise_id = ?', [cast.firmId]);
    expect(Number(n)).toBe(1);

    const misuse = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.enterprise.bearer)
      .set('Idempotency-Key', 'story-1')
      .send({ ...body, title: '另一个诉求标题' })
      .expect(409);
    expect(misuse.body.code).toBe('CONFLICT');

    appealId = first.body.id;
    version = first.body.version;
    expect(first.body).toMatchObject({ status: 'submitted', channel: 'portal', urgency: 'normal', level: 'county', officerId: cast.officer.id });
    expect(first.body.number).toMatch(/^2026-\d{6}$/);
    // 24 natural hours to respond.
    expect(first.body.timers.responseDueAt).toBe('2026-03-03T02:00:00.000Z');
    expect(first.body.allowedActions).toEqual(expect.arrayContaining(['withdraw', 'comment']));
  });

  it('refuses an enterprise trying to sign with 403 and what it may do', async () => {
    const refused = await act(cast.enterprise.bearer, 'sign', {}, 403);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', context: { allowedActions: expect.arrayContaining(['withdraw']) } });
  });

  it('proposes the department from the most specific routing rule once accepted', async () => {
    const energy = await categoryId(ctx.db, 'energy');
    await ctx.db.query('INSERT INTO routing_rules (category_id, region_code, department_id) VALUES (?, ?, ?)', [energy, cast.county, cast.deptB]);
    const accepted = await act(cast.officer.bearer, 'accept');
    expect(accepted.status).toBe('accepted');
    expect(accepted.proposedDepartment).toMatchObject({ departmentId: cast.deptB });
  });

  it('lets the wrong department object within a working day, and a supervisor send it back for re-routing', async () => {
    await act(cast.officer.bearer, 'route', { leadDepartmentId: cast.deptB });
    const missingReason = await act(cast.handlerB.bearer, 'object', {}, 400);
    expect(missingReason.code).toBe('VALIDATION_FAILED');
    const objected = await act(cast.handlerB.bearer, 'object', { reason: '不属于本部门职责' });
    expect(objected.pendingObjection).toMatchObject({ reason: '不属于本部门职责' });
    const approved = await act(cast.supervisor.bearer, 'objection/approve', { note: '同意退回' });
    expect(approved).toMatchObject({ status: 'accepted', leadDepartmentId: null, objectedDepartmentIds: [cast.deptB] });
    // The department that objected cannot be routed to again.
    const again = await act(cast.officer.bearer, 'route', { leadDepartmentId: cast.deptB }, 409);
    expect(again.context.reason).toBe('already_objected');
  });

  it('routes, signs, extends by two working days and suspends with a visible pause', async () => {
    const routed = await act(cast.officer.bearer, 'route', { leadDepartmentId: cast.deptA });
    // Routed Monday 10:00: 7 working days, counted from the next day, end at 17:30 on Wednesday 2026-03-11.
    expect(routed.timers.resolutionDueAt).toBe('2026-03-11T09:30:00.000Z');
    expect(routed.timers.objectionDeadlineAt).toBe('2026-03-03T09:30:00.000Z');
    const signed = await act(cast.handlerA.bearer, 'sign');
    expect(signed).toMatchObject({ status: 'in_progress', handlerId: cast.handlerA.id });

    await act(cast.handlerA.bearer, 'extension', { days: 3, reason: '需协调供电公司改造线路' });
    const waiting = await ctx.http().get('/api/appeals?pending=extension').set('Authorization', cast.supervisor.bearer).expect(200);
    expect(waiting.body.items.map((a: { id: number }) => a.id)).toContain(appealId);
    const extended = await act(cast.supervisor.bearer, 'extension/approve', { days: 2 });
    expect(extended.timers.resolutionDueAt).toBe('2026-03-13T09:30:00.000Z'); // Friday
    expect(extended.counters).toMatchObject({ extensions: 1, extensionDays: 2 });

    clock.set('2026-03-03T02:00:00Z'); // Tuesday 10:00
    const suspended = await act(cast.handlerA.bearer, 'suspend', { reason: '请企业补充用电负荷数据' });
    expect(suspended.status).toBe('suspended');
    expect(suspended.pauses).toEqual([expect.objectContaining({ reason: '请企业补充用电负荷数据', endedAt: null })]);

    clock.set('2026-03-04T02:00:00Z'); // Wednesday 10:00: one working day later
    const supplemented = await act(cast.enterprise.bearer, 'supplement', { text: '已上传负荷数据' });
    expect(supplemented.status).toBe('in_progress');
    expect(supplemented.pauses[0].endedAt).toBe('2026-03-04T02:00:00.000Z');
    // The paused working day (7 working hours) is added back: Friday 17:30 → Monday 17:30.
    expect(supplemented.timers.resolutionDueAt).toBe('2026-03-16T09:30:00.000Z');
  });

  it('resolves, takes an unsatisfied verification as a redo, then closes on satisfaction', async () => {
    const resolved = await act(cast.handlerA.bearer, 'resolve', { closureType: 'partly_resolved', answer: '已安排线路改造，本月底完成。' });
    expect(resolved.status).toBe('resolved');
    expect(resolved.timers.verificationDueAt).not.toBeNull();

    const redo = await act(cast.enterprise.bearer, 'verify', { solved: 'no', satisfaction: 'dissatisfied', comment: '仍在停电' });
    expect(redo).toMatchObject({ status: 'in_progress', counters: expect.objectContaining({ redo: 1 }) });

    await act(cast.handlerA.bearer, 'resolve', { closureType: 'resolved', answer: '线路改造已完成，供电恢复正常。' });
    const closed = await act(cast.enterprise.bearer, 'verify', { solved: 'yes', satisfaction: 'very_satisfied' });
    expect(closed).toMatchObject({ status: 'closed', closureType: 'resolved', verification: { solved: 'yes', satisfaction: 'very_satisfied', onBehalf: false } });
    expect(closed.allowedActions).toEqual(expect.not.arrayContaining(['verify', 'resolve']));
  });

  it('keeps internal notes from the enterprise', async () => {
    await act(cast.handlerA.bearer, 'comments', { text: '内部：已与供电公司沟通', visibility: 'internal' });
    await act(cast.handlerA.bearer, 'comments', { text: '感谢配合', visibility: 'public' });
    const staffView = await get(cast.officer.bearer);
    const firmView = await get(cast.enterprise.bearer);
    const texts = (d: { timeline: Array<{ payload: { text?: string } }> }) => d.timeline.map((e) => e.payload.text).filter(Boolean);
    expect(texts(staffView)).toEqual(expect.arrayContaining(['内部：已与供电公司沟通', '感谢配合']));
    expect(texts(firmView)).toContain('感谢配合');
    expect(texts(firmView)).not.toContain('内部：已与供电公司沟通');
    const refused = await act(cast.enterprise.bearer, 'comments', { text: '企业内部备注', visibility: 'internal' }, 403);
    expect(refused.code).toBe('FORBIDDEN');
  });

  it('records the whole story as a verifiable hash chain and detects tampering', async () => {
    const detail = await get(cast.supervisor.bearer);
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'accept',
      'route',
      'object',
      'approve_objection',
      'route',
      'sign',
      'request_extension',
      'approve_extension',
      'suspend',
      'supplement',
      'resolve',
      'verify',
      'resolve',
      'verify',
      'comment',
      'comment',
    ]);
    const intact = await ctx.http().get(`/api/appeals/${appealId}/events/verify`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(intact.body).toEqual({ valid: true, checkedEvents: 17, firstBrokenSeq: null, problem: null });

    await ctx.db.query("UPDATE appeal_events SET reason = '篡改' WHERE appeal_id = ? AND seq = 4", [appealId]);
    const tampered = await ctx.http().get(`/api/appeals/${appealId}/events/verify`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(tampered.body).toMatchObject({ valid: false, firstBrokenSeq: 4 });
  });

  it('hides the appeal from people outside its reach', async () => {
    const other = await appealCast(ctx, '510105');
    await ctx.http().get(`/api/appeals/${appealId}`).set('Authorization', other.officer.bearer).expect(404);
    await ctx.http().get(`/api/appeals/${appealId}`).set('Authorization', other.enterprise.bearer).expect(404);
    await ctx.http().get(`/api/appeals/${appealId}`).set('Authorization', other.handlerA.bearer).expect(404);
    const mianyang = await appealCast(ctx, '510703');
    await ctx.http().get(`/api/appeals/${appealId}`).set('Authorization', mianyang.supervisor.bearer).expect(404);
    await ctx.http().post(`/api/appeals/${appealId}/comments`).set('Authorization', other.officer.bearer).send({ text: 'x', visibility: 'public' }).expect(404);
    // Searched by its number, so that the answer does not depend on how many other specs' appeals
    // the shared test database holds in this region (a first page of 200 need not reach it).
    const { number } = (await ctx.http().get(`/api/appeals/${appealId}`).set('Authorization', cast.supervisor.bearer).expect(200)).body;
    const byNumber = `/api/appeals?pageSize=200&q=${encodeURIComponent(number)}`;
    const list = await ctx.http().get(byNumber).set('Authorization', other.officer.bearer).expect(200);
    expect(list.body.items.map((a: { id: number }) => a.id)).not.toContain(appealId);
    const unfiltered = await ctx.http().get('/api/appeals?pageSize=200').set('Authorization', other.officer.bearer).expect(200);
    expect(unfiltered.body.items.map((a: { id: number }) => a.id)).not.toContain(appealId);
    const inReach = await ctx.http().get(byNumber).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(inReach.body.items.map((a: { id: number }) => a.id)).toContain(appealId);
  });
});
