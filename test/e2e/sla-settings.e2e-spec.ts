import { SETTING_DEFINITIONS } from '../../src/settings/setting-definitions';
import { SettingsService } from '../../src/settings/settings.service';
import { SlaTimersService } from '../../src/sla/sla-timers.service';
import { insertUser, login } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

describe('run-time settings (e2e)', () => {
  let ctx: TestContext;
  let admin: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'admin', regionCode: '510000' }))}`;
  });
  afterAll(() => ctx.close());

  const current = async (key: string) => {
    const response = await ctx.http().get('/api/settings').set('Authorization', admin).expect(200);
    return response.body.find((s: { key: string }) => s.key === key);
  };

  it('has a row for every defined setting after the migrations (a missing row falls back to the default with a warning on every load)', async () => {
    const rows: Array<{ setting_key: string }> = await ctx.db.query('SELECT setting_key FROM settings');
    const stored = new Set(rows.map((r) => r.setting_key));
    expect(Object.keys(SETTING_DEFINITIONS).filter((key) => !stored.has(key))).toEqual([]);
  });

  it('lists every setting with its value, description and version', async () => {
    const response = await ctx.http().get('/api/settings').set('Authorization', admin).expect(200);
    expect(response.body.map((s: { key: string }) => s.key)).toEqual(
      expect.arrayContaining([
        'sla.working_hours',
        'sla.yellow_share',
        'sla.ladder',
        'sla.objection_window_working_days',
        'metrics.weights',
      ]),
    );
    expect(await current('sla.ladder')).toMatchObject({
      value: { supervisionAfterOverdueWorkingDays: 2, yellowCardAfterOverdueWorkingDays: 5, redCardAfterOverdueWorkingDays: 10 },
      version: expect.any(Number),
    });
  });

  it('changes a setting with the version read, refuses a stale version, and applies at once on this instance', async () => {
    const before = await current('sla.objection_window_working_days');
    const changed = await ctx
      .http()
      .put('/api/settings/sla.objection_window_working_days')
      .set('Authorization', admin)
      .send({ value: 2, version: before.version })
      .expect(200);
    expect(changed.body).toMatchObject({ value: 2, version: before.version + 1 });
    const stale = await ctx
      .http()
      .put('/api/settings/sla.objection_window_working_days')
      .set('Authorization', admin)
      .send({ value: 3, version: before.version })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    expect(await ctx.app.get(SettingsService).objectionWindowWorkingDays()).toBe(2);
    // Friday 10:00 + 2 working days → Tuesday 17:30 (2025-06-10).
    expect(await ctx.app.get(SlaTimersService).objectionDeadline(new Date('2025-06-06T02:00:00Z'))).toEqual({
      value: new Date('2025-06-10T09:30:00Z'),
      basis: 'statutory',
    });
    // Put it back for the specs that share this database.
    await ctx
      .http()
      .put('/api/settings/sla.objection_window_working_days')
      .set('Authorization', admin)
      .send({ value: before.value, version: before.version + 1 })
      .expect(200);
  });

  it('validates each key by its own rules', async () => {
    const hours = await current('sla.working_hours');
    const overlap = await ctx
      .http()
      .put('/api/settings/sla.working_hours')
      .set('Authorization', admin)
      .send({
        value: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '17:30' },
        ],
        version: hours.version,
      })
      .expect(400);
    expect(overlap.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'value' }] });
    const ladder = await current('sla.ladder');
    await ctx
      .http()
      .put('/api/settings/sla.ladder')
      .set('Authorization', admin)
      .send({
        value: { supervisionAfterOverdueWorkingDays: 6, yellowCardAfterOverdueWorkingDays: 5, redCardAfterOverdueWorkingDays: 10 },
        version: ladder.version,
      })
      .expect(400);
    await ctx.http().put('/api/settings/sla.yellow_share').set('Authorization', admin).send({ value: 1.5, version: 1 }).expect(400);
    await ctx.http().put('/api/settings/no.such_key').set('Authorization', admin).send({ value: 1, version: 1 }).expect(404);
    await ctx.http().put('/api/settings/sla.yellow_share').set('Authorization', admin).send({ version: 1 }).expect(400);
  });

  it('is for admins only', async () => {
    const supervisor = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'supervisor', regionCode: '510100' }))}`;
    await ctx.http().get('/api/settings').set('Authorization', supervisor).expect(403);
    await ctx.http().put('/api/settings/sla.yellow_share').set('Authorization', supervisor).send({ value: 0.8, version: 1 }).expect(403);
  });
});
