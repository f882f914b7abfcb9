import { FixedClock } from '../../src/common/clock/clock';
import { actOn, appealCast, categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertUser, insertVisit, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { consoleLogin } from '../browser/console-http';

/**
 * Integrity signals (#16) on constructed data, through GET /api/supervision/integrity and the
 * console page: each signal raised where its rule holds and not where it does not.
 *
 * 阿坝州 松潘县 (513224), April 2025: no other spec uses the county or the month.
 */
describe('integrity signals for supervisors (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  const clock = new FixedClock(new Date('2025-04-08T02:00:00Z')); // Tuesday 10:00 in Shanghai
  const COUNTY = '513224';
  const officers: Record<'generous' | 'fair', number> = { generous: 0, fair: 0 };
  const ids: Record<string, number> = {};

  const signals = (bearer = cast.supervisor.bearer, query: Record<string, string> = { period: 'month', key: '2025-04', regionCode: COUNTY }) =>
    ctx.http().get('/api/supervision/integrity').query(query).set('Authorization', bearer);

  /** An appeal rated in April (answered in March, so it stays out of the contact signal). */
  async function rated(fields: { firm: number; officer: number; department: number; onBehalf: boolean; satisfaction: string; redo: number }) {
    return insertAppealRow(ctx.db, {
      enterpriseId: fields.firm,
      regionCode: COUNTY,
      submittedBy: fields.officer,
      categoryId: category,
      columns: {
        status: 'closed',
        officer_id: fields.officer,
        lead_department_id: fields.department,
        submitted_at: new Date('2025-03-20T02:00:00Z'),
        resolved_at: new Date('2025-03-31T02:00:00Z'),
        verified_at: new Date('2025-04-10T02:00:00Z'),
        closed_at: new Date('2025-04-10T02:00:00Z'),
        solved: 'yes',
        satisfaction: fields.satisfaction,
        verified_on_behalf: fields.onBehalf ? 1 : 0,
        redo_count: fields.redo,
      },
    });
  }

  /** An appeal answered in April (still awaiting the firm's rating). */
  async function answered(firm: number, submittedAt: string, resolvedAt: string) {
    return insertAppealRow(ctx.db, {
      enterpriseId: firm,
      regionCode: COUNTY,
      submittedBy: cast.enterprise.id,
      categoryId: category,
      columns: {
        status: 'resolved',
        officer_id: cast.officer.id,
        lead_department_id: cast.deptB,
        submitted_at: new Date(submittedAt),
        resolved_at: new Date(resolvedAt),
      },
    });
  }

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, COUNTY);
    category = await categoryId(ctx.db, 'financing');
    for (const key of Object.keys(officers) as Array<keyof typeof officers>) {
      officers[key] = (await insertUser(ctx.db, { role: 'officer', regionCode: COUNTY })).id;
    }
    const generousFirm = await insertEnterprise(ctx.db, { regionCode: COUNTY, officerId: officers.generous });
    const fairFirm = await insertEnterprise(ctx.db, { regionCode: COUNTY, officerId: officers.fair });
    // (a) + (c): the generous officer's calls are all 满意, its firms' own ratings 2 of 5; all led by
    // department A, whose redone appeals (the calls) end 5/5 satisfied against first answers 2/5.
    for (let i = 0; i < 5; i += 1) {
      await rated({ firm: generousFirm, officer: officers.generous, department: cast.deptA, onBehalf: true, satisfaction: 'satisfied', redo: 1 });
      await rated({
        firm: generousFirm,
        officer: officers.generous,
        department: cast.deptA,
        onBehalf: false,
        satisfaction: i < 2 ? 'very_satisfied' : 'basically_satisfied',
        redo: 0,
      });
    }
    // The fair officer: 4 of 5 either way; department B: no redo at all (an unsatisfied first rating is a first answer).
    for (let i = 0; i < 5; i += 1) {
      await rated({ firm: fairFirm, officer: officers.fair, department: cast.deptB, onBehalf: true, satisfaction: i < 4 ? 'satisfied' : 'dissatisfied', redo: i < 4 ? 0 : 1 });
      await rated({ firm: fairFirm, officer: officers.fair, department: cast.deptB, onBehalf: false, satisfaction: i < 4 ? 'satisfied' : 'dissatisfied', redo: i < 4 ? 0 : 1 });
    }
    // (d): answered in April — one without any contact, one after the firm's supplement, one after a visit.
    ids.noContact = await answered(fairFirm, '2025-04-01T02:00:00Z', '2025-04-03T02:00:00Z');
    ids.supplemented = await answered(fairFirm, '2025-04-01T02:00:00Z', '2025-04-03T02:00:00Z');
    ids.visited = await answered(generousFirm, '2025-04-01T02:00:00Z', '2025-04-03T02:00:00Z');
    await ctx.db.query(
      `INSERT INTO appeal_events (appeal_id, seq, action, actor_id, actor_role, from_status, to_status, payload, created_at, hash)
       VALUES (?, 2, 'supplement', ?, 'enterprise', 'suspended', 'in_progress', '{}', ?, ?)`,
      [ids.supplemented, cast.enterprise.id, new Date('2025-04-02T02:00:00Z'), 'f'.repeat(64)],
    );
    await insertVisit(ctx.db, { enterpriseId: generousFirm, officerId: officers.generous, regionCode: COUNTY, visitDate: '2025-04-02' });
  });
  afterAll(() => ctx.close());

  it('records where answers and ratings came from, and nothing for other actions', async () => {
    // (b) through HTTP: two answers by the handler; the firm rates one 10 minutes later, the other after an hour.
    for (const key of ['quick', 'slow']) {
      const created = await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({ categoryId: category, kind: 'help', title: `贷款续贷困难 ${key}`, description: '企业流动资金贷款到期，续贷审批迟迟未办。' })
        .expect(201);
      ids[key] = created.body.id;
      await actOn(ctx, cast.officer.bearer, ids[key], 'accept');
      await actOn(ctx, cast.officer.bearer, ids[key], 'route', { leadDepartmentId: cast.deptA });
      await actOn(ctx, cast.handlerA.bearer, ids[key], 'sign');
      await actOn(ctx, cast.handlerA.bearer, ids[key], 'resolve', { closureType: 'resolved', answer: '已协调银行办理续贷。' });
    }
    clock.set('2025-04-08T02:10:00Z');
    await actOn(ctx, cast.enterprise.bearer, ids.quick, 'verify', { solved: 'yes', satisfaction: 'very_satisfied' });
    clock.set('2025-04-08T03:00:01Z');
    await actOn(ctx, cast.enterprise.bearer, ids.slow, 'verify', { solved: 'yes', satisfaction: 'very_satisfied' });

    const events: Array<{ action: string; origin_ip_hash: string | null; origin_session_hash: string | null }> = await ctx.db.query(
      'SELECT action, origin_ip_hash, origin_session_hash FROM appeal_events WHERE appeal_id = ? ORDER BY seq',
      [ids.quick],
    );
    for (const e of events) {
      const recorded = ['resolve', 'verify'].includes(e.action);
      expect({ action: e.action, ip: e.origin_ip_hash !== null, session: e.origin_session_hash !== null }).toEqual({
        action: e.action,
        ip: recorded,
        session: recorded,
      });
    }
    const resolve = events.find((e) => e.action === 'resolve');
    const verify = events.find((e) => e.action === 'verify');
    // The same machine (every test request comes from 127.0.0.1), two different people's sessions.
    expect(verify?.origin_ip_hash).toBe(resolve?.origin_ip_hash);
    expect(verify?.origin_session_hash).not.toBe(resolve?.origin_session_hash);
    expect(resolve?.origin_ip_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(resolve?.origin_ip_hash).not.toContain('127');
    // The hashes are covered by the event chain, which still verifies.
    const chain = await ctx.http().get(`/api/appeals/${ids.quick}/events/verify`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(chain.body).toMatchObject({ valid: true });
  });

  it('flags the officer whose recorded ratings are far more favourable than the firms’ own, with the numbers', async () => {
    clock.set('2025-05-20T02:00:00Z');
    const { officerRecorded } = (await (signals()).expect(200)).body;
    expect(officerRecorded.rule).toEqual({ minRecorded: 5, minOwn: 5, minGap: 0.25 });
    expect(officerRecorded.explanation).toMatch(/follow-up calls/);
    const byId = new Map(officerRecorded.items.map((o: { officerId: number }) => [o.officerId, o]));
    expect(byId.get(officers.generous)).toMatchObject({
      flagged: true,
      recorded: { rated: 5, satisfied: 5, share: 1 },
      own: { rated: 5, satisfied: 2, share: 0.4 },
      gap: 0.6,
    });
    expect(byId.get(officers.fair)).toMatchObject({ flagged: false, recorded: { rated: 5, satisfied: 4 }, own: { rated: 5, satisfied: 4 }, gap: 0 });
    // The cast's officer: two own ratings, no calls — too few to compare.
    expect(byId.get(cast.officer.id)).toMatchObject({ flagged: false, recorded: { rated: 0 }, own: { rated: 2 } });
    expect(officerRecorded.flaggedCount).toBe(1);
    expect(officerRecorded.items[0].officerId).toBe(officers.generous);
  });

  it('flags the rating given ten minutes after the answer from the handler’s address, not the one an hour later', async () => {
    const { quickRatings } = (await (signals()).expect(200)).body;
    expect(quickRatings.rule).toEqual({ minutes: 30 });
    expect(quickRatings.items).toEqual([
      expect.objectContaining({ appealId: ids.quick, action: 'verify', minutesAfterAnswer: 10, sameAddress: true, sameSession: false, handlerId: cast.handlerA.id }),
    ]);
    // Another address on the rating (constructed): no longer the handler's, no longer flagged.
    await ctx.db.query("UPDATE appeal_events SET origin_ip_hash = REPEAT('a', 64) WHERE appeal_id = ? AND action = 'verify'", [ids.quick]);
    expect((await (signals()).expect(200)).body.quickRatings.items).toEqual([]);
  });

  it('flags the department whose ratings jump after redos', async () => {
    const { redoJumps } = (await (signals()).expect(200)).body;
    const byId = new Map(redoJumps.items.map((d: { departmentId: number }) => [d.departmentId, d]));
    // Department A: the five redone appeals 5/5; first answers 2/5 from the table plus the two HTTP ratings (非常满意).
    expect(byId.get(cast.deptA)).toMatchObject({
      flagged: true,
      afterRedo: { rated: 5, satisfied: 5, share: 1 },
      firstAnswer: { rated: 7, satisfied: 4, share: 0.5714 },
      gap: 0.4286,
    });
    expect(byId.get(cast.deptB)).toMatchObject({ flagged: false, afterRedo: { rated: 0 }, firstAnswer: { rated: 10, satisfied: 8 } });
    expect(redoJumps.flaggedCount).toBe(1);
  });

  it('flags answers given without any contact with the firm, not those after a supplement or a visit', async () => {
    const { answeredWithoutContact: signal } = (await (signals()).expect(200)).body;
    expect(signal.contact).toMatch(/visits/);
    const flagged = signal.items.map((a: { appealId: number }) => a.appealId).sort((a: number, b: number) => a - b);
    // The two HTTP appeals were answered without the firm saying a word after submitting them.
    expect(flagged).toEqual([ids.noContact, ids.quick, ids.slow].sort((a, b) => a - b));
    expect(signal).toMatchObject({ answered: 5, flaggedCount: 3 });
    expect(signal.byDepartment).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ departmentId: cast.deptA, count: 2 }),
        expect.objectContaining({ departmentId: cast.deptB, count: 1 }),
      ]),
    );
  });

  it('stays in the supervisor’s reach and is for supervisors only', async () => {
    const foreign = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'supervisor', regionCode: '511300' }))}`;
    await (signals(foreign)).expect(404);
    // Their own region: none of this county's appeals.
    const own = (await (signals(foreign, { period: 'month', key: '2025-04' })).expect(200)).body;
    expect(own.quickRatings.items.map((q: { appealId: number }) => q.appealId)).not.toContain(ids.quick);
    for (const bearer of [cast.officer.bearer, cast.handlerA.bearer, cast.enterprise.bearer]) await (signals(bearer)).expect(403);
    const bad = await signals(cast.supervisor.bearer, { period: 'month', key: 'April' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]).toMatchObject({ field: 'key' });
  });

  it('shows each signal explained in Chinese on the console, linked from the supervisor’s navigation', async () => {
    const supervisor = await consoleLogin(ctx, cast.supervisor.username);
    const dashboard = (await supervisor.get('/dashboard').expect(200)).text;
    expect(dashboard).toContain('href="/supervision/integrity"');
    const page = (await supervisor.get(`/supervision/integrity?period=month&key=2025-04&regionCode=${COUNTY}`).expect(200)).text;
    for (const testid of ['signal-officer', 'signal-quick', 'signal-redo', 'signal-contact']) expect(page).toContain(`data-testid="${testid}"`);
    expect(page).toContain('专员代记录评价明显好于企业自评');
    expect(page).toContain(`data-testid="officer-${officers.generous}"`);
    expect(page).toContain('5/5（100%）');
    expect(page).toContain('未与企业联系即答复办结');
    const bad = await supervisor.get('/supervision/integrity?period=month&key=April');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('data-testid="field-error-key"');
    const officer = await consoleLogin(ctx, cast.officer.username);
    await officer.get('/supervision/integrity').expect(403);
  });
});
