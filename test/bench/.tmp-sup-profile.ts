const url = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_bench_sup';
Object.assign(process.env, { DATABASE_URL: url, LOG_LEVEL: 'silent', SWEEP_ENABLED: 'false', OUTBOX_WORKER_ENABLED: 'false' });
import { DataSource } from 'typeorm';
import { createApp } from '/work/main/src/app.factory';
import { FixedClock } from '/work/main/src/common/clock/clock';
import { MetricCountsRepository } from '/work/main/src/supervision/metrics/metric-counts.repository';
import { GroupCounts } from '/work/main/src/supervision/metrics/group-figures';
import { SupervisionCalendar } from '/work/main/src/supervision/calendar/supervision-calendar.service';
import { FiguresService } from '/work/main/src/supervision/metrics/figures.service';

const NOW = new Date('2026-11-20T02:00:00Z');
async function main() {
  const app = await createApp({ clock: new FixedClock(NOW) });
  const db = app.get(DataSource);
  const repo = app.get(MetricCountsRepository);
  const cal = app.get(SupervisionCalendar);
  const figs = app.get(FiguresService);
  const settings = await figs.currentSettings();
  const orig = db.query.bind(db);
  const log: Array<{ sql: string; ms: number; rows: number }> = [];
  (db as any).query = async (sql: string, params?: unknown[]) => {
    const t = performance.now();
    const r = await orig(sql, params);
    log.push({ sql: sql.replace(/\s+/g, ' ').slice(0, 90), ms: performance.now() - t, rows: Array.isArray(r) ? r.length : 0 });
    return r;
  };
  const user: any = { id: 0, role: 'admin', regionCode: '000000', regionLevel: 'province', reachPrefix: '' };
  const window = { from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-10-31T16:00:00Z') };
  const group = (process.argv[2] ?? 'city') as any;
  for (let run = 0; run < 3; run++) {
    log.length = 0;
    let t = performance.now();
    const raw = await repo.countByGroup(user, { regionCode: '510000' }, window, group);
    const tq = performance.now() - t;
    const index = await cal.indexFor(settings.workingHours);
    t = performance.now();
    const counts = GroupCounts.from(raw, index);
    const tjs = performance.now() - t;
    t = performance.now();
    for (const k of counts.keys()) counts.figures(k, k, true);
    counts.total().figures('all', 'all', true);
    const tf = performance.now() - t;
    console.log(`run ${run}: queries (parallel) ${tq.toFixed(0)} ms, GroupCounts.from ${tjs.toFixed(0)} ms, figures ${tf.toFixed(0)} ms, closed rows ${raw.closed.length}`);
    for (const l of log) console.log(`   ${l.ms.toFixed(0).padStart(6)} ms ${String(l.rows).padStart(6)} rows  ${l.sql}`);
  }
  // Sequential timings
  console.log('sequential, whole compute via FiguresService:');
  for (let run = 0; run < 2; run++) {
    const t = performance.now();
    await figs.compute(user, { code: '510000', name: '四川省', level: 'province', prefix: '51' }, {}, { kind: 'month', key: '2026-10', startsAt: window.from, endsAt: window.to, fromDate: '2026-10-01', toDate: '2026-10-31', label: 'x' } as any, group, settings, NOW);
    console.log(`   compute ${(performance.now() - t).toFixed(0)} ms`);
  }
  await app.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
