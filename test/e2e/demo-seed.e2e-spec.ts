import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { recreateDatabaseAndMigrate } from '../../src/cli/database-admin';
import { DemoClock } from '../../src/demo/demo-clock';
import { seedDemo } from '../../src/demo/seed-demo';
import { ReportFreezerCron } from '../../src/supervision/reports/report-freezer.cron';
import { rowAndFold } from '../helpers/event-fold';

/**
 * The README's first command loads this data set: it must load on a fresh database, load only
 * once, sign its users in, and every report the job freezes from it must verify against the
 * event history. It gets a database of its own: its 300 firms across all 21 cities would move
 * the figures other specs check.
 */
describe('demo data set (e2e)', () => {
  const testUrl = process.env.DATABASE_URL as string;
  const demoUrl = testUrl.replace(/\/([^/?]+)(\?|$)/, '/$1_demo$2');
  let app: NestFastifyApplication;
  const clock = new DemoClock();

  beforeAll(async () => {
    await recreateDatabaseAndMigrate(demoUrl);
    process.env.DATABASE_URL = demoUrl;
    app = await createApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
    process.env.DATABASE_URL = testUrl;
  });

  it('loads once, through the real use cases, and its reports verify against the event history', async () => {
    const db = app.get(DataSource);
    const first = await seedDemo(app, db, clock);
    expect(first.created).toBe(true);
    expect(first.logins.map((l) => l.username)).toEqual(expect.arrayContaining(['admin', 'supervisor', 'officer', 'enterprise']));
    const [{ appeals }] = await db.query('SELECT COUNT(*) AS appeals FROM appeals');
    expect(Number(appeals)).toBe(300);
    expect((await seedDemo(app, db, clock)).created).toBe(false);
    // The province's 产业链专班 of its 17 provincial departments (#20).
    const [force] = await db.query(
      `SELECT tf.name, tf.region_code, COUNT(*) AS members, SUM(d.level = 'province') AS provincial
         FROM task_forces tf JOIN task_force_members tm ON tm.task_force_id = tf.id JOIN departments d ON d.id = tm.department_id GROUP BY tf.id`,
    );
    expect(force).toMatchObject({ name: '四川省产业链专班（17个省级部门）', region_code: '510000' });
    expect([Number(force.members), Number(force.provincial)]).toEqual([17, 17]);

    // Key projects in every city across all stages, some stalled, overdue or with linked appeals; 21 working groups.
    const [projects] = await db.query(
      `SELECT COUNT(DISTINCT city_code) AS cities, COUNT(DISTINCT stage_code) AS stages,
              SUM(last_report_at IS NULL) AS never_reported,
              (SELECT COUNT(DISTINCT project_id) FROM project_milestones WHERE done_at IS NULL AND warning_light = 'red') AS red,
              (SELECT COUNT(*) FROM project_events WHERE action = 'milestone_remind') AS reminders,
              (SELECT COUNT(DISTINCT project_id) FROM project_appeals) AS with_appeals
         FROM projects`,
    );
    expect(projects).toMatchObject({ cities: 21, stages: 6 });
    for (const key of ['never_reported', 'red', 'reminders', 'with_appeals']) expect(Number(projects[key])).toBeGreaterThan(0);
    const [groups] = await db.query(
      `SELECT COUNT(*) AS groups, (SELECT COUNT(*) FROM group_measures) AS measures, (SELECT COUNT(*) FROM group_ledger_notes) AS notes,
              (SELECT COUNT(*) FROM group_ledger_closures) AS closures, (SELECT COUNT(*) FROM group_visits) AS visits FROM working_groups`,
    );
    expect(Number(groups.groups)).toBe(21);
    for (const key of ['measures', 'notes', 'closures', 'visits']) expect(Number(groups[key])).toBeGreaterThan(0);

    // Demo appeals satisfy the invariant of real ones, the deadlines staged for the sweep included: row = fold of events.
    const ids: Array<{ id: number }> = await db.query('SELECT id FROM appeals ORDER BY id');
    const unequal: number[] = [];
    for (const { id } of ids) {
      const { row, fold } = await rowAndFold(db, Number(id));
      if (JSON.stringify(fold) !== JSON.stringify(row)) unequal.push(Number(id));
    }
    expect(unequal).toEqual([]);

    const login = await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'admin', password: first.password })
      .expect(200);
    const bearer = `Bearer ${login.body.accessToken}`;
    const frozen = await app.get(ReportFreezerCron).runOnce();
    expect(frozen.length).toBeGreaterThan(0);
    const list = await request(app.getHttpServer()).get('/api/supervision/reports?pageSize=100').set('Authorization', bearer).expect(200);
    expect(list.body.items.length).toBe(frozen.length);
    for (const report of list.body.items as Array<{ id: number; periodKey: string }>) {
      const verification = await request(app.getHttpServer())
        .get(`/api/supervision/reports/${report.id}/verify`)
        .set('Authorization', bearer)
        .expect(200);
      expect({ period: report.periodKey, ok: verification.body.ok, differences: verification.body.differences }).toEqual({
        period: report.periodKey,
        ok: true,
        differences: [],
      });
    }
  }, 180_000); // The whole data set through the real use cases, then every appeal folded: minutes on a loaded machine.
});
