import { FixedClock } from '../../src/common/clock/clock';
import { SlaSweepService } from '../../src/sla/sweep/sla-sweep.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { rowAndFold } from '../helpers/appeal-fold';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * A frozen report counts the appeals as they stood at the end of its period, rebuilt from the
 * event history, so what happens afterwards (a redo that rewrites the answer time, a withdrawal)
 * neither changes the figures nor makes the verification differ. Appeals driven through the
 * real use cases over HTTP, in 广元 (利州区), which no other spec uses.
 */
describe('frozen reports from the event history (e2e)', () => {
  let ctx: TestContext;
  const clock = new FixedClock(new Date('2026-05-11T02:00:00Z')); // Monday 10:00 in Shanghai
  let cast: Awaited<ReturnType<typeof appealCast>>;
  const versions = new Map<number, number>();

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '510802');
  });
  afterAll(() => ctx.close());

  async function submit(title: string): Promise<number> {
    const body = {
      categoryId: await categoryId(ctx.db, 'energy_power'),
      kind: 'help',
      title,
      description: '企业生产用电问题，需要协调解决。',
    };
    const created = await ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).send(body).expect(201);
    versions.set(created.body.id, created.body.version);
    return created.body.id;
  }
  async function act(appealId: number, bearer: string, path: string, body: Record<string, unknown> = {}) {
    const response = await ctx
      .http()
      .post(`/api/appeals/${appealId}/${path}`)
      .set('Authorization', bearer)
      .send({ version: versions.get(appealId), ...body });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    versions.set(appealId, response.body.version);
    return response.body;
  }
  const report = (id: number) => ctx.http().get(`/api/supervision/reports/${id}`).set('Authorization', cast.supervisor.bearer).expect(200);
  const verify = (id: number) =>
    ctx.http().get(`/api/supervision/reports/${id}/verify`).set('Authorization', cast.supervisor.bearer).expect(200);

  let answered: number;
  let unanswered: number;
  let mayReport: number;

  it('records in every event the metric columns it wrote', async () => {
    answered = await submit('园区线路频繁停电');
    await act(answered, cast.officer.bearer, 'accept');
    await act(answered, cast.officer.bearer, 'route', { leadDepartmentId: cast.deptA });
    await act(answered, cast.handlerA.bearer, 'sign');
    clock.set('2026-05-13T02:00:00Z');
    await act(answered, cast.handlerA.bearer, 'resolve', { closureType: 'resolved', answer: '已协调供电公司抢修。' });

    clock.set('2026-05-12T02:00:00Z');
    unanswered = await submit('变压器增容申请无人受理');

    const events: Array<{ action: string; payload: string | { facts?: Record<string, unknown> } }> = await ctx.db.query(
      'SELECT action, payload FROM appeal_events WHERE appeal_id = ? ORDER BY seq',
      [answered],
    );
    const facts = events.map((e) => ({
      action: e.action,
      facts: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).facts,
    }));
    expect(facts[0]).toMatchObject({
      action: 'submit',
      facts: { submitted_at: '2026-05-11T02:00:00.000Z', response_due_at: '2026-05-12T02:00:00.000Z', sla_policy_id: expect.any(Number) },
    });
    expect(facts.find((e) => e.action === 'route')?.facts).toMatchObject({
      lead_department_id: cast.deptA,
      assigned_at: '2026-05-11T02:00:00.000Z',
    });
    expect(facts.find((e) => e.action === 'resolve')?.facts).toMatchObject({
      resolved_at: '2026-05-13T02:00:00.000Z',
      closure_type: 'resolved',
    });
  });

  it('freezes May as the appeals stood at its end, and reproduces it after a redo and a withdrawal in June', async () => {
    // June: the firm sends the answer back, the department answers again (rewriting resolved_at),
    // the firm is satisfied; the other firm withdraws the appeal nobody ever signed for.
    clock.set('2026-06-02T02:00:00Z');
    await act(answered, cast.enterprise.bearer, 'verify', { solved: 'no', satisfaction: 'dissatisfied', comment: '仍在停电' });
    clock.set('2026-06-03T02:00:00Z');
    await act(answered, cast.handlerA.bearer, 'resolve', { closureType: 'resolved', answer: '线路改造完成。' });
    await act(unanswered, cast.enterprise.bearer, 'withdraw', { reason: '已自行解决' });

    const created = await ctx
      .http()
      .post('/api/supervision/reports')
      .set('Authorization', cast.supervisor.bearer)
      .send({ periodKind: 'month', key: '2026-05' })
      .expect(201);
    mayReport = created.body.id;
    const county = created.body.figures.groups.county.find((g: { key: string }) => g.key === cast.county);
    expect(county.metrics).toMatchObject({
      // Both responses fell due in May; only the first was signed for. The second was still
      // waiting at the end of May: it counts, though the firm withdrew it in June.
      responseRate: { numerator: 1, denominator: 2, value: 0.5 },
      // Answered on 13 May, before its deadline, and not yet sent back.
      onTimeResolutionRate: { numerator: 1, denominator: 1, value: 1 },
      redoRate: { numerator: 0, denominator: 1, value: 0 },
      openCount: 2,
      closedCount: 0,
    });
    expect(county.closureTypes).toEqual({ resolved: 1, partlyResolved: 0, explained: 0 });

    // The table holds only the latest values: the June answer, and a withdrawal.
    const [row] = await ctx.db.query('SELECT resolved_at, redo_count FROM appeals WHERE id = ?', [answered]);
    expect(new Date(row.resolved_at).toISOString()).toBe('2026-06-03T02:00:00.000Z');
    expect(Number(row.redo_count)).toBe(1);

    expect((await verify(mayReport)).body).toMatchObject({ ok: true, hashValid: true, figuresEqual: true, differences: [] });
  });

  it('still reproduces the published report when the appeal closes later', async () => {
    await ctx.http().post(`/api/supervision/reports/${mayReport}/publish`).set('Authorization', cast.supervisor.bearer).expect(200);
    clock.set('2026-06-04T02:00:00Z');
    await act(answered, cast.enterprise.bearer, 'verify', { solved: 'yes', satisfaction: 'very_satisfied' });
    await act(answered, cast.officer.bearer, 'comments', { text: '回访确认供电正常', visibility: 'internal' });
    expect((await verify(mayReport)).body).toMatchObject({ ok: true, figuresEqual: true, differences: [] });
    expect((await report(mayReport)).body.status).toBe('published');
  });

  it('keeps every appeal equal to the fold of its events and marked changed at its last change, the sweep’s automatic closure included', async () => {
    // A third appeal answered in June that the firm never rates: the sweep closes it when the window is over.
    clock.set('2026-06-08T02:00:00Z');
    const unrated = await submit('用地审批进度咨询');
    await act(unrated, cast.officer.bearer, 'accept');
    await act(unrated, cast.officer.bearer, 'route', { leadDepartmentId: cast.deptA });
    await act(unrated, cast.handlerA.bearer, 'sign');
    await act(unrated, cast.handlerA.bearer, 'resolve', { closureType: 'explained', answer: '已说明审批进度。' });
    clock.set('2026-06-26T02:00:00Z');
    expect((await ctx.app.get(SlaSweepService).runOnce()).autoClosed).toBeGreaterThanOrEqual(1);

    for (const id of [answered, unanswered, unrated]) {
      const { row, now, folded, log } = await rowAndFold(ctx.db, id);
      expect(folded).toEqual(now);
      // And it was marked changed when it last changed: reports find the appeals changed since a period ended by it.
      const lastChange = log.filter((e) => e.facts !== null || e.fromStatus !== e.toStatus).pop();
      expect(row.updated_at.getTime()).toBeGreaterThanOrEqual(lastChange!.createdAt.getTime());
    }
    const [closed] = await ctx.db.query('SELECT status, closed_at FROM appeals WHERE id = ?', [unrated]);
    expect(closed.status).toBe('closed');
  });

  it('counts June as it stood at the end of June: the redo, the second answers, the closures and the withdrawal', async () => {
    clock.set('2026-07-01T02:00:00Z');
    const created = await ctx
      .http()
      .post('/api/supervision/reports')
      .set('Authorization', cast.supervisor.bearer)
      .send({ periodKind: 'month', key: '2026-06' })
      .expect(201);
    const county = created.body.figures.groups.county.find((g: { key: string }) => g.key === cast.county);
    // Two answers in June (the second one of the redone appeal, and the unrated one), one rating.
    expect(county.metrics).toMatchObject({
      onTimeResolutionRate: { denominator: 2 },
      redoRate: { numerator: 1, denominator: 2, value: 0.5 },
      satisfactionRate: { numerator: 1, denominator: 1, value: 1 },
      openCount: 0,
      closedCount: 2,
    });
    expect((await verify(created.body.id)).body).toMatchObject({ ok: true, differences: [] });
  });
});
