import { FixedClock } from '../../src/common/clock/clock';
import { DeadlineRecomputeService } from '../../src/sla/recompute/deadline-recompute.service';
import { INVENTED_2027_SCHEDULE } from '../fixtures/invented-2027-schedule';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertUser, login } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const sh = (local: string) => new Date(`${local}+08:00`);

/** Next year entered in one go, in the shape of the notice (an invented 2027, see the fixture): preview, then one save. */
describe('a year in one go (e2e)', () => {
  const clock = new FixedClock(sh('2026-12-10T10:00:00'));
  let ctx: TestContext;
  let admin: string;
  let firmId = 0;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    admin = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'admin', regionCode: '510000' }))}`;
  });
  afterAll(async () => {
    await ctx.db.query("DELETE FROM calendar_days WHERE day >= '2027-01-01'");
    await ctx.db.query('DELETE FROM calendar_years WHERE year >= 2027');
    await ctx.db.query('DELETE FROM calendar_recomputes WHERE year >= 2027');
    await ctx.db.query('UPDATE appeals SET next_check_at = NULL WHERE enterprise_id = ?', [firmId]);
    await ctx.close();
  });

  it('refuses a schedule with problems, naming each one', async () => {
    const bad = await ctx
      .http()
      .post('/api/calendar/schedules/preview')
      .set('Authorization', admin)
      .send({
        year: 2027,
        holidays: [
          { name: '元旦', firstDay: '2026-12-31', lastDay: '2027-01-03', makeupDays: ['2027-01-04'] },
          { name: '春节', firstDay: '2027-02-06', lastDay: '2027-02-14', makeupDays: ['2027-02-13'] },
          { name: '补假', firstDay: '2027-02-10', lastDay: '2027-02-11', makeupDays: [] },
        ],
      })
      .expect(400);
    expect(bad.body.details.map((d: { message: string }) => d.message)).toEqual(
      expect.arrayContaining([
        '元旦：2026-12-31 不在 2027 年内',
        '元旦：调休上班日 2027-01-04 不是周六或周日',
        '调休上班日 2027-02-13 落在春节放假期间',
        '补假（2027-02-10 起）与春节（至 2027-02-14）放假日期重叠',
      ]),
    );
    const wrongYear = await ctx
      .http()
      .post('/api/calendar/schedules/preview')
      .set('Authorization', admin)
      .send({ ...INVENTED_2027_SCHEDULE, year: 2028 });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.message).toContain('the next year to enter is 2027');
  });

  it('previews the days and the deadlines that would move, then saves the year in one transaction with an audit record', async () => {
    const cast = await appealCast(ctx, '510112');
    firmId = cast.firmId;
    // Routed Mon 28 Dec with 7 working days: provisionally Wed 6 Jan; with 1 January off, Thu 7 Jan.
    const id = await insertAppealRow(ctx.db, {
      enterpriseId: cast.firmId,
      regionCode: cast.county,
      submittedBy: cast.enterprise.id,
      categoryId: await categoryId(ctx.db, 'energy_power'),
      columns: {
        status: 'in_progress',
        lead_department_id: cast.deptA,
        submitted_at: sh('2026-12-28T09:00:00'),
        signed_at: sh('2026-12-28T10:00:00'),
        resolution_started_at: sh('2026-12-28T10:00:00'),
        resolution_due_at: sh('2027-01-06T17:30:00'),
        resolution_due_basis: 'provisional',
        current_due_at: sh('2027-01-06T17:30:00'),
        current_due_basis: 'provisional',
      },
    });
    const preview = await ctx
      .http()
      .post('/api/calendar/schedules/preview')
      .set('Authorization', admin)
      .send(INVENTED_2027_SCHEDULE)
      .expect(200);
    expect(preview.body).toMatchObject({ year: 2027, weekdaysOff: expect.any(Number), makeupDays: 6 });
    expect(preview.body.days).toEqual(expect.arrayContaining([{ date: '2027-01-31', kind: 'workday', name: '春节调休上班' }]));
    expect(preview.body.moves).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ appealId: id, timer: 'resolution_due', to: sh('2027-01-07T17:30:00').toISOString(), shiftDays: 1 }),
      ]),
    );
    // The preview stores nothing.
    const [{ n }] = await ctx.db.query("SELECT COUNT(*) AS n FROM calendar_days WHERE day >= '2027-01-01'");
    expect(Number(n)).toBe(0);

    const saved = await ctx.http().post('/api/calendar/schedules').set('Authorization', admin).send(INVENTED_2027_SCHEDULE).expect(201);
    expect(saved.body).toEqual({ year: 2027, days: preview.body.days.length });
    const coverage = await ctx.http().get('/api/calendar/coverage').set('Authorization', admin).expect(200);
    expect(coverage.body.lastDay).toBe('2027-12-31');
    const [audit] = await ctx.db.query(
      "SELECT action, year, user_id FROM calendar_audit WHERE action = 'import_year' ORDER BY id DESC LIMIT 1",
    );
    expect(audit).toMatchObject({ action: 'import_year', year: 2027 });
    await ctx.app.get(DeadlineRecomputeService).runPending();
    const [row] = await ctx.db.query('SELECT resolution_due_at, resolution_due_basis FROM appeals WHERE id = ?', [id]);
    expect(row).toEqual({ resolution_due_at: sh('2027-01-07T17:30:00'), resolution_due_basis: 'statutory' });

    const again = await ctx.http().post('/api/calendar/schedules').set('Authorization', admin).send(INVENTED_2027_SCHEDULE).expect(409);
    expect(again.body.message).toContain('already declared complete');
  });
});
