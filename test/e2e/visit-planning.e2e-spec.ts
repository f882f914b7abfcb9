import { FixedClock } from '../../src/common/clock/clock';
import { insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * Planned visits (#20) in 广安市 (511600), which no other spec touches: 岳池县 (511621) for
 * planning, answers, clashes and merges, 武胜县 (511622) for the coverage figures, so each county's
 * figures are exactly this spec's. "Now" starts on Wednesday 2026-11-25 10:00 in Shanghai: its
 * week runs Monday 11-23 to Sunday 11-29; Monday 11-30 is next week but still November, Tuesday
 * 12-01 the same week as 11-30 but December.
 */
const GUANGAN = '511600';
const YUECHI = '511621';
const WUSHENG = '511622';
const QIANFENG = '511603';
const NOVEMBER = 'from=2026-11-01&to=2026-11-30';

type Bearer = { id: number; bearer: string };

describe('visits planned with the firm: answers, clashes, merges, budget, coverage (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let officer: Bearer;
  let otherOfficer: Bearer;
  let member: Bearer;
  let supervisor: Bearer;
  let groupId: number;
  const staff: Record<string, Bearer> = {};
  const firms: Record<string, { id: number; name: string }> = {};

  const post = (as: Bearer, path: string, body: Record<string, unknown>) =>
    ctx.http().post(path).set('Authorization', as.bearer).send(body);
  const get = (as: Bearer, path: string) => ctx.http().get(path).set('Authorization', as.bearer);
  const plan = (as: Bearer, firm: string, visitDate: string, extra: Record<string, unknown> = {}) =>
    post(as, '/api/visits/plans', { enterpriseId: firms[firm].id, visitDate, form: 'on_site', purpose: '了解用电需求', ...extra });
  const inbox = async (as: Bearer) =>
    (await get(as, '/api/notifications?pageSize=100').expect(200)).body.items as Array<{
      kind: string;
      title: string;
      body: string | null;
    }>;

  beforeAll(async () => {
    clock = new FixedClock(new Date('2026-11-25T02:00:00Z'));
    ctx = await createTestApp({ clock });
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    officer = await signedIn(ctx, { role: 'officer', regionCode: YUECHI });
    otherOfficer = await signedIn(ctx, { role: 'officer', regionCode: WUSHENG });
    member = await signedIn(ctx, { role: 'officer', regionCode: GUANGAN });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: GUANGAN });
    for (const key of ['F1', 'F2', 'F3', 'F4', 'F5']) firms[key] = await insertFirm(ctx.db, { regionCode: YUECHI, officerId: officer.id });
    for (const key of ['W1', 'W2', 'W3', 'W4']) firms[key] = await insertFirm(ctx.db, { regionCode: WUSHENG, officerId: otherOfficer.id });
    firms.Q1 = await insertFirm(ctx.db, { regionCode: QIANFENG, officerId: otherOfficer.id });
    for (const key of Object.keys(firms)) {
      staff[key] = await signedIn(ctx, {
        role: 'enterprise',
        regionCode: key.startsWith('F') ? YUECHI : WUSHENG,
        enterpriseId: firms[key].id,
      });
    }
    // 广安市 is taken by one working group at most (console-visits may have set it up first).
    const [taken] = await ctx.db.query('SELECT group_id FROM working_group_cities WHERE city_code = ?', [GUANGAN]);
    if (taken) {
      groupId = Number(taken.group_id);
      await ctx.db.query("INSERT INTO working_group_members (group_id, user_id, duty) VALUES (?, ?, 'liaison')", [groupId, member.id]);
    } else {
      const group = await post(admin, '/api/groups', {
        name: `包联广安市工作组${Date.now()}`,
        leaderId: supervisor.id,
        cityCodes: [GUANGAN],
        periodStart: '2026-01-01',
        members: [{ userId: member.id, duty: 'liaison' }],
      }).expect(201);
      groupId = group.body.id;
    }
  });
  afterAll(() => ctx.close());

  it('plans a visit; the firm is told, sees it and accepts it, a stale answer is a 409, and the planner is told', async () => {
    const planned = await plan(officer, 'F1', '2026-11-27').expect(201);
    expect(planned.body).toMatchObject({
      planned: true,
      budget: { month: '2026-11', planned: 1, budget: 2, exceeded: false },
      clashes: [],
      visit: {
        status: 'planned',
        visitDate: '2026-11-27',
        purpose: '了解用电需求',
        unit: { key: `office:${YUECHI}`, name: '岳池县联络专员' },
        confirmation: null,
        countsForCoverage: false,
        version: 1,
        allowedActions: ['cancel', 'log'],
      },
    });
    const id = planned.body.visit.id;
    const seen = await get(staff.F1, '/api/visits?active=true').expect(200);
    expect(seen.body.items).toMatchObject([{ id, status: 'planned', allowedActions: ['accept', 'propose_date', 'decline'] }]);
    expect(await inbox(staff.F1)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'visit.plan', title: '【走访安排】岳池县联络专员拟于 2026-11-27 走访贵企业，请确认' }),
      ]),
    );

    const accepted = await post(staff.F1, `/api/visits/${id}/accept`, { version: 1 }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 2, allowedActions: ['propose_date', 'decline'] });
    const stale = await post(staff.F1, `/api/visits/${id}/accept`, { version: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const again = await post(staff.F1, `/api/visits/${id}/accept`, { version: 2 }).expect(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
    expect((await inbox(officer)).map((n) => n.kind)).toContain('visit.accept');

    const events = await get(officer, `/api/visits/${id}/events`).expect(200);
    expect(
      events.body.map((e: { action: string; fromStatus: string | null; toStatus: string }) => [e.action, e.fromStatus, e.toStatus]),
    ).toEqual([
      ['plan', null, 'planned'],
      ['accept', 'planned', 'accepted'],
    ]);
  });

  it('lets the firm propose another date, which the planner accepts, or plans again on', async () => {
    const first = (await plan(officer, 'F2', '2026-11-26').expect(201)).body.visit;
    const past = await post(staff.F2, `/api/visits/${first.id}/propose-date`, { version: 1, proposedDate: '2026-11-25' }).expect(400);
    expect(past.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'proposedDate' }] });
    const proposed = await post(staff.F2, `/api/visits/${first.id}/propose-date`, {
      version: 1,
      proposedDate: '2026-12-03',
      note: '本周生产任务重',
    }).expect(200);
    expect(proposed.body).toMatchObject({
      status: 'reschedule_proposed',
      visitDate: '2026-11-26',
      proposedDate: '2026-12-03',
      firmNote: '本周生产任务重',
    });
    const told = (await inbox(officer)).find((n) => n.kind === 'visit.propose_date');
    expect(told).toMatchObject({ body: '本周生产任务重' });
    expect(told?.title).toContain('希望改到 2026-12-03 走访');
    const agreed = await post(officer, `/api/visits/${first.id}/accept-proposal`, { version: 2 }).expect(200);
    expect(agreed.body).toMatchObject({ status: 'accepted', visitDate: '2026-12-03', proposedDate: null, version: 3 });

    const second = (await plan(officer, 'F2', '2026-11-27').expect(201)).body.visit;
    await post(staff.F2, `/api/visits/${second.id}/propose-date`, { version: 1, proposedDate: '2026-12-04' }).expect(200);
    const replanned = await post(officer, `/api/visits/${second.id}/replan`, { version: 2, visitDate: '2026-12-08' }).expect(200);
    expect(replanned.body).toMatchObject({
      planned: true,
      budget: { month: '2026-12', planned: 2, budget: 2, exceeded: false },
      visit: { status: 'planned', visitDate: '2026-12-08', proposedDate: null, allowedActions: ['cancel', 'log'] },
    });
    expect((await inbox(staff.F2)).map((n) => n.kind)).toEqual(
      expect.arrayContaining(['visit.plan', 'visit.accept_proposal', 'visit.replan']),
    );
  });

  it('lets the firm decline with a reason, which the planner reads; a declined visit cannot be logged', async () => {
    const visit = (await plan(officer, 'F3', '2026-11-27').expect(201)).body.visit;
    const bare = await post(staff.F3, `/api/visits/${visit.id}/decline`, { version: 1 }).expect(400);
    expect(bare.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([expect.objectContaining({ field: 'reason' })]),
    });
    const declined = await post(staff.F3, `/api/visits/${visit.id}/decline`, { version: 1, reason: '近期已接受过同类检查' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', firmNote: '近期已接受过同类检查', allowedActions: [] });
    const planner = await get(officer, `/api/visits/${visit.id}`).expect(200);
    expect(planner.body).toMatchObject({ status: 'declined', firmNote: '近期已接受过同类检查', allowedActions: [] });
    const log = await post(officer, `/api/visits/${visit.id}/log`, {
      version: 2,
      visitDate: '2026-11-25',
      form: 'on_site',
      problemsFound: false,
    }).expect(409);
    expect(log.body.code).toBe('ILLEGAL_TRANSITION');
    expect((await inbox(officer)).find((n) => n.kind === 'visit.decline')).toMatchObject({ body: '近期已接受过同类检查' });
  });

  it('keeps a visit to its firm, planner and supervisors: another firm or officer gets a 404, a wrong role a 403', async () => {
    const visit = (await plan(officer, 'F4', '2026-12-02').expect(201)).body.visit;
    await get(staff.W1, `/api/visits/${visit.id}`).expect(404);
    await post(staff.W1, `/api/visits/${visit.id}/accept`, { version: 1 }).expect(404);
    expect((await get(staff.W1, '/api/visits').expect(200)).body.items.map((v: { id: number }) => v.id)).not.toContain(visit.id);
    await get(otherOfficer, `/api/visits/${visit.id}`).expect(404);
    await post(otherOfficer, `/api/visits/${visit.id}/cancel`, { version: 1 }).expect(404);
    await post(otherOfficer, `/api/visits/${visit.id}/merge`, {
      version: 1,
      otherVisitId: visit.id,
      otherVersion: 1,
      visitDate: '2026-12-02',
    }).expect(404);
    // Another officer cannot plan a visit to this officer's firm either.
    await plan(otherOfficer, 'F4', '2026-12-02').expect(404);
    // The firm's own staff may not take the planner's steps, nor the planner the firm's.
    await post(staff.F4, `/api/visits/${visit.id}/cancel`, { version: 1 }).expect(403);
    await post(officer, `/api/visits/${visit.id}/accept`, { version: 1 }).expect(403);
    await get(supervisor, `/api/visits/${visit.id}`).expect(200);
    const far = await signedIn(ctx, { role: 'supervisor', regionCode: '510100' });
    await get(far, `/api/visits/${visit.id}`).expect(404);
    await plan(supervisor, 'F4', '2026-12-02').expect(403);
  });

  it('flags two units’ plans in one Monday–Sunday week (not across the week’s end) and merges them into one joint visit', async () => {
    const own = (await plan(officer, 'F5', '2026-11-29').expect(201)).body.visit;
    // Monday 11-30 is the next week: no flag, whoever plans it.
    const nextWeek = await plan(member, 'F5', '2026-11-30', { groupId }).expect(201);
    expect(nextWeek.body).toMatchObject({ planned: true, clashes: [], visit: { groupId, unit: { key: `group:${groupId}` } } });
    // The firm's November now holds two visits: a third plan in November is past the budget.
    const warned = await plan(member, 'F5', '2026-11-26', { groupId }).expect(200);
    expect(warned.body).toMatchObject({
      planned: false,
      visit: null,
      budget: { month: '2026-11', planned: 3, budget: 2, exceeded: true },
      clashes: [{ visitId: own.id, visitDate: '2026-11-29', unit: { key: `office:${YUECHI}` } }],
    });
    const clash = await plan(member, 'F5', '2026-11-26', { groupId, overBudgetConfirmed: true }).expect(201);
    expect(clash.body).toMatchObject({
      planned: true,
      budget: { exceeded: true },
      visit: { overBudget: true, status: 'planned' },
      clashes: [{ visitId: own.id, status: 'planned' }],
    });
    const theirs = clash.body.visit;
    const flagged = await get(officer, `/api/visits/${own.id}`).expect(200);
    expect(flagged.body.clashes).toEqual([
      { visitId: theirs.id, visitDate: '2026-11-26', status: 'planned', unit: theirs.unit, version: 1 },
    ]);
    const listed = await get(officer, `/api/visits?enterpriseId=${firms.F5.id}`).expect(200);
    expect(listed.body.items.find((v: { id: number }) => v.id === own.id).clashes).toHaveLength(1);

    // Not flagged (another week): no merge.
    const notFlagged = await post(officer, `/api/visits/${own.id}/merge`, {
      version: 1,
      otherVisitId: nextWeek.body.visit.id,
      otherVersion: 1,
      visitDate: '2026-11-27',
    }).expect(409);
    expect(notFlagged.body.code).toBe('ILLEGAL_TRANSITION');
    await post(officer, `/api/visits/${own.id}/merge`, {
      version: 1,
      otherVisitId: theirs.id,
      otherVersion: 9,
      visitDate: '2026-11-27',
    }).expect(409);

    const merged = await post(officer, `/api/visits/${own.id}/merge`, {
      version: 1,
      otherVisitId: theirs.id,
      otherVersion: 1,
      visitDate: '2026-11-27',
    }).expect(200);
    expect(merged.body).toMatchObject({
      id: own.id,
      status: 'planned',
      visitDate: '2026-11-27',
      units: [
        { key: `office:${YUECHI}`, name: '岳池县联络专员' },
        { key: `group:${groupId}`, name: theirs.unit.name },
      ],
      clashes: [],
      version: 2,
    });
    const absorbed = await get(member, `/api/visits/${theirs.id}`).expect(200);
    expect(absorbed.body).toMatchObject({ status: 'merged', mergedIntoId: own.id, allowedActions: [] });
    // The other planner sees the joint visit it became part of; the firm answers the one record.
    await get(member, `/api/visits/${own.id}`).expect(200);
    const firmView = await get(staff.F5, `/api/visits?active=true`).expect(200);
    expect(firmView.body.items.map((v: { id: number }) => v.id).sort()).toEqual([own.id, nextWeek.body.visit.id].sort());
    expect((await inbox(staff.F5)).map((n) => n.kind)).toContain('visit.merge');
    expect((await inbox(member)).find((n) => n.kind === 'visit.merge')?.title).toContain('已并入联合走访（2026-11-27）');
    const events = await get(officer, `/api/visits/${own.id}/events`).expect(200);
    expect(events.body[events.body.length - 1]).toMatchObject({
      action: 'merge',
      relatedVisitId: theirs.id,
      fromStatus: 'planned',
      toStatus: 'planned',
    });
  });

  it('counts the budget per calendar month: Tuesday 12-01 is December, though in the same week as Monday 11-30', async () => {
    // F4 has one plan (12-02) in December; F1 one accepted in November.
    const december = await plan(officer, 'F1', '2026-12-01').expect(201);
    expect(december.body.budget).toEqual({ month: '2026-12', planned: 1, budget: 2, exceeded: false });
    const november = await plan(officer, 'F1', '2026-11-30').expect(201);
    expect(november.body.budget).toEqual({ month: '2026-11', planned: 2, budget: 2, exceeded: false });
    const before = await ctx.db.query('SELECT COUNT(*) AS n FROM visits WHERE enterprise_id = ?', [firms.F1.id]);
    const third = await plan(officer, 'F1', '2026-11-28').expect(200);
    expect(third.body).toMatchObject({ planned: false, budget: { planned: 3, exceeded: true } });
    const after = await ctx.db.query('SELECT COUNT(*) AS n FROM visits WHERE enterprise_id = ?', [firms.F1.id]);
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('judges dates in Shanghai across the week’s end under a moved clock', async () => {
    // Sunday 23:30 in Shanghai (15:30 UTC): still the week of 11-23; a plan for today is allowed.
    clock.set('2026-11-29T15:30:00Z');
    const sunday = (await plan(officer, 'F3', '2026-11-29').expect(201)).body.visit;
    // Monday 00:30 in Shanghai (16:30 UTC on Sunday): the 29th is past, the 30th is a new week.
    clock.set('2026-11-29T16:30:00Z');
    const refused = await plan(member, 'F3', '2026-11-29', { groupId }).expect(400);
    expect(refused.body.message).toBe('A visit cannot be planned before today (2026-11-30)');
    const monday = await plan(member, 'F3', '2026-11-30', { groupId }).expect(201);
    expect(monday.body.clashes).toEqual([]);
    expect((await get(officer, `/api/visits/${sunday.id}`).expect(200)).body.clashes).toEqual([]);
    clock.set('2026-11-25T02:00:00Z');
  });

  it('counts for coverage only the visits the firm confirmed (or accepted beforehand and did not dispute)', async () => {
    const coverage = async () => {
      const body = (await get(supervisor, `/api/coverage?regionCode=${WUSHENG}&${NOVEMBER}`).expect(200)).body;
      return { firmsVisited: body.firmsVisited, visits: body.visits };
    };
    const load = async () =>
      (await get(supervisor, `/api/coverage/officers?regionCode=${WUSHENG}&${NOVEMBER}`).expect(200)).body.items.find(
        (o: { id: number }) => o.id === otherOfficer.id,
      );
    const log = (firm: string) =>
      post(otherOfficer, '/api/visits', {
        enterpriseId: firms[firm].id,
        visitDate: '2026-11-20',
        form: 'phone',
        problemsFound: false,
      }).expect(201);
    expect(await coverage()).toEqual({ firmsVisited: 0, visits: 0 });

    // Logged without a plan: pending until the firm confirms.
    const w1 = (await log('W1')).body;
    expect(w1).toMatchObject({ status: 'done', confirmation: 'pending', countsForCoverage: false });
    expect((await inbox(staff.W1)).map((n) => n.kind)).toContain('visit.log');
    expect(await coverage()).toEqual({ firmsVisited: 0, visits: 0 });
    const confirmed = await post(staff.W1, `/api/visits/${w1.id}/confirm`, { version: 1 }).expect(200);
    expect(confirmed.body).toMatchObject({ confirmation: 'confirmed', countsForCoverage: true, allowedActions: [] });
    expect(await coverage()).toEqual({ firmsVisited: 1, visits: 1 });
    expect((await inbox(otherOfficer)).map((n) => n.kind)).toContain('visit.confirm');

    // Logged from a plan the firm accepted: presumed, counted, unless disputed.
    const planned = (await plan(otherOfficer, 'W2', '2026-11-27').expect(201)).body.visit;
    await post(staff.W2, `/api/visits/${planned.id}/accept`, { version: 1 }).expect(200);
    const logged = await post(otherOfficer, `/api/visits/${planned.id}/log`, {
      version: 2,
      visitDate: '2026-11-25',
      form: 'on_site',
      notes: '生产经营正常',
      problemsFound: false,
    }).expect(200);
    expect(logged.body).toMatchObject({
      status: 'done',
      visitDate: '2026-11-25',
      confirmation: 'presumed',
      countsForCoverage: true,
      notes: '生产经营正常',
    });
    expect(await coverage()).toEqual({ firmsVisited: 2, visits: 2 });

    // Disputed by the firm: not counted.
    const w3 = (await log('W3')).body;
    const disputed = await post(staff.W3, `/api/visits/${w3.id}/dispute`, { version: 1, reason: '当天无人来访' }).expect(200);
    expect(disputed.body).toMatchObject({ confirmation: 'disputed', countsForCoverage: false, firmNote: '当天无人来访' });
    // A plan not yet made counts for nothing.
    await plan(otherOfficer, 'W4', '2026-11-27').expect(201);
    expect(await coverage()).toEqual({ firmsVisited: 2, visits: 2 });
    expect(await load()).toMatchObject({ firmsVisited: 2, visits: 2 });

    // The firm that accepted beforehand may dispute within 7 days of the log, not after.
    clock.set('2026-12-03T02:00:00Z');
    const late = await post(staff.W2, `/api/visits/${planned.id}/dispute`, { version: 3, reason: '记录与实际不符' }).expect(409);
    expect(late.body.message).toBe('A visit logged from an accepted plan may be disputed within 7 days of its log');
    clock.set('2026-11-25T02:00:00Z');
  });
});
