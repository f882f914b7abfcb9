import { insertUser, login } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

describe('working-day calendar API (e2e)', () => {
  let ctx: TestContext;
  let admin: string;
  let adminId: number;
  let officer: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    adminId = adminUser.id;
    admin = `Bearer ${await login(ctx, adminUser)}`;
    officer = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'officer', regionCode: '510104' }))}`;
  });
  afterAll(async () => {
    // Leave the shared test database with the packaged coverage for the specs that follow.
    await ctx.db.query("DELETE FROM calendar_days WHERE day >= '2027-01-01'");
    await ctx.db.query('DELETE FROM calendar_years WHERE year >= 2027');
    await ctx.close();
  });
  afterEach(() => jest.restoreAllMocks());

  it('describes a Spring Festival day and a make-up Saturday of 2025', async () => {
    const festival = await ctx.http().get('/api/calendar/days/2025-01-29').set('Authorization', officer).expect(200);
    expect(festival.body).toEqual({
      date: '2025-01-29',
      working: false,
      kind: 'holiday',
      name: '春节',
      source: 'package',
      basis: 'statutory',
    });
    const makeUp = await ctx.http().get('/api/calendar/days/2025-02-08').set('Authorization', officer).expect(200);
    expect(makeUp.body).toMatchObject({ date: '2025-02-08', working: true, kind: 'makeup_workday', source: 'package' });
    const weekend = await ctx.http().get('/api/calendar/days/2025-03-01').set('Authorization', officer).expect(200);
    expect(weekend.body).toEqual({ date: '2025-03-01', working: false, kind: 'weekend', source: null, basis: 'statutory' });
  });

  it('needs a signed-in caller and a real date', async () => {
    await ctx.http().get('/api/calendar/days/2025-01-29').expect(401);
    const bad = await ctx.http().get('/api/calendar/days/2025-02-30').set('Authorization', officer).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('previews a deadline across National Day 2025 (自次日起算, closing at 17:30)', async () => {
    const response = await ctx
      .http()
      .get('/api/calendar/deadline')
      .query({ start: '2025-09-30T10:00:00+08:00', amount: 7, unit: 'working_days' })
      .set('Authorization', officer)
      .expect(200);
    // Oct 1–8 off, Sat Oct 11 worked: Oct 9, 10, 11, 13, 14, 15, 16.
    expect(response.body).toMatchObject({
      amount: 7,
      unit: 'working_days',
      due: '2025-10-16T09:30:00.000Z',
      dueLocal: '2025-10-16 17:30',
      basis: 'statutory',
    });
    const hours = await ctx
      .http()
      .get('/api/calendar/deadline')
      .query({ start: '2025-09-30T16:30:00+08:00', amount: 2, unit: 'working_hours' })
      .set('Authorization', officer)
      .expect(200);
    expect(hours.body.dueLocal).toBe('2025-10-09 10:00');
    await ctx
      .http()
      .get('/api/calendar/deadline')
      .query({ start: '2025-09-30T10:00:00+08:00', amount: 1.5, unit: 'working_days' })
      .set('Authorization', officer)
      .expect(400);
  });

  it('answers past the coverage provisionally (weekends as the only rest days) instead of refusing', async () => {
    // Sat 2027-02-06 past the 2026 coverage: a weekend, whatever the 2027 schedule will say.
    const day = await ctx.http().get('/api/calendar/days/2027-02-06').set('Authorization', officer).expect(200);
    expect(day.body).toEqual({ date: '2027-02-06', working: false, kind: 'weekend', source: null, basis: 'provisional' });
    // Fri 2027-01-01 is counted as a working day until 2027 is declared (then it is New Year's Day).
    const newYear = await ctx.http().get('/api/calendar/days/2027-01-01').set('Authorization', officer).expect(200);
    expect(newYear.body).toMatchObject({ working: true, kind: 'workday', basis: 'provisional' });
    const deadline = await ctx
      .http()
      .get('/api/calendar/deadline')
      .query({ start: '2026-12-28T10:00:00+08:00', amount: 7, unit: 'working_days' })
      .set('Authorization', officer)
      .expect(200);
    // Dec 29, 30, 31, Jan 1 (provisionally a weekday), 4, 5, 6.
    expect(deadline.body).toMatchObject({ dueLocal: '2027-01-06 17:30', basis: 'provisional' });
    const inside = await ctx
      .http()
      .get('/api/calendar/deadline')
      .query({ start: '2026-12-21T10:00:00+08:00', amount: 7, unit: 'working_days' })
      .set('Authorization', officer)
      .expect(200);
    expect(inside.body).toMatchObject({ dueLocal: '2026-12-30 17:30', basis: 'statutory' });
    const before = await ctx.http().get('/api/calendar/days/2003-06-02').set('Authorization', officer).expect(422);
    expect(before.body.code).toBe('CALENDAR_NOT_COVERED');
  });

  it('lets an admin enter 2027 days and then declare the year, which extends the coverage', async () => {
    await ctx
      .http()
      .put('/api/calendar/days/2027-02-06')
      .set('Authorization', officer)
      .send({ kind: 'holiday', name: '春节', reason: '录入' })
      .expect(403);
    const entered = await ctx
      .http()
      .put('/api/calendar/days/2027-02-08')
      .set('Authorization', admin)
      .send({ kind: 'holiday', name: '春节', reason: '按通知录入' })
      .expect(200);
    expect(entered.body).toMatchObject({ date: '2027-02-08', kind: 'holiday', source: 'admin', inCoverage: false });
    // Entered but not declared: not used yet, the day is still answered provisionally (a plain Monday).
    const notYet = await ctx.http().get('/api/calendar/days/2027-02-08').set('Authorization', officer).expect(200);
    expect(notYet.body).toEqual({ date: '2027-02-08', working: true, kind: 'workday', source: null, basis: 'provisional' });
    const pending = await ctx.http().get('/api/calendar/coverage').set('Authorization', officer).expect(200);
    expect(pending.body).toMatchObject({ firstDay: '2004-01-01', lastDay: '2026-12-31', pendingYears: [2027] });
    expect(pending.body.workingHours).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]);

    await ctx.http().post('/api/calendar/years').set('Authorization', admin).send({ year: 2028 }).expect(400);
    const declared = await ctx
      .http()
      .post('/api/calendar/years')
      .set('Authorization', admin)
      .send({ year: 2027, note: '国办发明电' })
      .expect(201);
    expect(declared.body).toMatchObject({ lastDay: '2027-12-31', pendingYears: [] });
    await ctx.http().post('/api/calendar/years').set('Authorization', admin).send({ year: 2027 }).expect(409);

    const day = await ctx.http().get('/api/calendar/days/2027-02-08').set('Authorization', officer).expect(200);
    expect(day.body).toEqual({ date: '2027-02-08', working: false, kind: 'holiday', name: '春节', source: 'admin', basis: 'statutory' });
    const deadline = await ctx
      .http()
      .get('/api/calendar/deadline')
      .query({ start: '2027-02-05T10:00:00+08:00', amount: 1, unit: 'working_days' })
      .set('Authorization', officer)
      .expect(200);
    expect(deadline.body.dueLocal).toBe('2027-02-09 17:30');
  });

  it('lets an admin correct and remove a day, each with an audit record (who, when, before → after, why)', async () => {
    const noReason = await ctx
      .http()
      .put('/api/calendar/days/2025-03-03')
      .set('Authorization', admin)
      .send({ kind: 'holiday', name: '测试' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
    const blank = await ctx
      .http()
      .put('/api/calendar/days/2025-03-03')
      .set('Authorization', admin)
      .send({ kind: 'holiday', reason: '   ' });
    expect(blank.status).toBe(400);
    expect(await ctx.db.query("SELECT day FROM calendar_days WHERE day = '2025-03-03'")).toEqual([]);

    await ctx
      .http()
      .put('/api/calendar/days/2025-03-03')
      .set('Authorization', admin)
      .send({ kind: 'holiday', name: '测试', reason: '临时放假' })
      .expect(200);
    expect((await ctx.http().get('/api/calendar/days/2025-03-03').set('Authorization', officer)).body).toMatchObject({
      working: false,
      kind: 'holiday',
    });
    await ctx
      .http()
      .put('/api/calendar/days/2025-03-03')
      .set('Authorization', admin)
      .send({ kind: 'workday', reason: '改回上班' })
      .expect(200);
    await ctx.http().delete('/api/calendar/days/2025-03-03').set('Authorization', admin).expect(400);
    await ctx.http().delete('/api/calendar/days/2025-03-03').query({ reason: '录入错误' }).set('Authorization', officer).expect(403);
    await ctx.http().delete('/api/calendar/days/2025-03-03').query({ reason: '录入错误' }).set('Authorization', admin).expect(204);
    expect((await ctx.http().get('/api/calendar/days/2025-03-03').set('Authorization', officer)).body).toMatchObject({
      working: true,
      kind: 'workday',
    });
    await ctx.http().delete('/api/calendar/days/2025-03-03').query({ reason: '再删一次' }).set('Authorization', admin).expect(404);
    await ctx.http().put('/api/calendar/days/2025-03-03').set('Authorization', admin).send({ kind: 'vacation', reason: 'x y' }).expect(400);

    const audit = await ctx.http().get('/api/calendar/audit').query({ year: 2025 }).set('Authorization', admin).expect(200);
    const trail = audit.body.filter((a: { day: string }) => a.day === '2025-03-03');
    expect(
      trail.map((a: { action: string; reason: string; before: unknown; after: unknown }) => [a.action, a.reason, a.before, a.after]),
    ).toEqual([
      ['remove_day', '录入错误', { kind: 'workday', name: null, source: 'admin' }, null],
      ['set_day', '改回上班', { kind: 'holiday', name: '测试', source: 'admin' }, { kind: 'workday', name: null, source: 'admin' }],
      ['set_day', '临时放假', null, { kind: 'holiday', name: '测试', source: 'admin' }],
    ]);
    expect(trail[0]).toMatchObject({ year: 2025, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(trail.every((a: { userId: number }) => a.userId === adminId)).toBe(true);
    await ctx.http().get('/api/calendar/audit').set('Authorization', officer).expect(403);
  });
});
