import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OutboxMessage } from './channels/notification-channel';
import { parseJsonColumn } from '../../common/database/json-column';
import { runTransaction } from '../../common/database/unit-of-work';

/** An `outbox_attempts` row: one try at a delivery and how it ended. */
export interface OutboxAttemptDbRow {
  outbox_id: number;
  attempt: number;
  worker: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  response_status: number | null;
  error: string | null;
}

/** How one attempt ended, as recorded in `outbox_attempts`. */
export interface AttemptOutcome {
  status: 'delivered' | 'failed';
  finishedAt: Date;
  durationMs: number;
  responseStatus: number | null;
  error: string | null;
}

/**
 * The outbox and its attempt log. A worker claims rows with a short, renewed lease
 * (`claimed_by`, `claimed_until`); a row whose lease ran out belongs to nobody, so a dead
 * worker's rows are taken over as soon as its lease expires.
 */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due deliveries for `claimToken` with one conditional UPDATE: a row is
   * free when nobody claimed it or the claim ran out (its worker died). No SKIP LOCKED needed:
   * the condition in the UPDATE is the arbiter, so two workers never hold the same row at once.
   * Attempts a dead worker left `in_flight` on the rows taken over are marked `abandoned`.
   */
  async claimDue(claimToken: string, now: Date, claimMs: number, limit: number): Promise<OutboxMessage[]> {
    await this.dataSource.query(
      `UPDATE outbox SET claimed_by = ?, claimed_until = ?
        WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
        ORDER BY next_attempt_at
        LIMIT ?`,
      [claimToken, new Date(now.getTime() + claimMs), now, now, limit],
    );
    const rows: Array<{
      id: number;
      channel: string;
      receiver: string;
      dedupe_key: string;
      event_type: string;
      /** JSON. */
      payload: unknown;
      attempts: number;
    }> = await this.dataSource.query(
      "SELECT id, channel, receiver, dedupe_key, event_type, payload, attempts FROM outbox WHERE claimed_by = ? AND status = 'pending' ORDER BY id",
      [claimToken],
    );
    if (rows.length) {
      await this.dataSource.query(
        `UPDATE outbox_attempts SET status = 'abandoned', error = 'the worker holding the claim stopped before recording an outcome'
          WHERE outbox_id IN (?) AND status = 'in_flight'`,
        [rows.map((r) => r.id)],
      );
    }
    return rows.map((r) => ({
      id: Number(r.id),
      channel: String(r.channel),
      receiver: String(r.receiver),
      dedupeKey: String(r.dedupe_key),
      eventType: String(r.event_type),
      payload: parseJsonColumn(r.payload),
      attempt: Number(r.attempts) + 1,
    }));
  }

  /** Extends the claim on every row this token still holds; returns how many. */
  async renewClaims(claimToken: string, now: Date, claimMs: number): Promise<number> {
    const result: { affectedRows: number } = await this.dataSource.query(
      "UPDATE outbox SET claimed_until = ? WHERE claimed_by = ? AND status = 'pending'",
      [new Date(now.getTime() + claimMs), claimToken],
    );
    return result.affectedRows;
  }

  /** Gives back rows claimed but not attempted (shutting down), so any worker may take them at once. */
  async releaseClaims(claimToken: string): Promise<number> {
    const result: { affectedRows: number } = await this.dataSource.query(
      "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND status = 'pending'",
      [claimToken],
    );
    return result.affectedRows;
  }

  /**
   * Starts attempts on claimed rows: counts them (so attempts abandoned by a crash count towards
   * the limit too) and writes their `in_flight` records, in one transaction. Returns the ids
   * still held by this claim, each with the number of the attempt now made.
   */
  async startAttempts(messages: readonly OutboxMessage[], claimToken: string, now: Date): Promise<Map<number, number>> {
    if (!messages.length) return new Map();
    return runTransaction(this.dataSource, async (m) => {
      await m.query("UPDATE outbox SET attempts = attempts + 1 WHERE id IN (?) AND claimed_by = ? AND status = 'pending'", [
        messages.map((x) => x.id),
        claimToken,
      ]);
      const held: Array<{ id: string; attempts: number }> = await m.query(
        "SELECT id, attempts FROM outbox WHERE id IN (?) AND claimed_by = ? AND status = 'pending'",
        [messages.map((x) => x.id), claimToken],
      );
      if (!held.length) return new Map();
      await m.query(
        `INSERT INTO outbox_attempts (outbox_id, attempt, worker, status, started_at) VALUES ${held.map(() => "(?, ?, ?, 'in_flight', ?)").join(', ')}`,
        held.flatMap((h) => [h.id, h.attempts, claimToken, now]),
      );
      return new Map(held.map((h) => [Number(h.id), Number(h.attempts)]));
    });
  }

  /** Recorded before the claim is let go, so no other worker picks the row up again. */
  async markSent(id: number, claimToken: string, attempt: number, outcome: AttemptOutcome): Promise<void> {
    await runTransaction(this.dataSource, async (m) => {
      await m.query(
        `UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, claimed_by = NULL, claimed_until = NULL
          WHERE id = ? AND claimed_by = ?`,
        [outcome.finishedAt, id, claimToken],
      );
      await this.recordOutcome(m, id, attempt, claimToken, outcome);
    });
  }

  /** A failed attempt: retried at `nextAttemptAt`, or given up ('dead') when that is null. */
  async markFailed(id: number, claimToken: string, attempt: number, outcome: AttemptOutcome, nextAttemptAt: Date | null): Promise<void> {
    await runTransaction(this.dataSource, async (m) => {
      await m.query(
        `UPDATE outbox SET last_error = ?, status = ?, next_attempt_at = COALESCE(?, next_attempt_at), claimed_by = NULL, claimed_until = NULL
          WHERE id = ? AND claimed_by = ?`,
        [(outcome.error ?? '').slice(0, 1000), nextAttemptAt ? 'pending' : 'dead', nextAttemptAt, id, claimToken],
      );
      await this.recordOutcome(m, id, attempt, claimToken, outcome);
    });
  }

  private async recordOutcome(
    m: EntityManager,
    outboxId: number,
    attempt: number,
    claimToken: string,
    outcome: AttemptOutcome,
  ): Promise<void> {
    await m.query(
      `UPDATE outbox_attempts SET status = ?, finished_at = ?, duration_ms = ?, response_status = ?, error = ?
        WHERE outbox_id = ? AND attempt = ? AND worker = ? AND status = 'in_flight'`,
      [
        outcome.status,
        outcome.finishedAt,
        Math.round(outcome.durationMs),
        outcome.responseStatus,
        outcome.error?.slice(0, 1000) ?? null,
        outboxId,
        attempt,
        claimToken,
      ],
    );
  }

  /** One delivery's attempts, oldest first (for operators and tests). */
  async attemptsOf(
    outboxId: number,
  ): Promise<
    Array<{
      attempt: number;
      worker: string;
      status: string;
      startedAt: Date;
      finishedAt: Date | null;
      durationMs: number | null;
      responseStatus: number | null;
      error: string | null;
    }>
  > {
    const rows: Array<Omit<OutboxAttemptDbRow, 'outbox_id'>> = await this.dataSource.query(
      'SELECT attempt, worker, status, started_at, finished_at, duration_ms, response_status, error FROM outbox_attempts WHERE outbox_id = ? ORDER BY id',
      [outboxId],
    );
    return rows.map((r) => ({
      attempt: Number(r.attempt),
      worker: String(r.worker),
      status: String(r.status),
      startedAt: r.started_at,
      finishedAt: r.finished_at ?? null,
      durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
      responseStatus: r.response_status === null ? null : Number(r.response_status),
      error: r.error ?? null,
    }));
  }
}
