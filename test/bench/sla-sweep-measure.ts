/**
 * Measures the SLA sweep on a large table: 1,000,000 appeals of which 200,000 open, 10,000 of
 * them due for a change (5,000 turn yellow, 3,000 go red with a reminder, 1,000 get a supervision
 * order, 1,000 auto-close), then a second run that finds nothing to do, then 10,000 light-only changes.
 *
 *   SWEEP_BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/qiyuan_bench_sla \
 *     npx ts-node --transpile-only test/bench/sla-sweep-measure.ts [--appeals=1000000] [--open=200000] [--batch=1000] [--keep]
 *
 * `--keep` reuses the table from an earlier run (re-arming the 10,000 due rows) instead of regenerating it.
 */
import { createConnection, type Connection } from 'mysql2/promise';

const url = process.env.SWEEP_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_bench_sla';
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const APPEALS = arg('appeals', 1_000_000);
const OPEN = arg('open', 200_000);
const KEEP = process.argv.includes('--keep');
const BATCH = arg('batch', 1000);

// Tuesday 2026-03-10 10:00 in Chengdu.
const NOW = new Date('2026-03-10T02:00:00Z');
const sql = (d: Date) => d.toISOString().slice(0, 23).replace('T', ' ');

async function step(db: Connection, label: string, statement: string): Promise<void> {
  const t = Date.now();
  await db.query(statement);
  console.log(`  ${label}: ${Date.now() - t} ms`);
}

async function generate(db: Connection): Promise<void> {
  await step(
    db,
    'users',
    `INSERT INTO users (username, password_hash, display_name, role, region_code)
    SELECT CONCAT('officer', seq), 'x', CONCAT('专员', seq), 'officer', '510104' FROM seq_1_to_5`,
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
    SELECT CONCAT('handler', d.id, '_', s.seq), 'x', '办理人', 'handler', '510104', d.id, s.seq = 1 FROM departments d JOIN seq_1_to_3 s`,
  );
  await step(
    db,
    'supervisors',
    `INSERT INTO users (username, password_hash, display_name, role, region_code)
    VALUES ('sup1', 'x', '督办', 'supervisor', '510100'), ('sup2', 'x', '督办', 'supervisor', '510000')`,
  );
  await step(
    db,
    'enterprises',
    `INSERT INTO enterprises (credit_code, name, region_code, industry, scale, officer_id)
    SELECT CONCAT('91510104', LPAD(seq, 9, '0'), 'X'), CONCAT('企业', seq), '510104', 'other', 'above', 1 + seq % 5 FROM seq_1_to_100`,
  );
  const closedUntil = APPEALS - OPEN;
  await step(
    db,
    `appeals (${APPEALS})`,
    `INSERT INTO appeals (number, enterprise_id, region_code, city_code, officer_id, submitted_by, channel,
        category_id, kind, title, description, urgency, level, status, lead_department_id, objected_department_ids, submitted_at,
        signed_at, resolution_started_at, resolution_due_at, current_due_at, yellow_at, next_check_at, closed_at)
    SELECT CONCAT('B', LPAD(seq, 10, '0')), 1 + seq % 100, '510104', '510100', 1 + seq % 5, 1, 'portal', 1 + seq % 17, 'help',
           CONCAT('诉求', seq), '基准数据', 'normal', 'county', IF(seq <= ${closedUntil}, 'closed', 'in_progress'), 1 + seq % 20, '[]',
           '2025-06-01', '2025-06-01', '2025-06-01', '2026-04-30 09:30', '2026-04-30 09:30', '2026-04-20 09:30',
           IF(seq <= ${closedUntil}, NULL, '2026-04-20 09:30' + INTERVAL (seq % 1000) MINUTE), IF(seq <= ${closedUntil}, '2025-07-01', NULL)
      FROM seq_1_to_${APPEALS}`,
  );
}

/** Re-arms the 10,000 rows that change: the same rows every run, so runs are comparable. */
async function arm(db: Connection, lightsOnly: boolean): Promise<void> {
  const first = APPEALS - OPEN + 1;
  const range = (from: number, to: number) => `id BETWEEN ${first + from} AND ${first + to - 1}`;
  const base = `supervision_level = 'none', resolution_overdue = 0, overdue_since = NULL, auto_closed = 0, closed_at = NULL, verification_due_at = NULL`;
  const now = NOW.getTime();
  await step(
    db,
    'reset',
    `UPDATE appeals SET status = 'in_progress', warning_light = 'green', ${base},
      current_due_at = '2026-04-30 09:30', resolution_due_at = '2026-04-30 09:30', yellow_at = '2026-04-20 09:30',
      next_check_at = '2026-04-20 09:30' + INTERVAL (id % 1000) MINUTE
    WHERE ${range(0, 10_000)}`,
  );
  if (lightsOnly) {
    await step(
      db,
      'arm 10,000 yellow',
      `UPDATE appeals SET yellow_at = '${sql(new Date(now - 60_000))}', next_check_at = yellow_at,
        current_due_at = '2026-03-12 09:30' WHERE ${range(0, 10_000)}`,
    );
    return;
  }
  await step(
    db,
    'arm',
    `UPDATE appeals SET
      current_due_at = CASE WHEN id < ${first + 5000} THEN '2026-03-12 09:30'
                            WHEN id < ${first + 8000} THEN '${sql(new Date(now - 30 * 60_000))}'
                            WHEN id < ${first + 9000} THEN '2026-03-05 09:30' ELSE current_due_at END,
      yellow_at = IF(id < ${first + 5000}, '${sql(new Date(now - 60_000))}', yellow_at),
      warning_light = CASE WHEN id < ${first + 5000} THEN 'green' WHEN id < ${first + 8000} THEN 'yellow' ELSE 'red' END,
      supervision_level = IF(id BETWEEN ${first + 8000} AND ${first + 8999}, 'reminder', 'none'),
      resolution_overdue = IF(id BETWEEN ${first + 8000} AND ${first + 8999}, 1, 0),
      status = IF(id >= ${first + 9000}, 'resolved', 'in_progress'),
      verification_due_at = IF(id >= ${first + 9000}, '${sql(new Date(now - 3600_000))}', NULL),
      next_check_at = LEAST(IFNULL(yellow_at, current_due_at), current_due_at)
    WHERE ${range(0, 10_000)}`,
  );
  await step(
    db,
    'next check',
    `UPDATE appeals SET next_check_at = IF(status = 'resolved', verification_due_at, IF(warning_light = 'green', yellow_at, current_due_at))
    WHERE ${range(0, 10_000)}`,
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
  const { SlaSweepService } = await import('../../src/sla/sweep/sla-sweep.service');

  if (!KEEP) {
    console.log(`Generating ${APPEALS.toLocaleString()} appeals (${OPEN.toLocaleString()} open) in ${url}`);
    await recreateDatabaseAndMigrate(url);
  }
  const db = await createConnection({ uri: url, timezone: 'Z' });
  if (!KEEP) {
    await generate(db);
    await step(db, 'analyze', 'ANALYZE TABLE appeals');
  }
  const app = await createApp({ clock: new FixedClock(NOW) });
  const sweep = app.get(SlaSweepService);
  const run = async (label: string) => {
    const report = await sweep.runOnce({ batchSize: BATCH });
    const changed = report.turnedYellow + report.turnedRed + report.ladderSteps + report.autoClosed;
    console.log(
      `${label}: ${report.ms} ms — examined ${report.examined}, yellow ${report.turnedYellow}, red ${report.turnedRed}, ` +
        `ladder steps ${report.ladderSteps}, orders ${report.supervisionOrders}, auto-closed ${report.autoClosed} ` +
        `(${changed} changes, ${report.batches} batches, ${report.updateStatements} UPDATE statements) ${JSON.stringify(report.phaseMs)}`,
    );
  };
  try {
    await sweep.runOnce(); // warm the calendar and settings caches
    console.log('Mixed changes:');
    await arm(db, false);
    await run('sweep, 10,000 due (events, notifications, orders)');
    await run('sweep again, nothing due');
    console.log('Light changes only:');
    await arm(db, true);
    await run('sweep, 10,000 turn yellow');
    await run('sweep again, nothing due');
    const [[counts]] = (await db.query(
      'SELECT (SELECT COUNT(*) FROM appeals) AS appeals, (SELECT COUNT(*) FROM appeals WHERE is_open = 1) AS open_appeals, (SELECT COUNT(*) FROM appeal_events) AS events, (SELECT COUNT(*) FROM notifications) AS notifications',
    )) as unknown as [[Record<string, number>]];
    console.log('Table sizes:', counts);
  } finally {
    await app.close();
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
