import { spawnSync } from 'node:child_process';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { syncCalendarFromPackage } from '../../src/sla/calendar-seed/calendar-sync';
import type { ChineseDaysData } from '../../src/sla/calendar-seed/chinese-days-source';
import { inventedDays } from '../fixtures/invented-2027-schedule';
import { insertUser, login } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * A "newer chinese-days release": the installed tables plus the INVENTED 2027 schedule of the
 * fixture (not the State Council's notice), in the package's own "English,中文,id" format.
 */
function newerRelease(): ChineseDaysData {
  const data: ChineseDaysData = { holidays: { ...chineseDaysData.holidays }, workdays: { ...chineseDaysData.workdays } };
  for (const d of inventedDays()) {
    if (d.kind === 'holiday') data.holidays[d.date] = `Invented,${d.name},9`;
    else data.workdays[d.date] = `Invented,${d.name.replace('调休上班', '')},9`;
  }
  return data;
}

/** npm run calendar:sync: re-seeds from a newer chinese-days release without overwriting admins' corrections. */
describe('calendar:sync (e2e)', () => {
  let ctx: TestContext;
  let admin: string;
  const now = new Date('2026-12-01T02:00:00Z');

  const day = async (date: string) =>
    (await ctx.db.query('SELECT kind, name, source FROM calendar_days WHERE day = ?', [date]))[0] as
      { kind: string; name: string | null; source: string } | undefined;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'admin', regionCode: '510000' }))}`;
  });
  afterAll(async () => {
    // Back to the packaged calendar for the specs that follow.
    await ctx.db.query("DELETE FROM calendar_days WHERE day >= '2027-01-01' OR day IN ('2004-01-01', '2004-01-22', '2004-03-03')");
    await ctx.db.query('DELETE FROM calendar_years WHERE year >= 2027');
    await ctx.db.query('DELETE FROM calendar_recomputes WHERE year >= 2027');
    await ctx.db.query("DELETE FROM calendar_audit WHERE action = 'sync_package' OR day IN ('2004-01-01', '2004-01-22')");
    await syncCalendarFromPackage(ctx.db, { data: chineseDaysData, packageVersion: 'restore', now });
    await ctx.db.query("DELETE FROM calendar_audit WHERE action = 'sync_package'");
    await ctx.close();
  });

  it('adds the new release’s year and corrections, keeps the admin’s, reports what it skipped, and a second run adds nothing', async () => {
    // An admin's corrections on package-seeded days: one changed, one removed.
    expect(await day('2004-01-01')).toEqual({ kind: 'holiday', name: '元旦', source: 'package' });
    await ctx
      .http()
      .put('/api/calendar/days/2004-01-01')
      .set('Authorization', admin)
      .send({ kind: 'workday', reason: '更正测试' })
      .expect(200);
    await ctx.http().delete('/api/calendar/days/2004-01-22').query({ reason: '移除测试' }).set('Authorization', admin).expect(204);
    // A package-seeded day the newer release states differently, and one it no longer has.
    await ctx.db.query("UPDATE calendar_days SET name = '旧名称' WHERE day = '2004-05-01' AND source = 'package'");
    await ctx.db.query("INSERT INTO calendar_days (day, kind, name, source) VALUES ('2004-03-03', 'holiday', '旧数据', 'package')");

    const report = await syncCalendarFromPackage(ctx.db, { data: newerRelease(), packageVersion: '9.9.9-test', now });
    expect(report.add.map((d) => d.date)).toEqual(
      inventedDays()
        .map((d) => d.date)
        .sort(),
    );
    expect(report.update).toEqual([{ date: '2004-05-01', kind: 'holiday', name: '劳动节' }]);
    expect(report.remove).toEqual(['2004-03-03']);
    expect(report.skipped).toEqual([
      { date: '2004-01-01', reason: 'admin_day', package: { kind: 'holiday', name: '元旦' }, stored: { kind: 'workday', name: null } },
      { date: '2004-01-22', reason: 'admin_removed', package: { kind: 'holiday', name: '春节' }, stored: null },
    ]);
    expect(report).toMatchObject({ declaredYears: [2027], recomputesQueued: [2027], dryRun: false });

    expect(await day('2004-01-01')).toEqual({ kind: 'workday', name: null, source: 'admin' });
    expect(await day('2004-01-22')).toBeUndefined();
    expect(await day('2004-05-01')).toEqual({ kind: 'holiday', name: '劳动节', source: 'package' });
    expect(await day('2004-03-03')).toBeUndefined();
    expect(await day('2027-02-20')).toEqual({ kind: 'workday', name: '春节调休上班', source: 'package' });
    const coverage = await ctx.http().get('/api/calendar/coverage').set('Authorization', admin).expect(200);
    expect(coverage.body).toMatchObject({ lastDay: '2027-12-31' });
    expect(coverage.body.years).toEqual(
      expect.arrayContaining([expect.objectContaining({ year: 2027, source: 'package', note: 'chinese-days 9.9.9-test' })]),
    );
    const [job] = await ctx.db.query('SELECT status, previous_last_day FROM calendar_recomputes WHERE year = 2027');
    expect(job.status).toBe('pending');
    const audit = await ctx.http().get('/api/calendar/audit').set('Authorization', admin).expect(200);
    expect(audit.body[0]).toMatchObject({
      action: 'sync_package',
      userId: null,
      detail: expect.objectContaining({
        packageVersion: '9.9.9-test',
        added: report.add.length,
        updated: 1,
        removed: 1,
        skipped: 2,
        declaredYears: [2027],
      }),
    });

    const again = await syncCalendarFromPackage(ctx.db, { data: newerRelease(), packageVersion: '9.9.9-test', now });
    expect(again).toMatchObject({ add: [], update: [], remove: [], declaredYears: [], recomputesQueued: [] });
    expect(again.skipped.map((s) => s.date)).toEqual(['2004-01-01', '2004-01-22']);
  });

  it('runs as npm run calendar:sync against the database (dry run: reports, writes nothing)', async () => {
    const before = Date.now();
    const [{ n: auditRows }] = await ctx.db.query('SELECT COUNT(*) AS n FROM calendar_audit');
    const run = spawnSync('npm', ['run', '--silent', 'calendar:sync', '--', '--dry-run'], {
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', DATABASE_URL: process.env.DATABASE_URL },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain('chinese-days 1.5.7: 2004-01-01 .. 2026-12-31 (dry run: nothing written)');
    expect(run.stdout).toContain('added 0 day(s), updated 0, removed 0');
    expect(run.stdout).toContain('skipped 2004-01-01: set or changed by an admin (stored: workday; package: holiday 元旦)');
    expect(run.stdout).toContain('skipped 2004-01-22: removed by an admin (stored: no entry; package: holiday 春节)');
    expect(Date.now() - before).toBeLessThan(120_000);
    expect((await ctx.db.query('SELECT COUNT(*) AS n FROM calendar_audit'))[0].n).toBe(auditRows);
  });
});
