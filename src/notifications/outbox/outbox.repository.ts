import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { OutboxMessage } from './channels/notification-channel';

function parseJson(value: unknown): Record<string, unknown> {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
}

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due deliveries for `claimToken` with one conditional UPDATE: a row is
   * free when nobody claimed it or the claim ran out (its worker died). No SKIP LOCKED needed:
   * the condition in the UPDATE is the arbiter, so two workers never get the same row.
   */
  async claimDue(claimToken: string, now: Date, claimMs: number, limit: number): Promise<OutboxMessage[]> {
    await this.dataSource.query(
      `UPDATE outbox SET claimed_by = ?, claimed_until = ?
        WHERE status = 'pending' AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)
        ORDER BY next_attempt_at
        LIMIT ?`,
      [claimToken, new Date(now.getTime() + claimMs), now, now, limit],
    );
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      "SELECT id, channel, receiver, dedupe_key, event_type, payload, attempts FROM outbox WHERE claimed_by = ? AND status = 'pending' ORDER BY id",
      [claimToken],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      channel: String(r.channel),
      receiver: String(r.receiver),
      dedupeKey: String(r.dedupe_key),
      eventType: String(r.event_type),
      payload: parseJson(r.payload),
      attempt: Number(r.attempts) + 1,
    }));
  }

  /** Recorded before the claim is let go, so no other worker can pick the row up again. */
  async markSent(id: number, claimToken: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL, claimed_by = NULL, claimed_until = NULL
        WHERE id = ? AND claimed_by = ?`,
      [now, id, claimToken],
    );
  }

  async markFailed(id: number, claimToken: string, error: string, nextAttemptAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, status = ?, next_attempt_at = COALESCE(?, next_attempt_at),
                         claimed_by = NULL, claimed_until = NULL
        WHERE id = ? AND claimed_by = ?`,
      [error.slice(0, 1000), nextAttemptAt ? 'pending' : 'dead', nextAttemptAt, id, claimToken],
    );
  }
}
