/**
 * Builds the supervision benchmark database: 16,000 firms and 1,000,000 appeals spread over
 * 2025-01-01 … 2026-11-20 across every Sichuan county, generated set-based in SQL (MariaDB's
 * sequence engine). Usage: BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/qiyuan_bench_sup \
 *   npx ts-node --transpile-only test/bench/supervision-data.ts [appeals]
 */
import { createConnection } from 'mysql2/promise';
import { recreateDatabaseAndMigrate } from '../../src/cli/database-admin';

const url = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_bench_sup';
const APPEALS = Number(process.argv[2] ?? 1_000_000);
const FIRMS = 16_000;

async function main(): Promise<void> {
  const started = Date.now();
  await recreateDatabaseAndMigrate(url);
  const db = await createConnection({ uri: url, multipleStatements: true });
  const step = async (label: string, sql: string) => {
    const t = Date.now();
    await db.query(sql);
    console.log(`${label}: ${Date.now() - t} ms`);
  };
  await step(
    'users',
    `INSERT INTO users (username, password_hash, display_name, role, region_code)
    SELECT CONCAT('officer', code), 'x', CONCAT('专员', code), 'officer', code FROM regions WHERE level = 'county'`,
  );
  await step(
    'departments',
    `INSERT INTO departments (name, region_code, level)
    SELECT CONCAT(name, '经信局'), code, level FROM regions WHERE level IN ('county', 'city')`,
  );
  await step(
    'county numbering',
    `CREATE TEMPORARY TABLE counties (n INT PRIMARY KEY, code CHAR(6)) AS
    SELECT ROW_NUMBER() OVER (ORDER BY code) - 1 AS n, code FROM regions WHERE level = 'county'`,
  );
  const [[{ c }]] = (await db.query('SELECT COUNT(*) AS c FROM counties')) as unknown as [[{ c: number }]];
  await step(
    'enterprises',
    `INSERT INTO enterprises (credit_code, name, region_code, industry, scale, officer_id)
    SELECT CONCAT('91', k.code, LPAD(s.seq, 9, '0'), 'X'), CONCAT('企业', s.seq), k.code, 'other', 'above', u.id
      FROM seq_1_to_${FIRMS} s JOIN counties k ON k.n = s.seq % ${c} JOIN users u ON u.username = CONCAT('officer', k.code)`,
  );
  // Status by seq % 100: 0–69 closed, 70–74 resolved, 75–84 in_progress, 85–87 submitted, 88–89 accepted,
  // 90–91 assigned, 92–93 suspended, 94–96 rejected, 97–99 withdrawn.
  await step(
    'appeals',
    `INSERT INTO appeals (number, enterprise_id, region_code, city_code, officer_id, submitted_by, channel, category_id,
        kind, title, description, urgency, level, status, lead_department_id, objected_department_ids, submitted_at, accepted_at,
        assigned_at, signed_at, response_due_at, resolution_started_at, resolution_due_at, resolved_at, verified_at, closed_at,
        current_due_at, warning_light, closure_type, solved, satisfaction, redo_count, objection_count, extension_count, updated_at)
    SELECT CONCAT('B', LPAD(t.seq, 10, '0')), e.id, e.region_code, CONCAT(LEFT(e.region_code, 4), '00'), e.officer_id, 1, 'portal',
           1 + t.seq % 17, 'help', CONCAT('诉求', t.seq), '基准数据', IF(t.seq % 10 = 0, 'urgent', 'normal'), 'county', t.status,
           IF(t.status IN ('submitted','accepted','rejected') OR (t.status = 'withdrawn' AND t.seq % 2 = 0), NULL, d.id), '[]',
           t.submitted_at,
           IF(t.status IN ('submitted','rejected'), NULL, t.submitted_at + INTERVAL 1 HOUR),
           IF(t.status IN ('submitted','accepted','rejected') OR (t.status = 'withdrawn' AND t.seq % 2 = 0), NULL, t.submitted_at + INTERVAL 2 HOUR),
           IF(t.status IN ('closed','resolved','in_progress','suspended') OR (t.status = 'withdrawn' AND t.seq % 2 = 1),
              t.submitted_at + INTERVAL (2 + t.seq % 30) HOUR, NULL),
           t.submitted_at + INTERVAL 24 HOUR,
           t.submitted_at + INTERVAL 2 HOUR,
           IF(t.status IN ('submitted','accepted','rejected') OR (t.status = 'withdrawn' AND t.seq % 2 = 0), NULL, t.submitted_at + INTERVAL 9 DAY),
           IF(t.status IN ('closed','resolved'), t.submitted_at + INTERVAL (36 + t.seq % 240) HOUR, NULL),
           IF(t.status = 'closed', t.submitted_at + INTERVAL (84 + t.seq % 240) HOUR, NULL),
           IF(t.status = 'closed', t.submitted_at + INTERVAL (84 + t.seq % 240) HOUR, NULL),
           CASE WHEN t.status IN ('closed','rejected','withdrawn') THEN NULL
                WHEN t.status IN ('submitted','accepted') THEN t.submitted_at + INTERVAL 24 HOUR
                ELSE t.submitted_at + INTERVAL 9 DAY END,
           CASE WHEN t.status IN ('closed','rejected','withdrawn','resolved','suspended') THEN 'green'
                WHEN t.submitted_at + INTERVAL 9 DAY < '2026-11-20' THEN 'red'
                WHEN t.seq % 3 = 0 THEN 'yellow' ELSE 'green' END,
           IF(t.status IN ('closed','resolved'), ELT(1 + t.seq % 3, 'resolved', 'partly_resolved', 'explained'), NULL),
           IF(t.status = 'closed', ELT(1 + t.seq % 4, 'yes', 'yes', 'partly', 'no'), NULL),
           IF(t.status = 'closed', ELT(1 + t.seq % 7, 'very_satisfied', 'satisfied', 'satisfied', 'basically_satisfied', 'very_satisfied', 'dissatisfied', 'very_dissatisfied'), NULL),
           IF(t.seq % 23 = 0, 1, 0), IF(t.seq % 31 = 0, 1, 0), IF(t.seq % 17 = 0, 1, 0),
           t.submitted_at + INTERVAL 10 DAY
      FROM (SELECT seq,
                   '2025-01-01' + INTERVAL FLOOR((seq * 104729) % (688 * 86400)) SECOND AS submitted_at,
                   CASE WHEN seq % 100 < 70 THEN 'closed' WHEN seq % 100 < 75 THEN 'resolved' WHEN seq % 100 < 85 THEN 'in_progress'
                        WHEN seq % 100 < 88 THEN 'submitted' WHEN seq % 100 < 90 THEN 'accepted' WHEN seq % 100 < 92 THEN 'assigned'
                        WHEN seq % 100 < 94 THEN 'suspended' WHEN seq % 100 < 97 THEN 'rejected' ELSE 'withdrawn' END AS status
              FROM seq_1_to_${APPEALS}) t
      JOIN enterprises e ON e.id = 1 + (t.seq * 7919) % ${FIRMS}
      JOIN departments d ON d.region_code = e.region_code`,
  );
  await step(
    'events (the rejections and withdrawals reports read)',
    `INSERT INTO appeal_events
        (appeal_id, seq, action, actor_role, from_status, to_status, payload, created_at, hash)
    SELECT id, 1, IF(status = 'rejected', 'reject', 'withdraw'), 'officer', 'submitted', status, '{}', submitted_at + INTERVAL 3 HOUR, REPEAT('f', 64)
      FROM appeals WHERE status IN ('rejected', 'withdrawn')`,
  );
  await step(
    'pauses',
    `INSERT INTO appeal_pauses (appeal_id, started_at, ended_at)
    SELECT id, submitted_at + INTERVAL 26 HOUR, submitted_at + INTERVAL 50 HOUR FROM appeals WHERE status = 'closed' AND id % 9 = 0`,
  );
  await step(
    'supervision orders',
    `INSERT INTO supervision_orders (appeal_id, source, department_id, reply_due_at, created_at)
    SELECT id, 'ladder', lead_department_id, current_due_at + INTERVAL 2 DAY, current_due_at FROM appeals WHERE warning_light = 'red' AND id % 5 = 0`,
  );
  await step('analyze', 'ANALYZE TABLE appeals, appeal_events, appeal_pauses, enterprises');
  await db.end();
  console.log(`built ${APPEALS} appeals in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
