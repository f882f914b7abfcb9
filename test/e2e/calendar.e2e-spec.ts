import { Logger } from '@nestjs/common';
import { insertUser, login } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

describe('working-day calendar API (e2e)', () => {
  let ctx: TestContext;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'admin', regionCode: '510000' }))}`;
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
    expect(festival.body).toEqual({ date: '2025-01-29', working: false, kind: 'holiday', name: '春节', source: 'package' });
    const makeUp = await ctx.http().get('/api/calendar/days/2025-02-08').set('Authorization', officer).expect(200);
    expect(makeUp.body).toMatchObject({ date: '2025-02-08', working: true, kind: 'makeup_workday', source: 'package' });
    const weekend = await ctx.http().get('/api/calendar/days/2025-03-01').set('Authorization', officer).expect(200);
    expect(weekend.body).toEqual({ date: '2025-03-01', working: false, kind: 'weekend', source: null });
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
    expect(response.body).toMatchObject({ amount: 7, unit: 'working_days', due: '2025-10-16T09:30:00.000Z', dueLocal: '2025-10-16 17:30' });
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

  it('refuses to compute past the coverage with 422 CALENDAR_NOT_COVERED and raises an alert', async () => {
    const alerts = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const day = await ctx.http().get('/api/calendar/days/2027-02-06').set('Authorization', officer).expect(422);
    expect(day.body).toMatchObject({ code: 'CALENDAR_NOT_COVERED', context: { date: '2027-02-06', coveredTo: '2026-12-31' } });
    expect(day.body.message).toContain('covers 2004-01-01..2026-12-31');
    expect(day.body.message).toContain('must add the 2027 holiday schedule');
    const deadline = await ctx
      .http()
      .get('/api/calendar/deadline')
      .query({ start: '2026-12-28T10:00:00+08:00', amount: 7, unit: 'working_days' })
      .set('Authorization', officer)
      .expect(422);
    expect(deadline.body.code).toBe('CALENDAR_NOT_COVERED');
    expect(alerts).toHaveBeenCalledWith(expect.objectContaining({ alert: 'calendar_not_covered', date: '2027-01-01' }));
  });

  it('lets an admin enter 2027 days and then declare the year, which extends the coverage', async () => {
    await ctx.http().put('/api/calendar/days/2027-02-06').set('Authorization', officer).send({ kind: 'holiday', name: '春节' }).expect(403);
    const entered = await ctx
      .http()
      .put('/api/calendar/days/2027-02-08')
      .set('Authorization', admin)
      .send({ kind: 'holiday', name: '春节' })
      .expect(200);
    expect(entered.body).toMatchObject({ date: '2027-02-08', kind: 'holiday', source: 'admin', inCoverage: false });
    // Entered but not declared: still not covered.
    await ctx.http().get('/api/calendar/days/2027-02-08').set('Authorization', officer).expect(422);
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
    expect(day.body).toEqual({ date: '2027-02-08', working: false, kind: 'holiday', name: '春节', source: 'admin' });
    const deadline = await ctx
      .http()
      .get('/api/calendar/deadline')
      .query({ start: '2027-02-05T10:00:00+08:00', amount: 1, unit: 'working_days' })
      .set('Authorization', officer)
      .expect(200);
    expect(deadline.body.dueLocal).toBe('2027-02-09 17:30');
  });

  it('lets an admin correct and remove a day', async () => {
    await ctx.http().put('/api/calendar/days/2025-03-03').set('Authorization', admin).send({ kind: 'holiday', name: '测试' }).expect(200);
    expect((await ctx.http().get('/api/calendar/days/2025-03-03').set('Authorization', officer)).body).toMatchObject({
      working: false,
      kind: 'holiday',
    });
    await ctx.http().delete('/api/calendar/days/2025-03-03').set('Authorization', admin).expect(204);
    expect((await ctx.http().get('/api/calendar/days/2025-03-03').set('Authorization', officer)).body).toMatchObject({
      working: true,
      kind: 'workday',
    });
    await ctx.http().delete('/api/calendar/days/2025-03-03').set('Authorization', admin).expect(404);
    await ctx.http().put('/api/calendar/days/2025-03-03').set('Authorization', admin).send({ kind: 'vacation' }).expect(400);
  });
});
