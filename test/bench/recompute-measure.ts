/**
 * Measures recomputing provisional deadlines when a year is declared: 200,000 open appeals whose
 * resolution deadline is provisional (counted into January 2027 while the calendar ended on
 * 31 December 2026), then the (invented, test-only) 2027 schedule is declared and the recompute
 * runs; a second run must find nothing. Prints time, statements, examined and changed rows.
 *
 *   RECOMPUTE_BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/qiyuan_bench_cal \
 *     npx ts-node --transpile-only test/bench/recompute-measure.ts [--appeals=200000] [--batch=5000]
 *
 * Every SQL statement the recompute sends is counted (and timed by kind) at TypeORM's query
 * entry point, and the machine's load average is printed before and after: the machine is shared.
 *
 * MariaDB only (it generates rows from the seq_1_to_N sequence engine). Recreates the database.
 */
import { loadavg } from 'node:os';
import { createConnection, type Connection } from 'mysql2/promise';
import { inventedDays } from '../fixtures/invented-2027-schedule';

const url = process.env.RECOMPUTE_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_bench_cal';
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const APPEALS = arg('appeals', 200_000);
const BATCH = arg('batch', 5000);

// Declared on Monday 21 December 2026, 10:00 in Chengdu (the notice usually comes in November or December).
const NOW = new Date('2026-12-21T02:00:00Z');

async function step(db: Connection, label: string, statement: string, params: unknown[] = []): Promise<void> {
  const t = Date.now();
  await db.query(statement, params);
  console.log(`  ${label}: ${Date.now() - t} ms`);
}

async function generate(db: Connection): Promise<void> {
  await step(
    db,
    'officer',
    `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES ('officer1', 'x', '专员', 'officer', '510104')`,
  );
  await step(
    db,
    'departments',
    `INSERT INTO departments (name, region_code, level) SELECT CONCAT('部门', seq), '510104', 'county' FROM seq_1_to_20`,
  );
  await step(
    db,
    'handlers',
    `INSERT INTO users (username, password_hash, display_name, role, region_code, department_id, is_department_head)
     SELECT CONCAT('handler', d.id), 'x', '办理人', 'handler', '510104', d.id, 1 FROM departments d`,
  );
  await step(
    db,
    'enterprises',
    `INSERT INTO enterprises (credit_code, name, region_code, industry, scale, officer_id)
     SELECT CONCAT('91510104', LPAD(seq, 9, '0'), 'X'), CONCAT('企业', seq), '510104', 'other', 'above', 1 FROM seq_1_to_100`,
  );
  // Routed 18–31 December with 7 working days: due on a weekday of 4–12 January 2027, counted provisionally.
  await step(
    db,
    `appeals (${APPEALS}, every one with a provisional deadline)`,
    `INSERT INTO appeals (number, enterprise_id, region_code, city_code, officer_id, submitted_by, channel, category_id, kind, title,
        description, urgency, level, status, lead_department_id, objected_department_ids, sla_policy_id, submitted_at, assigned_at,
        signed_at, resolution_started_at, resolution_due_at, resolution_due_basis, current_due_at, current_due_basis, yellow_at,
        next_check_at)
     SELECT CONCAT('R', LPAD(seq, 10, '0')), 1 + seq % 100, '510104', '510100', 1, 1, 'portal', 1 + seq % 17, 'help', CONCAT('诉求', seq),
            '基准数据', 'normal', 'county', 'in_progress', 1 + seq % 20, '[]', 1, '2026-12-18 02:00', '2026-12-18 02:00', '2026-12-18 03:00',
            '2026-12-18 02:00', d.due, 'provisional', d.due, 'provisional', '2026-12-29 09:30', '2026-12-29 09:30'
       FROM seq_1_to_${APPEALS}
       JOIN (SELECT 0 AS k, '2027-01-04 09:30' AS due UNION ALL SELECT 1, '2027-01-05 09:30' UNION ALL SELECT 2, '2027-01-06 09:30'
             UNION ALL SELECT 3, '2027-01-07 09:30' UNION ALL SELECT 4, '2027-01-08 09:30' UNION ALL SELECT 5, '2027-01-11 09:30'
             UNION ALL SELECT 6, '2027-01-12 09:30') d ON d.k = seq % 7`,
  );
}

async function main(): Promise<void> {
  process.env.DATABASE_URL = url;
  process.env.SWEEP_ENABLED = 'false';
  process.env.OUTBOX_WORKER_ENABLED = 'false';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  const { recreateDatabaseAndMigrate } = await import('../../src/cli/database-admin');
  const { createApp } = await import('../../src/app.factory');
  const { FixedClock } = await import('../../src/common/clock/clock');
  const { DeadlineRecomputeService } = await import('../../src/sla/recompute/deadline-recompute.service');
  const { CalendarApiService } = await import('../../src/sla/calendar/calendar-api.service');

  console.log(`Generating ${APPEALS.toLocaleString()} open appeals with provisional deadlines in ${url}`);
  await recreateDatabaseAndMigrate(url);
  const db = await createConnection({ uri: url, timezone: 'Z' });
  await generate(db);
  await step(db, 'analyze', 'ANALYZE TABLE appeals');
  const days = inventedDays();
  await step(
    db,
    'invented 2027 schedule (test data, not the State Council notice)',
    `INSERT INTO calendar_days (day, kind, name, source, updated_by, updated_at) VALUES ${days.map(() => "(?, ?, ?, 'admin', NULL, ?)").join(', ')}`,
    days.flatMap((d) => [d.date, d.kind, d.name, NOW]),
  );

  // Count and time every statement at TypeORM's entry point (transactions' managers included).
  const { EntityManager } = await import('typeorm');
  const byKind = new Map<string, { n: number; ms: number }>();
  let counting = false;
  const query = EntityManager.prototype.query;
  EntityManager.prototype.query = async function (this: InstanceType<typeof EntityManager>, sql: string, params?: unknown[]) {
    const t0 = performance.now();
    try {
      return await query.call(this, sql, params);
    } finally {
      if (counting) {
        const kind = sql.replace(/\s+/g, ' ').trim().slice(0, 48);
        const e = byKind.get(kind) ?? { n: 0, ms: 0 };
        e.n += 1;
        e.ms += performance.now() - t0;
        byKind.set(kind, e);
      }
    }
  } as typeof query;
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');

  const app = await createApp({ clock: new FixedClock(NOW) });
  try {
    const admin = { id: 1, role: 'admin' } as never;
    await app.get(CalendarApiService).declareYear(admin, { year: 2027, note: 'bench (invented schedule)' });
    const [[{ events: eventsBefore }]] = (await db.query('SELECT COUNT(*) AS events FROM appeal_events')) as unknown as [
      [{ events: number }],
    ];
    const recompute = app.get(DeadlineRecomputeService);
    const loadBefore = load();
    counting = true;
    const t = Date.now();
    const [report] = await recompute.runPending({ batchSize: BATCH });
    const ms = Date.now() - t;
    counting = false;
    const loadAfter = load();
    const [[counts]] = (await db.query(
      `SELECT (SELECT COUNT(*) FROM appeals WHERE has_provisional = 1) AS still_provisional,
              (SELECT COUNT(*) FROM appeal_events) AS events,
              (SELECT COUNT(*) FROM appeals WHERE resolution_due_basis = 'statutory') AS statutory`,
    )) as unknown as [[{ still_provisional: number; events: number; statutory: number }]];
    const [job] = await recompute.list();
    console.log(
      JSON.stringify(
        {
          appeals: APPEALS,
          batch: BATCH,
          ms,
          batches: report.batches,
          statements: report.statements,
          statementsSent: [...byKind.values()].reduce((a, b) => a + b.n, 0),
          loadAverage: { before: loadBefore, after: loadAfter, note: '1 / 5 / 15 min' },
          byKind: [...byKind.entries()]
            .sort((a, b) => b[1].ms - a[1].ms)
            .map(([kind, { n, ms: kindMs }]) => `${n} × ${kind}… ${Math.round(kindMs)} ms`),
          examined: report.examined,
          changedRows: report.moved,
          eventsWritten: Number(counts.events) - Number(eventsBefore),
          stillProvisional: Number(counts.still_provisional),
          statutoryAfter: Number(counts.statutory),
          shiftDays: job.shiftDays,
        },
        null,
        2,
      ),
    );
    const t2 = Date.now();
    const second = await recompute.runPending({ batchSize: BATCH });
    console.log(`second run: ${Date.now() - t2} ms, ${second.length} jobs (nothing pending)`);
  } finally {
    await app.close();
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
