import type { Pool } from 'mysql2/promise';
import { computeEventHash } from '../../src/appeals/events/event-hash';
import type { LatencySummary } from './http-scenarios';
import type { Fixtures } from './fixtures';
import { CpuMeter } from './server';

export interface CeilingResult {
  name: string;
  label: string;
  workers: number;
  poolSize: number;
  durationSeconds: number;
  operations: number;
  opsPerSecond: number;
  latencyMs: LatencySummary;
  failures: number;
  cpuPercent: Record<string, number>;
}

function summarise(latencies: number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10 : 0);
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1), mean: Math.round(mean * 10) / 10 };
}

/** `workers` closed loops sharing a pool the size of the server's, for a fixed time; latency per operation. */
async function closedLoop(
  name: string,
  label: string,
  pool: Pool,
  poolSize: number,
  workers: number,
  seconds: number,
  serverPid: number,
  operation: (worker: number, iteration: number) => Promise<void>,
): Promise<CeilingResult> {
  const latencies: number[] = [];
  let failures = 0;
  const cpu = new CpuMeter(serverPid);
  cpu.begin();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i += 1) {
        const t = performance.now();
        try {
          await operation(worker, i);
          latencies.push(performance.now() - t);
        } catch {
          failures += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    name,
    label,
    workers,
    poolSize,
    durationSeconds: seconds,
    operations: latencies.length,
    opsPerSecond: Math.round((latencies.length / elapsed) * 10) / 10,
    latencyMs: summarise(latencies),
    failures,
    cpuPercent: cpu.end(),
  };
}

/**
 * The rows one enterprise-portal submission leaves behind, written with plain mysql2 in one
 * transaction and as few round trips as the schema allows: the next number of the year, the
 * appeal, its first event (hash-chained) and the appeal's chain head, the officer's inbox entry,
 * and the three outbox deliveries (WeCom and SMS to the officer, the webhook).
 */
export async function rawInsertCeiling(
  pool: Pool,
  poolSize: number,
  fixtures: Fixtures,
  workers: number,
  seconds: number,
  serverPid: number,
  /**
   * 'inside' draws the appeal number in the transaction, as the application does, so the year's
   * sequence row stays locked until COMMIT and submissions queue behind it; 'before' draws it in
   * its own autocommit statement first (numbers may then skip on a failed submission) — what
   * that design choice would be worth.
   */
  numbering: 'inside' | 'before' = 'inside',
): Promise<CeilingResult> {
  const run = Date.now().toString(36);
  const officers = new Map<number, { username: string; phone: string | null }>();
  const [rows] = await pool.query('SELECT id, username, phone FROM users WHERE id IN (?)', [
    [...new Set(fixtures.firms.map((f) => f.officerId))],
  ]);
  for (const r of rows as Array<{ id: number; username: string; phone: string | null }>) officers.set(Number(r.id), r);
  const [policies] = await pool.query(
    "SELECT id FROM sla_policies WHERE category_id IS NULL AND urgency = 'normal' AND level IS NULL AND superseded_at IS NULL ORDER BY id LIMIT 1",
  );
  const policyId = Number((policies as Array<{ id: number }>)[0]?.id ?? 1);
  let counter = 0;
  return closedLoop(
    numbering === 'inside' ? 'raw-insert' : 'raw-insert-number-first',
    numbering === 'inside'
      ? 'Raw submission transaction (same rows, plain mysql2)'
      : 'Raw submission, number drawn before the transaction (informative)',
    pool,
    poolSize,
    workers,
    seconds,
    serverPid,
    async () => {
      const firm = fixtures.firms[counter % fixtures.firms.length];
      const categoryId = fixtures.categoryIds[counter % fixtures.categoryIds.length];
      counter += 1;
      const n = counter;
      const now = new Date();
      const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
      const officer = officers.get(firm.officerId) as { username: string; phone: string | null };
      const connection = await pool.getConnection();
      const drawNumber = () =>
        connection.query(
          'INSERT INTO appeal_number_sequences (year, last_seq) VALUES (?, LAST_INSERT_ID(1)) ON DUPLICATE KEY UPDATE last_seq = LAST_INSERT_ID(last_seq + 1)',
          [year],
        );
      try {
        const early = numbering === 'before' ? await drawNumber() : null;
        await connection.beginTransaction();
        const [seq] = early ?? (await drawNumber());
        const number = `${year}-${String((seq as { insertId: number }).insertId).padStart(6, '0')}`;
        const due = new Date(now.getTime() + 24 * 3600_000);
        const yellow = new Date(now.getTime() + Math.ceil(24 * 3600_000 * 0.7));
        const title = `基准测试诉求 raw-${run}-${n}：原材料供应紧张`;
        const [inserted] = await connection.query(
          `INSERT INTO appeals (number, enterprise_id, region_code, city_code, officer_id, submitted_by, channel, submitted_on_behalf, category_id,
                              kind, title, description, urgency, level, status, objected_department_ids, sla_policy_id, submitted_at,
                              response_due_at, updated_at, current_due_at, warning_light, yellow_at, next_check_at, overdue_since)
         VALUES (?, ?, ?, ?, ?, ?, 'portal', 0, ?, 'help', ?, ?, 'normal', ?, 'submitted', '[]', ?, ?, ?, ?, ?, 'green', ?, ?, NULL)`,
          [number, firm.enterpriseId, firm.regionCode, `${firm.regionCode.slice(0, 4)}00`, firm.officerId, firm.userId, categoryId, title,
          `基准测试第 ${n} 条：企业反映近期原材料供应紧张，影响订单交付，请协调解决。`, firm.regionCode.endsWith('00') ? 'city' : 'county',
          policyId, now, due, now, due, yellow, yellow], // prettier-ignore
        );
        const appealId = (inserted as { insertId: number }).insertId;
        const payload = { onBehalf: false, channel: 'portal', urgency: 'normal', categoryId, slaPolicyId: policyId };
        const event = { appealId, seq: 1, action: 'submit', actorId: firm.userId, actorRole: 'enterprise', onBehalf: false, fromStatus: null,
        toStatus: 'submitted', reason: null, payload, visibility: 'public' as const, createdAt: now, prevHash: null }; // prettier-ignore
        const hash = computeEventHash(event);
        await connection.query(
          `INSERT INTO appeal_events (appeal_id, seq, action, actor_id, actor_role, on_behalf, from_status, to_status, reason, payload, visibility, created_at, prev_hash, hash)
         VALUES (?, 1, 'submit', ?, 'enterprise', 0, NULL, 'submitted', NULL, ?, 'public', ?, NULL, ?)`,
          [appealId, firm.userId, JSON.stringify(payload), now, hash],
        );
        await connection.query('UPDATE appeals SET event_count = 1, last_event_hash = ? WHERE id = ?', [hash, appealId]);
        await connection.query('INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
          firm.officerId,
          appealId,
          'appeal.submit',
          `【${number}】新诉求待受理`,
          title,
          now,
        ]);
        const outbox = (channel: string, receiver: string, key: string, body: Record<string, unknown>) => [
          channel,
          receiver,
          key,
          'appeal.submit',
          JSON.stringify(body),
          now,
          now,
        ];
        const deliveries = [
          outbox('wecom', officer.username, `wecom:appeal:${appealId}:event:1:user:${firm.officerId}`, {
            userId: firm.officerId,
            appealId,
            number,
            text: title,
          }),
          ...(officer.phone
            ? [
                outbox('sms', officer.phone, `sms:appeal:${appealId}:event:1:user:${firm.officerId}`, {
                  userId: firm.officerId,
                  appealId,
                  number,
                  text: title,
                }),
              ]
            : []),
          outbox('webhook', 'http://127.0.0.1:9/bench-webhook', `webhook:appeal:${appealId}:event:1`, {
            type: 'appeal.submit',
            appealId,
            number,
            seq: 1,
          }),
        ];
        await connection.query(
          `INSERT INTO outbox (channel, receiver, dedupe_key, event_type, payload, status, attempts, next_attempt_at, created_at)
         VALUES ${deliveries.map(() => "(?, ?, ?, ?, ?, 'pending', 0, ?, ?)").join(', ')}`,
          deliveries.flat(),
        );
        await connection.commit();
      } catch (error) {
        await connection.rollback();
        throw error;
      } finally {
        connection.release();
      }
    },
  );
}

/**
 * The two statements the caseload endpoint runs for an officer (page of 20 by deadline, and the
 * total), copied from AppealsRepository.list with the officer's reach and `open = true`: the
 * officer's (officer_id, is_open, current_due_at) range in index order, appeals first, and a
 * total counted from that index alone.
 */
export const CASELOAD_PAGE_SQL = `
  SELECT STRAIGHT_JOIN a.*, e.name AS enterprise_name, e.credit_code AS enterprise_credit_code, c.name AS category_name,
         d.name AS lead_department_name
    FROM appeals a FORCE INDEX (ix_appeals_officer_open_due)
    JOIN enterprises e ON e.id = a.enterprise_id
    JOIN appeal_categories c ON c.id = a.category_id
    LEFT JOIN departments d ON d.id = a.lead_department_id
   WHERE a.officer_id = ? AND a.is_open = ?
   ORDER BY a.current_due_at ASC, a.id ASC LIMIT ? OFFSET ?`;
export const CASELOAD_COUNT_SQL = `SELECT COUNT(*) AS total FROM appeals a FORCE INDEX (ix_appeals_officer_open_due) WHERE a.officer_id = ? AND a.is_open = ?`;
/** The same page and count as the application wrote them before the hints (for EXPLAIN: what the optimizer picks alone). */
export const CASELOAD_PAGE_UNHINTED_SQL = CASELOAD_PAGE_SQL.replace('STRAIGHT_JOIN ', '').replace(
  ' FORCE INDEX (ix_appeals_officer_open_due)',
  '',
);
export const CASELOAD_COUNT_UNHINTED_SQL = `SELECT COUNT(*) AS total FROM appeals a JOIN appeal_categories c ON c.id = a.category_id WHERE a.officer_id = ? AND a.is_open = ?`;

export async function rawCaseloadCeiling(
  pool: Pool,
  poolSize: number,
  fixtures: Fixtures,
  workers: number,
  seconds: number,
  serverPid: number,
  skewed = false,
): Promise<CeilingResult> {
  let counter = 0;
  const officers = skewed && fixtures.skewedOfficer ? [fixtures.skewedOfficer] : fixtures.officers;
  return closedLoop(
    skewed ? 'raw-caseload-skewed' : 'raw-caseload',
    skewed
      ? `Raw caseload queries of the skewed officer (${fixtures.skewedOfficer?.openAppeals ?? 0} open appeals; page + count, plain mysql2)`
      : 'Raw caseload queries (page + count, plain mysql2)',
    pool,
    poolSize,
    workers,
    seconds,
    serverPid,
    async () => {
      const officer = officers[counter++ % officers.length];
      await pool.query(CASELOAD_PAGE_SQL, [officer.id, 1, 20, 0]);
      await pool.query(CASELOAD_COUNT_SQL, [officer.id, 1]);
    },
  );
}

/**
 * The reads of one appeal's detail as its officer (GET /api/appeals/:id), with plain mysql2 and
 * as few round trips as they allow: the appeal with its firm, category and department under the
 * officer's reach, then its co-departments, pauses, attachments and timeline (with the actors'
 * names) at once. (Routing's proposal, read only for an appeal the caller may route, is left out.)
 */
export const DETAIL_APPEAL_SQL = `
  SELECT a.*, e.name AS enterprise_name, e.credit_code AS enterprise_credit_code, c.name AS category_name,
         d.name AS lead_department_name
    FROM appeals a
    JOIN enterprises e ON e.id = a.enterprise_id
    JOIN appeal_categories c ON c.id = a.category_id
    LEFT JOIN departments d ON d.id = a.lead_department_id
   WHERE a.id = ? AND a.officer_id = ?`;
export const DETAIL_READS_SQL = [
  'SELECT d.id, d.name FROM appeal_co_departments cd JOIN departments d ON d.id = cd.department_id WHERE cd.appeal_id = ? ORDER BY d.id',
  'SELECT started_at, ended_at, reason FROM appeal_pauses WHERE appeal_id = ? ORDER BY id',
  'SELECT id, file_name, content_type, size_bytes, sha256, uploaded_by, created_at FROM appeal_attachments WHERE appeal_id = ? ORDER BY id',
  'SELECT e.*, u.display_name AS actor_name FROM appeal_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.appeal_id = ? ORDER BY e.seq',
];

export async function rawDetailCeiling(
  pool: Pool,
  poolSize: number,
  fixtures: Fixtures,
  workers: number,
  seconds: number,
  serverPid: number,
): Promise<CeilingResult> {
  let counter = 0;
  return closedLoop(
    'raw-detail',
    'Raw appeal detail reads (appeal, then co-departments, pauses, attachments, timeline at once; plain mysql2)',
    pool,
    poolSize,
    workers,
    seconds,
    serverPid,
    async () => {
      const appeal = fixtures.appeals[counter++ % fixtures.appeals.length];
      const officer = fixtures.officers[appeal.officer];
      const [rows] = await pool.query(DETAIL_APPEAL_SQL, [appeal.id, officer.id]);
      if ((rows as unknown[]).length !== 1) throw new Error(`appeal ${appeal.id} not readable`);
      await Promise.all(DETAIL_READS_SQL.map((sql) => pool.query(sql, [appeal.id])));
    },
  );
}
