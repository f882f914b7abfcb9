/**
 * Builds the supervision benchmark database: 16,000 firms and 1,000,000 appeals spread over
 * 2025-01-01 … 2026-11-20 across every Sichuan county, generated set-based in SQL (MariaDB's
 * sequence engine). Usage: BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/qiyuan_bench_sup \
 *   npx ts-node --transpile-only test/bench/supervision-data.ts [appeals]
 */
import { createConnection } from 'mysql2/promise';
import { METRIC_FACT_COLUMNS } from '../../src/appeals/events/metric-facts';
import { recreateDatabaseAndMigrate } from '../../src/cli/database-admin';
import { mysqlOptions } from './bench-db';
import { factDifferences, factsOfRow, foldFacts } from './dataset/metric-facts-fold';

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
           -- Counters only where the life allows them: a redo (then answered again) on closed appeals, an
           -- objection once routed, an extension once signed.
           IF(t.seq % 23 = 0 AND t.status = 'closed', 1, 0),
           IF(t.seq % 31 = 0 AND NOT (t.status IN ('submitted','accepted','rejected') OR (t.status = 'withdrawn' AND t.seq % 2 = 0)), 1, 0),
           IF(t.seq % 17 = 0 AND (t.status IN ('closed','resolved','in_progress','suspended') OR (t.status = 'withdrawn' AND t.seq % 2 = 1)), 1, 0),
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
  // Every appeal's event history, one statement per kind of event, each event recording under
  // payload.facts the metric columns it wrote (src/appeals/events/metric-facts.ts), so folding an
  // appeal's events in seq order gives its row, as supervision's history counts expect.
  for (const e of lifeEvents()) {
    await step(
      `events: ${e.action}${e.label ? ` (${e.label})` : ''}`,
      `INSERT INTO appeal_events (appeal_id, seq, action, actor_role, from_status, to_status, payload, created_at, hash)
      SELECT id, ${e.seq}, '${e.action}', '${e.role}', ${e.from}, ${e.to}, ${e.facts ? `JSON_OBJECT('facts', ${e.facts})` : "'{}'"},
             ${e.at}, REPEAT('f', 64)
        FROM appeals WHERE ${e.where}`,
    );
  }
  await step(
    'event counts',
    'UPDATE appeals a JOIN (SELECT appeal_id, COUNT(*) AS n FROM appeal_events GROUP BY appeal_id) e ON e.appeal_id = a.id SET a.event_count = e.n, a.version = e.n',
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
  await checkFacts();
  console.log(`built ${APPEALS} appeals in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** A DATETIME(3) as metricFactsOf writes it: ISO-8601 UTC with milliseconds (the columns hold UTC). */
const iso = (column: string) =>
  `IF(${column} IS NULL, NULL, CONCAT(DATE_FORMAT(${column}, '%Y-%m-%dT%H:%i:%s.'), LPAD(MICROSECOND(${column}) DIV 1000, 3, '0'), 'Z'))`;
const facts = (pairs: Record<string, string>) =>
  `JSON_OBJECT(${Object.entries(pairs)
    .map(([column, sql]) => `'${column}', ${sql}`)
    .join(', ')})`;

interface LifeEvent {
  action: string;
  label?: string;
  role: string;
  /** Which appeals have this event. */
  where: string;
  /** Its seq: one plus the number of events before it in that appeal's life. */
  seq: string;
  from: string;
  to: string;
  at: string;
  facts?: string;
}

/**
 * The appeals' lives, consistent with their rows: submit (every metric column's initial value),
 * accept or reject, route (lead department, assignment, resolution deadline), a denied objection,
 * sign, an approved extension, a suspension, a first answer sent back by an unsatisfied firm, the
 * answer, the verification, a withdrawal.
 */
function lifeEvents(): LifeEvent[] {
  const accepted = '(accepted_at IS NOT NULL)';
  const routed = '(assigned_at IS NOT NULL)';
  const signed = '(signed_at IS NOT NULL)';
  const objected = '(objection_count > 0)';
  const extended = '(extension_count > 0)';
  const redone = '(redo_count > 0)';
  const afterRoute = `1 + ${accepted} + ${routed}`;
  const afterSign = `${afterRoute} + 2 * ${objected} + ${signed}`;
  const afterHandling = `${afterSign} + 2 * ${extended}`;
  const firstAnswerAt = 'signed_at + INTERVAL TIMESTAMPDIFF(SECOND, signed_at, resolved_at) DIV 3 SECOND';
  const redoAt = 'signed_at + INTERVAL 2 * (TIMESTAMPDIFF(SECOND, signed_at, resolved_at) DIV 3) SECOND';
  // The submission records every metric column's initial value.
  const initial: Record<string, string> = Object.fromEntries(METRIC_FACT_COLUMNS.map((column) => [column, 'NULL']));
  Object.assign(initial, {
    sla_policy_id: 'sla_policy_id',
    submitted_at: iso('submitted_at'),
    response_due_at: iso('response_due_at'),
    verified_on_behalf: '0',
    redo_count: '0',
    objection_count: '0',
    extension_count: '0',
  });
  return [
    {
      action: 'submit', role: 'enterprise', where: 'TRUE', seq: '1', from: 'NULL', to: "'submitted'", at: 'submitted_at',
      facts: facts(initial),
    },
    { action: 'reject', role: 'officer', where: "status = 'rejected'", seq: '2', from: "'submitted'", to: "'rejected'", at: 'submitted_at + INTERVAL 3 HOUR' },
    { action: 'accept', role: 'officer', where: accepted, seq: '2', from: "'submitted'", to: "'accepted'", at: 'accepted_at' },
    {
      action: 'route', role: 'officer', where: routed, seq: afterRoute, from: "'accepted'", to: "'assigned'", at: 'assigned_at',
      facts: facts({ lead_department_id: 'lead_department_id', assigned_at: iso('assigned_at'), resolution_due_at: iso('resolution_due_at') }),
    },
    { action: 'object', role: 'handler', where: objected, seq: `${afterRoute} + 1`, from: "'assigned'", to: "'assigned'", at: 'assigned_at', facts: facts({ objection_count: '1' }) },
    { action: 'deny_objection', role: 'supervisor', where: objected, seq: `${afterRoute} + 2`, from: "'assigned'", to: "'assigned'", at: 'assigned_at' },
    { action: 'sign', role: 'handler', where: signed, seq: afterSign, from: "'assigned'", to: "'in_progress'", at: 'signed_at', facts: facts({ signed_at: iso('signed_at') }) },
    { action: 'request_extension', role: 'handler', where: extended, seq: `${afterSign} + 1`, from: "'in_progress'", to: "'in_progress'", at: 'signed_at' },
    {
      action: 'approve_extension', role: 'supervisor', where: extended, seq: `${afterSign} + 2`, from: "'in_progress'", to: "'in_progress'", at: 'signed_at',
      facts: facts({ extension_count: '1' }),
    },
    { action: 'suspend', role: 'handler', where: "status = 'suspended'", seq: `${afterHandling} + 1`, from: "'in_progress'", to: "'suspended'", at: 'signed_at + INTERVAL 1 HOUR' },
    {
      action: 'resolve', label: 'first answer, sent back', role: 'handler', where: redone, seq: `${afterHandling} + 1`, from: "'in_progress'", to: "'resolved'",
      at: firstAnswerAt, facts: facts({ resolved_at: iso(firstAnswerAt), closure_type: "'explained'" }),
    },
    {
      action: 'verify', label: 'unsatisfied: redo', role: 'enterprise', where: redone, seq: `${afterHandling} + 2`, from: "'resolved'", to: "'in_progress'", at: redoAt,
      facts: facts({ verified_at: iso(redoAt), solved: "'no'", satisfaction: "'dissatisfied'", verified_on_behalf: '0', redo_count: '1' }),
    },
    {
      action: 'resolve', role: 'handler', where: 'resolved_at IS NOT NULL', seq: `${afterHandling} + 2 * ${redone} + 1`, from: "'in_progress'", to: "'resolved'",
      at: 'resolved_at', facts: facts({ resolved_at: iso('resolved_at'), closure_type: 'closure_type' }),
    },
    {
      action: 'verify', role: 'enterprise', where: "status = 'closed'", seq: `${afterHandling} + 2 * ${redone} + 2`, from: "'resolved'", to: "'closed'", at: 'closed_at',
      facts: facts({ verified_at: iso('verified_at'), closed_at: iso('closed_at'), solved: 'solved', satisfaction: 'satisfaction', verified_on_behalf: 'verified_on_behalf' }),
    },
    {
      action: 'withdraw', role: 'enterprise', where: "status = 'withdrawn'", seq: `${afterHandling} + 1`, from: `IF(${signed}, 'in_progress', 'accepted')`,
      to: "'withdrawn'", at: `IF(${signed}, signed_at, accepted_at) + INTERVAL 1 HOUR`,
    },
  ]; // prettier-ignore
}

/** Proves the contract on a sample: each appeal's events' facts fold to its row. */
async function checkFacts(): Promise<void> {
  const db = await createConnection(mysqlOptions(url));
  try {
    const [appeals] = (await db.query(
      `(SELECT id, status, ${METRIC_FACT_COLUMNS.join(', ')} FROM appeals ORDER BY RAND(7) LIMIT 300)
       UNION (SELECT id, status, ${METRIC_FACT_COLUMNS.join(', ')} FROM appeals WHERE redo_count + objection_count + extension_count > 0 ORDER BY RAND(7) LIMIT 100)`,
    )) as unknown as [Array<Record<string, unknown> & { id: number; status: string }>];
    const problems: string[] = [];
    for (const appeal of appeals) {
      const [events] = (await db.query('SELECT seq, to_status, payload FROM appeal_events WHERE appeal_id = ? ORDER BY seq', [
        appeal.id,
      ])) as unknown as [Array<{ seq: number; to_status: string; payload: string | Record<string, unknown> }>];
      const differences = factDifferences(foldFacts(events.map((e) => e.payload)), factsOfRow(appeal));
      if (events.some((e, i) => e.seq !== i + 1)) differences.push(`seqs ${events.map((e) => e.seq).join(',')}`);
      if (events[events.length - 1]?.to_status !== appeal.status)
        differences.push(`last event leads to ${events[events.length - 1]?.to_status}, status is ${appeal.status}`);
      if (differences.length) problems.push(`appeal ${appeal.id}: ${differences.join('; ')}`);
    }
    if (problems.length)
      throw new Error(`${problems.length} of ${appeals.length} sampled appeals break the metric-facts contract, e.g. ${problems[0]}`);
    console.log(`metric facts fold to the row for ${appeals.length} sampled appeals`);
  } finally {
    await db.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
