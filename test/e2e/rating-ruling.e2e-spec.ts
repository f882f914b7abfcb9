import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId, deliverCoHandlerTasks } from '../helpers/appeal-fixtures';
import { insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { downloadSheet } from '../helpers/xlsx-download';
import { consoleLogin, type ConsoleAgent } from '../browser/console-http';

/**
 * 不合理差评 (#16) through HTTP: a supervisor rules the firm's unsatisfied rating unreasonable, once,
 * with a reason. Nobody of the handling department (lead or co-handling), no officer, no firm and no
 * supervisor of another region may; the appeal's status stays; the rating leaves the satisfaction
 * rate's denominator and is counted apart in the metrics, the frozen report (which still verifies
 * after the rating is replaced in the next month), the rankings export and the ledger.
 *
 * 阿坝州 理县 (513222) in May 2025: no other spec uses the county or the month.
 */
describe('ruling an unsatisfied rating unreasonable (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let foreignSupervisor: string;
  const clock = new FixedClock(new Date('2025-05-06T02:00:00Z')); // Tuesday 10:00 in Shanghai, after the May holiday
  const ids: Record<'ruled' | 'satisfied' | 'unruled', number> = { ruled: 0, satisfied: 0, unruled: 0 };
  const reason = '企业要求对其违规建筑给予补偿，超出法律法规和政策规定范围，办理单位已依法答复';

  const read = (bearer: string, id: number) => ctx.http().get(`/api/appeals/${id}`).set('Authorization', bearer);
  async function act(bearer: string, id: number, path: string, body: Record<string, unknown> = {}) {
    const { version } = (await read(cast.officer.bearer, id).expect(200)).body;
    const response = await ctx
      .http()
      .post(`/api/appeals/${id}/${path}`)
      .set('Authorization', bearer)
      .send({ version, ...body });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  /** The ruling with the appeal's current ETag. */
  async function rule(bearer: string, id: number, body: Record<string, unknown>) {
    const current = await read(cast.officer.bearer, id).expect(200);
    return ctx
      .http()
      .post(`/api/appeals/${id}/rating-ruling`)
      .set('Authorization', bearer)
      .set('If-Match', current.headers.etag as string)
      .send(body);
  }
  let landApproval = 0;
  const mayFigures = async () =>
    (
      await ctx
        .http()
        .get('/api/supervision/metrics')
        // The category filter counts the month live: an ended month without filters is read from a frozen report
        // when one holds it, and in the full suite another spec's clock may have frozen the province's May.
        .query({ period: 'month', key: '2025-05', regionCode: cast.county, groupBy: 'total', categoryId: landApproval })
        .set('Authorization', cast.supervisor.bearer)
        .expect(200)
    ).body.total;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '513222');
    foreignSupervisor = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'supervisor', regionCode: '511300' }))}`;
    const category = await categoryId(ctx.db, 'land_approval');
    landApproval = category;
    for (const key of Object.keys(ids) as Array<keyof typeof ids>) {
      const created = await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({ categoryId: category, kind: 'complaint', title: `厂区用地问题 ${key}`, description: '厂区扩建用地手续办理受阻。' })
        .expect(201);
      ids[key] = created.body.id;
      await act(cast.officer.bearer, ids[key], 'accept');
      // Department B co-handles: it belongs to the handling departments as much as the lead.
      await act(cast.officer.bearer, ids[key], 'route', { leadDepartmentId: cast.deptA, coDepartmentIds: [cast.deptB] });
      await act(cast.handlerA.bearer, ids[key], 'sign');
      await deliverCoHandlerTasks(ctx, cast.handlerB.bearer, ids[key]);
    }
    clock.set('2025-05-07T02:00:00Z');
    for (const id of Object.values(ids)) await act(cast.handlerA.bearer, id, 'resolve', { closureType: 'explained', answer: '依法依规作出解释说明。' });
    clock.set('2025-05-08T02:00:00Z');
    await act(cast.enterprise.bearer, ids.ruled, 'verify', { solved: 'no', satisfaction: 'dissatisfied', comment: '不同意' });
    await act(cast.enterprise.bearer, ids.satisfied, 'verify', { solved: 'yes', satisfaction: 'satisfied' });
    await act(cast.enterprise.bearer, ids.unruled, 'verify', { solved: 'no', satisfaction: 'very_dissatisfied' });
    clock.set('2025-05-09T02:00:00Z');
  });
  afterAll(() => ctx.close());

  it('is refused to the handling department, the officer, the firm and other regions, and changes nothing', async () => {
    const before = (await read(cast.supervisor.bearer, ids.ruled).expect(200)).body;
    expect(before).toMatchObject({ status: 'in_progress', verification: { satisfaction: 'dissatisfied', ruling: null } });
    expect(before.allowedActions).toContain('rule_unreasonable_rating');
    // The lead and the co-handling department: they may read the case, never rule on their own rating.
    for (const bearer of [cast.handlerA.bearer, cast.handlerB.bearer, cast.officer.bearer, cast.enterprise.bearer]) {
      const refused = await rule(bearer, ids.ruled, { reason });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN', context: { reason: 'forbidden' } });
    }
    // A handler of another department and a supervisor of another city cannot even see it.
    expect((await rule(cast.cityHandler.bearer, ids.ruled, { reason })).status).toBe(404);
    expect((await rule(foreignSupervisor, ids.ruled, { reason })).status).toBe(404);
    const after = (await read(cast.supervisor.bearer, ids.ruled).expect(200)).body;
    expect(after.version).toBe(before.version);
    expect(after.verification.ruling).toBeNull();
  });

  it('refuses bad input as JSON at the field, and asks for a version', async () => {
    for (const body of [{}, { reason: '' }, { reason: 'x' }, { reason: '理'.repeat(501) }, { reason: 42 }]) {
      const refused = await rule(cast.supervisor.bearer, ids.ruled, body);
      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toMatch(/application\/json/);
      expect(refused.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
    }
    await ctx.http().post(`/api/appeals/${ids.ruled}/rating-ruling`).set('Authorization', cast.supervisor.bearer).send({ reason }).expect(428);
  });

  it('rules once, keeps the status, records an internal event and tells the department and the officer', async () => {
    const ruled = await rule(cast.supervisor.bearer, ids.ruled, { reason: ` ${reason} ` });
    expect(ruled.status).toBe(200);
    expect(ruled.body).toMatchObject({
      status: 'in_progress',
      verification: { satisfaction: 'dissatisfied', ruling: { ruledAt: '2025-05-09T02:00:00.000Z', reason } },
      counters: { redo: 1 },
    });
    expect(ruled.body.allowedActions).not.toContain('rule_unreasonable_rating');
    expect(ruled.body.timeline.at(-1)).toMatchObject({
      action: 'rule_unreasonable_rating',
      actorId: cast.supervisor.id,
      fromStatus: 'in_progress',
      toStatus: 'in_progress',
      reason,
      visibility: 'internal',
      payload: { satisfaction: 'dissatisfied', ratingOnBehalf: false, facts: { rating_ruled_at: '2025-05-09T02:00:00.000Z' } },
    });

    const again = await rule(cast.supervisor.bearer, ids.ruled, { reason: '再次认定' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', context: { reason: 'already_ruled' } });
    const satisfied = await rule(cast.supervisor.bearer, ids.satisfied, { reason });
    expect(satisfied.status).toBe(409);
    expect(satisfied.body.context.reason).toBe('no_unsatisfied_rating');

    // The firm sees neither the ruling nor its event.
    const firmView = (await read(cast.enterprise.bearer, ids.ruled).expect(200)).body;
    expect(firmView.verification.ruling).toBeNull();
    expect(firmView.timeline.map((e: { action: string }) => e.action)).not.toContain('rule_unreasonable_rating');

    const titles = async (bearer: string) =>
      (await ctx.http().get('/api/notifications').set('Authorization', bearer).expect(200)).body.items.map((n: { title: string }) => n.title);
    expect(await titles(cast.handlerA.bearer)).toContainEqual(expect.stringContaining('不合理差评'));
    expect(await titles(cast.officer.bearer)).toContainEqual(expect.stringContaining('不合理差评'));
    expect(await titles(cast.enterprise.bearer)).not.toContainEqual(expect.stringContaining('不合理差评'));
  });

  it('leaves the satisfaction rate’s denominator and counts the ruling apart in the month’s figures', async () => {
    const total = await mayFigures();
    // Three rated: the satisfied one, the unruled 非常不满意 — and the ruled one, out of the rate.
    expect(total.metrics.satisfactionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(total.unreasonableRatings).toBe(1);
    // The solution rate is the firm's own answer about the problem and keeps all three.
    expect(total.metrics.solutionRate.denominator).toBe(3);
  });

  it('shows it in the rankings export and the ledger', async () => {
    const [, header, ...rows] = await downloadSheet(
      ctx
        .http()
        .get('/api/supervision/exports/rankings.xlsx')
        .query({ period: 'month', key: '2025-05', regionCode: cast.city, kind: 'region' })
        .set('Authorization', cast.supervisor.bearer),
      '地区排名',
    );
    const county = rows.find((r) => r[1] === '理县');
    expect(county?.[header.indexOf('不合理差评')]).toBe(1);
    expect(county?.[header.indexOf('满意率')]).toBe(0.5);

    const [ledgerHeader, ...ledger] = await downloadSheet(
      ctx.http().get(`/api/supervision/exports/ledger.xlsx?regionCode=${cast.county}`).set('Authorization', cast.supervisor.bearer),
      '问题台账',
    );
    const numbers = await ctx.db.query('SELECT id, number FROM appeals WHERE id IN (?)', [Object.values(ids)]);
    const numberOf = (id: number) => numbers.find((n: { id: number }) => Number(n.id) === id).number as string;
    const cell = (id: number) => ledger.find((r) => r[0] === numberOf(id))?.[ledgerHeader.indexOf('满意度')];
    expect(cell(ids.ruled)).toBe('不满意（不合理差评，不计入满意率）');
    expect(cell(ids.unruled)).toBe('非常不满意');
  });

  it('freezes May with the ruling apart, and the report still verifies after June replaces the rating', async () => {
    clock.set('2025-06-03T02:00:00Z');
    const created = await ctx
      .http()
      .post('/api/supervision/reports')
      .set('Authorization', cast.supervisor.bearer)
      .send({ periodKind: 'month', key: '2025-05' })
      .expect(201);
    const county = created.body.figures.groups.county.find((g: { key: string }) => g.key === cast.county);
    expect(county.unreasonableRatings).toBe(1);
    expect(county.metrics.satisfactionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    // Absent, not 0, where there is none: reports frozen before rulings existed stay identical.
    const department = created.body.figures.groups.department.find((g: { key: string }) => g.key === String(cast.deptB));
    expect(department === undefined || !('unreasonableRatings' in department)).toBe(true);

    // June: the department answers again and the firm is now satisfied — a new rating, without the ruling.
    await act(cast.handlerA.bearer, ids.ruled, 'resolve', { closureType: 'resolved', answer: '已协调补办用地手续。' });
    const closed = await act(cast.enterprise.bearer, ids.ruled, 'verify', { solved: 'yes', satisfaction: 'very_satisfied' });
    expect(closed).toMatchObject({ status: 'closed', verification: { satisfaction: 'very_satisfied', ruling: null } });
    const [row] = await ctx.db.query('SELECT rating_ruled_at, rating_ruling_reason FROM appeals WHERE id = ?', [ids.ruled]);
    expect(row).toEqual({ rating_ruled_at: null, rating_ruling_reason: null });

    const verified = await ctx
      .http()
      .get(`/api/supervision/reports/${created.body.id}/verify`)
      .set('Authorization', cast.supervisor.bearer)
      .expect(200);
    expect(verified.body).toMatchObject({ ok: true, figuresEqual: true, differences: [] });
    // Live, May now holds two ratings (the third moved to June) and no ruling.
    const live = await mayFigures();
    expect(live.metrics.satisfactionRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(live.unreasonableRatings).toBeUndefined();
  });

  describe('on the console', () => {
    let supervisor: ConsoleAgent;
    let handler: ConsoleAgent;

    beforeAll(async () => {
      [supervisor, handler] = await Promise.all([consoleLogin(ctx, cast.supervisor.username), consoleLogin(ctx, cast.handlerA.username)]);
    });

    it('offers the supervisor the form, shows a missing reason at the field in Chinese, then the ruling', async () => {
      const page = (await supervisor.get(`/appeals/${ids.unruled}`).expect(200)).text;
      expect(page).toContain('data-testid="action-rule_unreasonable_rating"');
      expect(page).toContain('认定不合理差评');
      expect((await handler.get(`/appeals/${ids.unruled}`).expect(200)).text).not.toContain('action-rule_unreasonable_rating');

      const { version } = (await read(cast.supervisor.bearer, ids.unruled).expect(200)).body;
      const refused = await supervisor.post(`/appeals/${ids.unruled}/actions/rule_unreasonable_rating`, {
        _csrf: supervisor.csrf,
        version: String(version),
        reason: '',
      });
      expect(refused.status).toBe(400);
      expect(refused.text).toMatch(/data-testid="field-error-reason">[^<]*理由/);

      await supervisor
        .post(`/appeals/${ids.unruled}/actions/rule_unreasonable_rating`, { _csrf: supervisor.csrf, version: String(version), reason })
        .expect(303);
      const ruled = (await supervisor.get(`/appeals/${ids.unruled}`).expect(200)).text;
      expect(ruled).toContain('data-testid="rating-ruling"');
      expect(ruled).toContain('不计入满意率');
      expect(ruled).not.toContain('data-testid="action-rule_unreasonable_rating"');
    });
  });
});
