import type { Pool } from 'mysql2/promise';
import { computeEventHash } from '../../../src/appeals/events/event-hash';
import type { DatasetProfile } from '../options';
import { AppealLifecycle, type GeneratedAppeal } from './appeal-lifecycle';
import { BulkInserter, InFlight } from './bulk-loader';
import type { CalendarMath } from './calendar-math';
import type { World } from './org-generator';
import { factDifferences, factsOfRow, foldFacts } from './metric-facts-fold';
import { Random } from './random';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;
/** Submissions spread over the last two years. */
const HISTORY_DAYS = 730;

export const APPEAL_COLUMNS = [
  'id', 'number', 'enterprise_id', 'region_code', 'city_code', 'officer_id', 'submitted_by', 'channel', 'submitted_on_behalf',
  'category_id', 'kind', 'title', 'description', 'urgency', 'level', 'status', 'lead_department_id', 'handler_id', 'objected_department_ids',
  'pending_objection', 'pending_extension', 'sla_policy_id', 'submitted_at', 'accepted_at', 'assigned_at', 'signed_at', 'resolved_at',
  'verified_at', 'closed_at', 'response_due_at', 'objection_deadline_at', 'resolution_started_at', 'resolution_due_at',
  'verification_due_at', 'current_due_at', 'suspended_at', 'paused_ms', 'warning_light', 'yellow_at', 'next_check_at', 'overdue_since',
  'response_overdue', 'resolution_overdue', 'supervision_level', 'ladder_cycle', 'closure_type', 'answer', 'solved', 'satisfaction',
  'verification_comment', 'verified_on_behalf', 'auto_closed', 'redo_count', 'objection_count', 'extension_count', 'extension_days',
  'event_count', 'last_event_hash', 'version', 'updated_at',
] as const; // prettier-ignore

const DATE_COLUMNS = new Set(APPEAL_COLUMNS.filter((c) => c.endsWith('_at') || c === 'overdue_since'));

const EVENT_COLUMNS = ['id', 'appeal_id', 'seq', 'action', 'actor_id', 'actor_role', 'on_behalf', 'from_status', 'to_status', 'reason',
  'payload', 'visibility', 'created_at', 'prev_hash', 'hash'] as const; // prettier-ignore

export interface AppealCounts {
  appeals: number;
  openAppeals: number;
  events: number;
  /** Appeals sent back once by an unsatisfied verification (their resolved_at is the second answer's). */
  redone: number;
  supervisionOrders: number;
  pauses: number;
  coDepartments: number;
  byStatus: Record<string, number>;
  openByLight: Record<string, number>;
  lastSequenceByYear: Record<string, number>;
}

/**
 * Submission instants over the last two years, in order. Appeals that will stall are drawn
 * nearer to now (a backlog is mostly recent), and most appeals arrive in office hours on working days.
 */
function submissionTimes(profile: DatasetProfile, now: number, random: Random): { times: Float64Array; stuck: Uint8Array } {
  const n = profile.appeals;
  const raw = new Float64Array(n);
  const rawStuck = new Uint8Array(n);
  for (let i = 0; i < n; i += 1) {
    const stuck = random.chance(profile.stuckShare);
    const ageDays = stuck ? 365 * random.next() ** 3 : HISTORY_DAYS * random.next();
    let day = Math.floor((now + SHANGHAI) / DAY - ageDays);
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    if ((weekday === 0 || weekday === 6) && random.chance(0.7)) day -= weekday === 0 ? 2 : 1;
    const minute = random.chance(0.8) ? random.between(8.5 * 60, 18 * 60) : random.between(0, 24 * 60);
    let at = day * DAY - SHANGHAI + Math.floor(minute * 60_000);
    if (at >= now - 60_000) at = now - random.between(2, 600) * 60_000;
    raw[i] = at;
    rawStuck[i] = stuck ? 1 : 0;
  }
  const order = new Uint32Array(n).map((_, i) => i).sort((a, b) => raw[a] - raw[b]);
  const times = new Float64Array(n);
  const stuck = new Uint8Array(n);
  order.forEach((from, to) => {
    times[to] = raw[from];
    stuck[to] = rawStuck[from];
  });
  return { times, stuck };
}

/**
 * One million appeals with their hash-chained event logs, in submission order (so ids, numbers
 * and time agree), written with multi-row INSERTs while the next batch is being built.
 */
export async function generateAppeals(
  pool: Pool,
  inFlight: InFlight,
  world: World,
  math: CalendarMath,
  profile: DatasetProfile,
  log: (message: string) => void,
): Promise<AppealCounts> {
  const random = new Random(profile.seed + 1);
  const { times, stuck } = submissionTimes(profile, world.now, random);
  const lifecycle = new AppealLifecycle(world, math, random);
  const appeals = new BulkInserter(pool, inFlight, 'appeals', APPEAL_COLUMNS, 2000);
  const events = new BulkInserter(pool, inFlight, 'appeal_events', EVENT_COLUMNS, 8000);
  const coDepartments = new BulkInserter(pool, inFlight, 'appeal_co_departments', ['appeal_id', 'department_id']);
  const pauses = new BulkInserter(pool, inFlight, 'appeal_pauses', ['appeal_id', 'started_at', 'ended_at', 'reason']);
  const orders = new BulkInserter(pool, inFlight, 'supervision_orders', [
    'appeal_id', 'source', 'issued_by', 'department_id', 'note', 'reply_due_at', 'reply', 'replied_by', 'replied_at', 'created_at',
  ]); // prettier-ignore

  const counts: AppealCounts = {
    appeals: 0,
    openAppeals: 0,
    events: 0,
    redone: 0,
    supervisionOrders: 0,
    pauses: 0,
    coDepartments: 0,
    byStatus: {},
    openByLight: {},
    lastSequenceByYear: {},
  };
  let eventId = 0;
  const started = Date.now();
  for (let i = 0; i < profile.appeals; i += 1) {
    const id = i + 1;
    const submittedAt = times[i];
    const year = new Date(submittedAt + SHANGHAI).getUTCFullYear();
    const seq = (counts.lastSequenceByYear[year] ?? 0) + 1;
    counts.lastSequenceByYear[year] = seq;
    const appeal = lifecycle.build(id, `${year}-${String(seq).padStart(6, '0')}`, submittedAt, stuck[i] === 1);
    // The metric-facts contract, for every appeal: its events' facts fold to its row.
    const differences = factDifferences(foldFacts(appeal.events.map((e) => e.payload)), factsOfRow(appeal.columns));
    if (differences.length) throw new Error(`Generated appeal ${id}: its events' facts do not fold to its row: ${differences.join('; ')}`);
    if (Number(appeal.columns.redo_count) > 0) counts.redone += 1;

    let prevHash: string | null = null;
    for (let s = 0; s < appeal.events.length; s += 1) {
      const e = appeal.events[s];
      const createdAt = new Date(e.at);
      const fields = { appealId: id, seq: s + 1, action: e.action, actorId: e.actorId, actorRole: e.actorRole, onBehalf: e.onBehalf,
        fromStatus: e.fromStatus, toStatus: e.toStatus, reason: e.reason, payload: e.payload, visibility: e.visibility, createdAt, prevHash }; // prettier-ignore
      const hash = computeEventHash(fields);
      eventId += 1;
      await events.add([eventId, id, s + 1, e.action, e.actorId, e.actorRole, e.onBehalf ? 1 : 0, e.fromStatus, e.toStatus, e.reason,
        JSON.stringify(e.payload), e.visibility, createdAt, prevHash, hash]); // prettier-ignore
      prevHash = hash;
    }
    Object.assign(appeal.columns, { event_count: appeal.events.length, last_event_hash: prevHash, version: appeal.events.length });
    await appeals.add(appealRow(appeal));
    for (const departmentId of appeal.coDepartmentIds) await coDepartments.add([id, departmentId]);
    for (const p of appeal.pauses) await pauses.add([id, new Date(p.startedAt), p.endedAt === null ? null : new Date(p.endedAt), p.reason]);
    for (const o of appeal.orders) {
      await orders.add([id, 'ladder', null, o.departmentId, o.note, new Date(o.replyDueAt), o.reply, o.repliedBy,
        o.repliedAt === null ? null : new Date(o.repliedAt), new Date(o.createdAt)]); // prettier-ignore
    }

    const status = String(appeal.columns.status);
    counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
    if (!['closed', 'rejected', 'withdrawn'].includes(status)) {
      counts.openAppeals += 1;
      const light = String(appeal.columns.warning_light);
      counts.openByLight[light] = (counts.openByLight[light] ?? 0) + 1;
    }
    counts.events += appeal.events.length;
    counts.supervisionOrders += appeal.orders.length;
    counts.pauses += appeal.pauses.length;
    counts.coDepartments += appeal.coDepartmentIds.length;
    counts.appeals += 1;
    if (id % 100_000 === 0) {
      const seconds = (Date.now() - started) / 1000;
      log(
        `  ${id.toLocaleString('en')} appeals, ${counts.events.toLocaleString('en')} events (${Math.round(id / seconds).toLocaleString('en')} appeals/s)`,
      );
    }
  }
  for (const inserter of [appeals, events, coDepartments, pauses, orders]) await inserter.flush();
  await inFlight.drain();

  const years = Object.entries(counts.lastSequenceByYear);
  if (years.length) {
    await pool.query(
      `INSERT INTO appeal_number_sequences (year, last_seq) VALUES ${years.map(() => '(?, ?)').join(', ')}
       ON DUPLICATE KEY UPDATE last_seq = GREATEST(last_seq, VALUES(last_seq))`,
      years.flat().map(Number),
    );
  }
  return counts;
}

function appealRow(appeal: GeneratedAppeal): unknown[] {
  return APPEAL_COLUMNS.map((column) => {
    const value = appeal.columns[column];
    if (value === undefined) throw new Error(`Generated appeal lacks ${column}`);
    return DATE_COLUMNS.has(column) && typeof value === 'number' ? new Date(value) : value;
  });
}
