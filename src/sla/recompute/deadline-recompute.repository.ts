import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AppealRow } from '../../appeals/appeal-row';
import { parseJsonColumn } from '../../common/database/json-column';
import type { DeadlineBasis } from '../domain/deadline-basis';
import type { LimitUnit } from '../domain/deadline';

/** An appeal with at least one provisional deadline, as the recompute reads it. */
export interface ProvisionalAppeal {
  id: number;
  number: string;
  title: string;
  status: string;
  enterpriseId: number;
  officerId: number | null;
  leadDepartmentId: number | null;
  regionCode: string;
  submittedAt: Date;
  assignedAt: Date | null;
  signedAt: Date | null;
  resolutionStartedAt: Date | null;
  resolvedAt: Date | null;
  responseDueAt: Date | null;
  responseDueBasis: DeadlineBasis;
  objectionDeadlineAt: Date | null;
  objectionDeadlineBasis: DeadlineBasis;
  resolutionDueAt: Date | null;
  resolutionDueBasis: DeadlineBasis;
  verificationDueAt: Date | null;
  verificationDueBasis: DeadlineBasis;
  currentDueAt: Date | null;
  currentDueBasis: DeadlineBasis;
  pausedMs: number;
  overdueSince: Date | null;
  responseUnit: LimitUnit;
  /** The chain head, read under the row lock: the recompute appends its event on it. */
  eventCount: number;
  lastEventHash: string | null;
}

/** A year's recompute: who asked when, and how far it has come. */
export interface RecomputeJob extends RecomputeProgress {
  year: number;
  status: 'pending' | 'done';
  previousLastDay: string;
  requestedBy: number | null;
  requestedAt: Date;
  finishedAt: Date | null;
  batches: number;
}

export interface RecomputeProgress {
  lastId: number;
  examined: number;
  moved: number;
  movedEarlier: number;
  movedLater: number;
  stillProvisional: number;
  ordersMoved: number;
  notified: number;
  shiftDays: Record<string, number>;
}

/** An appeal's deadlines and how each was counted: what the recompute reads and moves. */
type DeadlineColumn =
  | 'response_due_at'
  | 'response_due_basis'
  | 'objection_deadline_at'
  | 'objection_deadline_basis'
  | 'resolution_due_at'
  | 'resolution_due_basis'
  | 'verification_due_at'
  | 'verification_due_basis'
  | 'current_due_at'
  | 'current_due_basis';

/** Columns the recompute may write, and how a value reaches SQL. */
export type RecomputeColumn =
  | DeadlineColumn
  | 'warning_light'
  | 'yellow_at'
  | 'next_check_at'
  | 'overdue_since'
  | 'updated_at'
  | 'event_count'
  | 'last_event_hash';

/** The SQL type of each column in the JSON_TABLE the batch is written from. */
const COLUMN_TYPES: Record<RecomputeColumn, string> = {
  response_due_at: 'DATETIME(3)',
  response_due_basis: 'VARCHAR(16)',
  objection_deadline_at: 'DATETIME(3)',
  objection_deadline_basis: 'VARCHAR(16)',
  resolution_due_at: 'DATETIME(3)',
  resolution_due_basis: 'VARCHAR(16)',
  verification_due_at: 'DATETIME(3)',
  verification_due_basis: 'VARCHAR(16)',
  current_due_at: 'DATETIME(3)',
  current_due_basis: 'VARCHAR(16)',
  warning_light: 'VARCHAR(16)',
  yellow_at: 'DATETIME(3)',
  next_check_at: 'DATETIME(3)',
  overdue_since: 'DATETIME(3)',
  updated_at: 'DATETIME(3)',
  event_count: 'INT',
  last_event_hash: 'CHAR(64)',
};

/** A value as JSON_TABLE reads it into its column: instants as UTC `YYYY-MM-DD HH:MM:SS.mmm` (the columns hold UTC). */
function jsonValue(v: unknown): unknown {
  return v instanceof Date ? v.toISOString().slice(0, 23).replace('T', ' ') : v;
}

const isoDate = (v: Date | string) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

/** A calendar_recomputes row (`SELECT *`). */
interface RecomputeJobDbRow {
  year: number;
  status: RecomputeJob['status'];
  /** A DATE column. */
  previous_last_day: Date | string;
  requested_by: number | null;
  requested_at: Date;
  finished_at: Date | null;
  last_id: number;
  batches: number;
  examined: number;
  moved: number;
  moved_earlier: number;
  moved_later: number;
  still_provisional: number;
  orders_moved: number;
  notified: number;
  /** JSON: the days each deadline moved by, counted. */
  shift_days: unknown;
}

/** The appeal columns the recompute reads, with the response unit of its SLA policy. */
type ProvisionalAppealDbRow = Pick<
  AppealRow,
  | 'id'
  | 'number'
  | 'title'
  | 'status'
  | 'enterprise_id'
  | 'officer_id'
  | 'lead_department_id'
  | 'region_code'
  | 'submitted_at'
  | 'assigned_at'
  | 'signed_at'
  | 'resolution_started_at'
  | 'resolved_at'
  | DeadlineColumn
  | 'paused_ms'
  | 'overdue_since'
  | 'event_count'
  | 'last_event_hash'
> & { response_unit: LimitUnit };

function toJob(r: RecomputeJobDbRow): RecomputeJob {
  return {
    year: Number(r.year),
    status: r.status,
    previousLastDay: isoDate(r.previous_last_day),
    requestedBy: r.requested_by === null ? null : Number(r.requested_by),
    requestedAt: r.requested_at,
    finishedAt: r.finished_at ?? null,
    lastId: Number(r.last_id),
    batches: Number(r.batches),
    examined: Number(r.examined),
    moved: Number(r.moved),
    movedEarlier: Number(r.moved_earlier),
    movedLater: Number(r.moved_later),
    stillProvisional: Number(r.still_provisional),
    ordersMoved: Number(r.orders_moved),
    notified: Number(r.notified),
    shiftDays: parseJsonColumn<Record<string, number> | null>(r.shift_days) ?? {},
  };
}

@Injectable()
export class DeadlineRecomputeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Queued in the transaction that declares the year; a year is recomputed once. */
  async enqueue(m: EntityManager, year: number, previousLastDay: string, userId: number | null, now: Date): Promise<void> {
    await m.query(
      `INSERT IGNORE INTO calendar_recomputes (year, previous_last_day, requested_by, requested_at, shift_days) VALUES (?, ?, ?, ?, '{}')`,
      [year, previousLastDay, userId, now],
    );
  }

  async pendingYears(): Promise<number[]> {
    const rows: Array<{ year: number }> = await this.db.query(
      "SELECT year FROM calendar_recomputes WHERE status = 'pending' ORDER BY year",
    );
    return rows.map((r) => Number(r.year));
  }

  async list(): Promise<RecomputeJob[]> {
    const rows: RecomputeJobDbRow[] = await this.db.query('SELECT * FROM calendar_recomputes ORDER BY year DESC');
    return rows.map(toJob);
  }

  /**
   * The job row, locked for the batch's transaction: a second instance waits here and then sees
   * the progress the first one committed, so no batch is ever applied twice.
   */
  async lockJob(m: EntityManager, year: number): Promise<RecomputeJob | null> {
    const rows: RecomputeJobDbRow[] = await m.query('SELECT * FROM calendar_recomputes WHERE year = ? FOR UPDATE', [year]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** The next appeals with a provisional deadline after `afterId`, by id (index ix_appeals_provisional), locked. */
  lockProvisionalBatch(m: EntityManager, afterId: number, limit: number): Promise<ProvisionalAppeal[]> {
    return this.provisionalBatch(m, afterId, limit, true);
  }

  /** The same, read without locks: for the preview of a year's schedule. */
  findProvisionalBatch(afterId: number, limit: number): Promise<ProvisionalAppeal[]> {
    return this.provisionalBatch(this.db.manager, afterId, limit, false);
  }

  private async provisionalBatch(m: EntityManager, afterId: number, limit: number, lock: boolean): Promise<ProvisionalAppeal[]> {
    const rows: ProvisionalAppealDbRow[] = await m.query(
      `SELECT a.id, a.number, a.title, a.status, a.enterprise_id, a.officer_id, a.lead_department_id, a.region_code,
              a.submitted_at, a.assigned_at, a.signed_at, a.resolution_started_at, a.resolved_at,
              a.response_due_at, a.response_due_basis, a.objection_deadline_at, a.objection_deadline_basis,
              a.resolution_due_at, a.resolution_due_basis, a.verification_due_at, a.verification_due_basis,
              a.current_due_at, a.current_due_basis, a.paused_ms, a.overdue_since, a.event_count, a.last_event_hash,
              COALESCE(p.response_unit, 'natural_hours') AS response_unit
         FROM appeals a FORCE INDEX (ix_appeals_provisional)
         LEFT JOIN sla_policies p ON p.id = a.sla_policy_id
        WHERE a.has_provisional = 1 AND a.id > ?
        ORDER BY a.id
        LIMIT ?
        ${lock ? 'FOR UPDATE' : ''}`,
      [afterId, limit],
    );
    const date = (v: Date | null) => v ?? null;
    return rows.map((r) => ({
      id: Number(r.id),
      number: String(r.number),
      title: String(r.title),
      status: String(r.status),
      enterpriseId: Number(r.enterprise_id),
      officerId: r.officer_id === null ? null : Number(r.officer_id),
      leadDepartmentId: r.lead_department_id === null ? null : Number(r.lead_department_id),
      regionCode: String(r.region_code),
      submittedAt: r.submitted_at,
      assignedAt: date(r.assigned_at),
      signedAt: date(r.signed_at),
      resolutionStartedAt: date(r.resolution_started_at),
      resolvedAt: date(r.resolved_at),
      responseDueAt: date(r.response_due_at),
      responseDueBasis: r.response_due_basis,
      objectionDeadlineAt: date(r.objection_deadline_at),
      objectionDeadlineBasis: r.objection_deadline_basis,
      resolutionDueAt: date(r.resolution_due_at),
      resolutionDueBasis: r.resolution_due_basis,
      verificationDueAt: date(r.verification_due_at),
      verificationDueBasis: r.verification_due_basis,
      currentDueAt: date(r.current_due_at),
      currentDueBasis: r.current_due_basis,
      pausedMs: Number(r.paused_ms),
      overdueSince: date(r.overdue_since),
      responseUnit: r.response_unit,
      eventCount: Number(r.event_count),
      lastEventHash: r.last_event_hash ?? null,
    }));
  }

  /**
   * Writes a batch's new values: rows that change the same columns share one UPDATE joined to a
   * JSON_TABLE of their (id, values…) — one parameter however many rows, read by the server in one
   * pass, each row finding its appeal by primary key. (A derived table of `SELECT ? … UNION ALL`
   * grew worse than linearly: 10,000 rows took seconds to parse and materialise.) A null value is
   * left out of its row's object and so reads as NULL (NULL ON EMPTY, the default on MySQL 8 and
   * MariaDB). A row carrying `event_count` got an event: its version moves as any unversioned
   * write's does. Returns the number of statements.
   */
  async applyBatch(
    m: EntityManager,
    changes: ReadonlyArray<{ id: number; set: Partial<Record<RecomputeColumn, unknown>> }>,
  ): Promise<number> {
    const groups = new Map<
      string,
      { columns: RecomputeColumn[]; rows: Array<{ id: number; set: Partial<Record<RecomputeColumn, unknown>> }> }
    >();
    for (const change of changes) {
      const columns = (Object.keys(change.set) as RecomputeColumn[]).sort();
      if (!columns.length) continue;
      const key = columns.join(',');
      const group = groups.get(key) ?? { columns, rows: [] };
      group.rows.push(change);
      groups.set(key, group);
    }
    for (const { columns, rows } of groups.values()) {
      const json = JSON.stringify(
        rows.map((r) => {
          const o: { id: number } & Partial<Record<RecomputeColumn, unknown>> = { id: r.id };
          for (const c of columns) if (r.set[c] !== null && r.set[c] !== undefined) o[c] = jsonValue(r.set[c]);
          return o;
        }),
      );
      const sets = columns.map((c) => `a.${c} = v.${c}`);
      if (columns.includes('event_count')) sets.push('a.version = a.version + 1');
      await m.query(
        `UPDATE appeals a
           JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$.id', ${columns.map((c) => `${c} ${COLUMN_TYPES[c]} PATH '$.${c}'`).join(', ')})) v
             ON v.id = a.id
            SET ${sets.join(', ')}`,
        [json],
      );
    }
    return groups.size;
  }

  async saveProgress(m: EntityManager, year: number, progress: RecomputeProgress, done: boolean, now: Date): Promise<void> {
    await m.query(
      `UPDATE calendar_recomputes
          SET last_id = ?, batches = batches + 1, examined = ?, moved = ?, moved_earlier = ?, moved_later = ?, still_provisional = ?,
              orders_moved = ?, notified = ?, shift_days = ?, status = ?, finished_at = ?
        WHERE year = ?`,
      [
        progress.lastId,
        progress.examined,
        progress.moved,
        progress.movedEarlier,
        progress.movedLater,
        progress.stillProvisional,
        progress.ordersMoved,
        progress.notified,
        JSON.stringify(progress.shiftDays),
        done ? 'done' : 'pending',
        done ? now : null,
        year,
      ],
    );
  }

  /** Supervision orders' provisional reply deadlines (no timeline event: the order shows its deadline). */
  async lockProvisionalOrders(
    m: EntityManager,
    afterId: number,
    limit: number,
  ): Promise<Array<{ id: number; createdAt: Date; replyDueAt: Date }>> {
    const rows: Array<{ id: number; created_at: Date; reply_due_at: Date }> = await m.query(
      `SELECT id, created_at, reply_due_at FROM supervision_orders
        WHERE reply_due_basis = 'provisional' AND id > ? AND reply_due_at IS NOT NULL
        ORDER BY id LIMIT ? FOR UPDATE`,
      [afterId, limit],
    );
    return rows.map((r) => ({ id: Number(r.id), createdAt: r.created_at, replyDueAt: r.reply_due_at }));
  }

  async applyOrders(m: EntityManager, orders: ReadonlyArray<{ id: number; replyDueAt: Date; basis: DeadlineBasis }>): Promise<void> {
    if (!orders.length) return;
    await m.query(
      `UPDATE supervision_orders
          SET reply_due_at = CASE id ${orders.map(() => 'WHEN ? THEN ?').join(' ')} END,
              reply_due_basis = CASE id ${orders.map(() => 'WHEN ? THEN ?').join(' ')} END
        WHERE id IN (?)`,
      [...orders.flatMap((o) => [o.id, o.replyDueAt]), ...orders.flatMap((o) => [o.id, o.basis]), orders.map((o) => o.id)],
    );
  }
}
