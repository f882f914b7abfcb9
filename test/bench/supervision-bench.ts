/**
 * Times the supervision endpoints on the benchmark database (see supervision-data.ts) and
 * measures the peak memory of a ~100,000-row ledger export. Usage:
 *   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/qiyuan_bench_sup npx ts-node --transpile-only test/bench/supervision-bench.ts
 */
const url = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_bench_sup';
Object.assign(process.env, {
  DATABASE_URL: url,
  LOG_LEVEL: 'silent',
  SWEEP_ENABLED: 'false',
  OUTBOX_WORKER_ENABLED: 'false',
  PASSWORD_HASH_MEMORY_KIB: '1024',
  PASSWORD_HASH_TIME_COST: '1',
});

import * as argon2 from 'argon2';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { FixedClock } from '../../src/common/clock/clock';
import { ReportFreezerCron } from '../../src/supervision/reports/report-freezer.cron';
import { SupervisionCalendar } from '../../src/supervision/calendar/supervision-calendar.service';
import { FiguresService } from '../../src/supervision/metrics/figures.service';
import { GroupCounts } from '../../src/supervision/metrics/group-figures';
import { MetricCountsRepository, type GroupColumn } from '../../src/supervision/metrics/metric-counts.repository';
import type { AuthUser } from '../../src/common/auth/auth-user';
import type { INestApplication } from '@nestjs/common';

const NOW = new Date('2026-11-20T02:00:00Z');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/**
 * all (default), timings (everything but the export), export (the memory measurement alone, in a
 * fresh process), dashboard, or profile (each metric family's query alone, with its plan, and the
 * JavaScript half; BENCH_GROUP picks the grouping, default city).
 */
const ONLY = process.env.BENCH_ONLY ?? 'all';

async function main(): Promise<void> {
  const app = await createApp({ clock: new FixedClock(NOW) });
  if (ONLY === 'profile') {
    await profile(app, (process.env.BENCH_GROUP ?? 'city') as GroupColumn);
    await app.close();
    return;
  }
  const http = () => request(app.getHttpServer());
  const db = app.get(DataSource);
  const hash = await argon2.hash('Bench-password-1', { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  const bearer = async (username: string, regionCode: string) => {
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES (?, ?, ?, 'supervisor', ?)
       ON DUPLICATE KEY UPDATE password_hash = VALUES(password_hash)`,
      [username, hash, username, regionCode],
    );
    const login = await http().post('/api/auth/login').send({ username, password: 'Bench-password-1' });
    return `Bearer ${login.body.accessToken as string}`;
  };
  const province = await bearer('bench_province', '510000');
  const chengdu = await bearer('bench_chengdu', '510100');
  const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM appeals');
  console.log(`appeals: ${n}`);

  const time = async (label: string, path: string, auth: string) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const t = performance.now();
      const response = await http().get(path).set('Authorization', auth);
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      times.push(performance.now() - t);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `${label.padEnd(58)} first ${times[0].toFixed(0).padStart(5)} ms   median ${sorted[Math.floor(RUNS / 2)].toFixed(0).padStart(5)} ms`,
    );
  };
  if (ONLY === 'dashboard') {
    const freezer = app.get(ReportFreezerCron);
    let t0 = performance.now();
    console.log(`freezer: ${(await freezer.runOnce()).length} reports frozen in ${(performance.now() - t0).toFixed(0)} ms`);
    t0 = performance.now();
    await freezer.refreshLive();
    console.log(`live figures refreshed in ${(performance.now() - t0).toFixed(0)} ms`);
    await time('dashboard (province)', '/api/supervision/dashboard', province);
    await time('dashboard (Chengdu)', '/api/supervision/dashboard', chengdu);
    await app.close();
    return;
  }
  if (ONLY === 'all' || ONLY === 'timings') {
    await time('metrics, month, 21 cities (province)', '/api/supervision/metrics?groupBy=city&period=month&key=2026-10', province);
    await time('metrics, month, counties of Chengdu (city)', '/api/supervision/metrics?groupBy=county&period=month&key=2026-10', chengdu);
    await time(
      'metrics, month, by department (province)',
      '/api/supervision/metrics?groupBy=department&period=month&key=2026-10',
      province,
    );
    await time('rankings, month, cities with previous month (province)', '/api/supervision/rankings?period=month&key=2026-10', province);
    await time('dashboard (province)', '/api/supervision/dashboard', province);
    await time('dashboard (Chengdu)', '/api/supervision/dashboard', chengdu);
    await time('trend, 12 months (province)', '/api/supervision/trend?kind=month&from=2025-12-01&to=2026-11-20', province);
    await time('queue overdue, page 1 (province)', '/api/supervision/queues/overdue', province);
    await time('queue unaccepted, page 1 (Chengdu)', '/api/supervision/queues/unaccepted', chengdu);

    await db.query("DELETE FROM report_snapshots WHERE period_key = '2026-10' AND scope_region_code = '510000'");
    let t = performance.now();
    const report = await http()
      .post('/api/supervision/reports')
      .set('Authorization', province)
      .send({ periodKind: 'month', key: '2026-10' });
    console.log(
      `freeze report 2026-10 (province): ${(performance.now() - t).toFixed(0)} ms, status ${report.status}, ${JSON.stringify(report.body.figures).length} bytes`,
    );
    t = performance.now();
    const verify = await http()
      .get(`/api/supervision/reports/${report.body.id as number}/verify`)
      .set('Authorization', province);
    console.log(`verify it: ${(performance.now() - t).toFixed(0)} ms, ok ${verify.body.ok}`);
  }
  if (ONLY === 'timings') {
    await app.close();
    return;
  }
  // The ledger: ~100,000 rows streamed; the client only counts bytes.
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const [{ rows }] = await db.query(
    "SELECT COUNT(*) AS `rows` FROM appeals WHERE submitted_at >= '2025-12-31T16:00:00' AND submitted_at < '2026-03-15T16:00:00'",
  );
  const t = performance.now();
  let bytes = 0;
  const response = await http()
    .get('/api/supervision/exports/ledger.xlsx?submittedFrom=2026-01-01&submittedTo=2026-03-15')
    .set('Authorization', province)
    .buffer(true)
    .parse((res, done) => {
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => done(null, null));
    });
  clearInterval(sampler);
  const mb = (v: number) => `${(v / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `ledger export: ${rows} rows, ${mb(bytes)} xlsx, ${((performance.now() - t) / 1000).toFixed(1)} s, status ${response.status}; ` +
      `RSS ${mb(baseline.rss)} → peak ${mb(peakRss)}, heap ${mb(baseline.heapUsed)} → peak ${mb(peakHeap)}`,
  );
  await app.close();
}

/**
 * Where a month of the province's metrics spends its time: the metric-family queries run one at
 * a time (the service runs them in parallel) with MariaDB's plan for each, then the JavaScript
 * half — handling times in working days and the figures — timed on its own.
 */
async function profile(app: INestApplication, group: GroupColumn): Promise<void> {
  const db = app.get(DataSource);
  const counts = app.get(MetricCountsRepository);
  const figures = app.get(FiguresService);
  const calendar = app.get(SupervisionCalendar);
  const settings = await figures.currentSettings();
  const system = { id: 0, role: 'admin', regionCode: '510000', regionLevel: 'province', reachPrefix: '' } as AuthUser;
  const window = { from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-10-31T16:00:00Z') };
  const query = db.query.bind(db);
  const log: Array<{ sql: string; params: unknown[]; ms: number; rows: number }> = [];
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = (sql: string, params?: unknown[]) => {
    const run = queue.then(async () => {
      const t = performance.now();
      const rows: unknown = await query(sql, params);
      log.push({ sql, params: params ?? [], ms: performance.now() - t, rows: Array.isArray(rows) ? rows.length : 0 });
      return rows;
    });
    queue = run.catch(() => undefined);
    return run;
  };
  Object.assign(db, { query: serialised });
  const workingTime = await calendar.indexFor(settings.workingHours);
  console.log(`month 2026-10, province, grouped by ${group}; each query alone (best of 3):`);
  const best = new Map<string, { ms: number; rows: number; params: unknown[] }>();
  let js = Infinity;
  for (let run = 0; run < 3; run += 1) {
    log.length = 0;
    const [raw] = await counts.countByGroups(system, { regionCode: '510000' }, window, [group]);
    for (const entry of log) {
      const seen = best.get(entry.sql);
      if (!seen || entry.ms < seen.ms) best.set(entry.sql, entry);
    }
    const t = performance.now();
    const grouped = GroupCounts.from(raw, workingTime);
    for (const key of grouped.keys()) grouped.figures(key, key, settings.basicallySatisfiedCounts);
    grouped.total().figures('all', 'all', settings.basicallySatisfiedCounts);
    js = Math.min(js, performance.now() - t);
  }
  Object.assign(db, { query });
  let total = 0;
  for (const [sql, { ms, rows, params }] of best) {
    total += ms;
    const family = /WHERE\s+a\.(\w+)/.exec(sql)?.[1] ?? '?';
    const plan: Array<Record<string, unknown>> = await db.query(`EXPLAIN ${sql}`, params);
    const access = plan
      .filter((step) => step.table === 'a' || step.table === 'f' || step.table === 'p')
      .map(
        (step) =>
          `${String(step.table)}:${String(step.key)}${String(step.Extra).includes('Using index;') || String(step.Extra).endsWith('Using index') ? ' (index only)' : ''}`,
      )
      .join(', ');
    console.log(`  ${ms.toFixed(1).padStart(7)} ms ${String(rows).padStart(6)} rows  ${family.padEnd(18)} ${access}`);
  }
  console.log(`  ${total.toFixed(1).padStart(7)} ms in SQL; handling times and figures in JavaScript: ${js.toFixed(1)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
