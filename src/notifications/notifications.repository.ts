import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { JsonObject } from '../common/database/json-column';
import { contentTable, PlannedNotification, recipientsQuery } from './notification-recipients.sql';

/** Events per statement: keeps each INSERT ... SELECT well under max_allowed_packet. */
const CHUNK = 300;

export interface OutboxInsert {
  channel: string;
  receiver: string;
  dedupeKey: string;
  eventType: string;
  payload: JsonObject;
  nextAttemptAt: Date;
  createdAt: Date;
}

export type UserChannel = 'sms' | 'wecom';

export interface InboxRow {
  id: number;
  appealId: number | null;
  kind: string;
  title: string;
  body: string | null;
  readAt: Date | null;
  createdAt: Date;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The inbox rows for every recipient of every item: one INSERT ... SELECT per chunk, inside the caller's transaction. */
  async insertInbox(manager: EntityManager, items: readonly PlannedNotification[]): Promise<number> {
    let inserted = 0;
    for (const chunk of chunks(items, CHUNK)) {
      const recipients = recipientsQuery(chunk);
      if (!recipients) continue;
      const content = contentTable(chunk);
      const result: { affectedRows: number } = await manager.query(
        `INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at)
         SELECT r.user_id, n.appeal_id, n.kind, n.title, n.body, n.created_at
           FROM (${recipients.sql}) r JOIN (${content.sql}) n ON n.i = r.i`,
        [...recipients.params, ...content.params],
      );
      inserted += result.affectedRows;
    }
    return inserted;
  }

  /**
   * One inbox entry per recipient for all of `items` together: the appeal itself when there is
   * one, otherwise a count and the first numbers. A department that sees 40 cases turn yellow in
   * one sweep gets one line each, not 40.
   */
  async insertDigest(
    manager: EntityManager,
    kind: string,
    items: readonly PlannedNotification[],
    text: { single: string; many: string },
    createdAt: Date,
  ): Promise<number> {
    const many = text.many.split('{n}');
    if (many.length !== 2) throw new Error('text.many must contain {n} exactly once');
    const recipients = recipientsQuery(items);
    if (!recipients) return 0;
    const content = contentTable(items);
    const result: { affectedRows: number } = await manager.query(
      `INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at)
       SELECT r.user_id,
              IF(COUNT(*) = 1, MIN(n.appeal_id), NULL),
              ?,
              IF(COUNT(*) = 1, CONCAT('【', MIN(n.number), '】', ?), CONCAT(?, COUNT(*), ?)),
              LEFT(IF(COUNT(*) = 1, MIN(n.body), GROUP_CONCAT(n.number ORDER BY n.number SEPARATOR '、')), 1000),
              ?
         FROM (${recipients.sql}) r JOIN (${content.sql}) n ON n.i = r.i
        GROUP BY r.user_id`,
      [kind, text.single, ...many, createdAt, ...recipients.params, ...content.params],
    );
    return result.affectedRows;
  }

  /**
   * Per-person deliveries (SMS to the phone on file, WeCom to the username) for the same
   * recipients, every channel asked for in one statement (#22: one round trip fewer per urgent
   * submission). The dedupe key names channel, event and person, so a retried transaction adds nothing.
   */
  async insertUserChannelOutbox(
    manager: EntityManager,
    channels: readonly UserChannel[],
    items: readonly PlannedNotification[],
  ): Promise<number> {
    if (!channels.length) return 0;
    let inserted = 0;
    const receiver = "IF(ch.channel = 'sms', u.phone, u.username)";
    const channelTable = channels.map((_, i) => (i === 0 ? 'SELECT ? AS channel' : 'SELECT ?')).join(' UNION ALL ');
    for (const chunk of chunks(items, CHUNK)) {
      const recipients = recipientsQuery(chunk);
      if (!recipients) continue;
      const content = contentTable(chunk);
      const result: { affectedRows: number } = await manager.query(
        `INSERT INTO outbox (channel, receiver, dedupe_key, event_type, payload, status, attempts, next_attempt_at, created_at)
         SELECT ch.channel, ${receiver}, CONCAT(ch.channel, ':appeal:', n.appeal_id, ':', IF(n.seq > 0, CONCAT('event:', n.seq), n.kind), ':user:', u.id),
                n.kind, JSON_OBJECT('userId', u.id, 'appealId', n.appeal_id, 'number', n.number, 'text', n.title),
                'pending', 0, n.created_at, n.created_at
           FROM (${recipients.sql}) r JOIN (${content.sql}) n ON n.i = r.i JOIN users u ON u.id = r.user_id
           JOIN (${channelTable}) ch
          WHERE ${receiver} IS NOT NULL AND ${receiver} <> ''
         ON DUPLICATE KEY UPDATE outbox.id = outbox.id`,
        [...recipients.params, ...content.params, ...channels],
      );
      inserted += result.affectedRows;
    }
    return inserted;
  }

  /** Multi-row insert; an existing dedupe key is kept as it is (at most one delivery per receiver). */
  async insertOutbox(manager: EntityManager, rows: readonly OutboxInsert[]): Promise<void> {
    for (const chunk of chunks(rows, 500)) {
      await manager.query(
        `INSERT INTO outbox (channel, receiver, dedupe_key, event_type, payload, status, attempts, next_attempt_at, created_at)
         VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, 'pending', 0, ?, ?)").join(', ')}
         ON DUPLICATE KEY UPDATE id = id`,
        chunk.flatMap((r) => [r.channel, r.receiver, r.dedupeKey, r.eventType, JSON.stringify(r.payload), r.nextAttemptAt, r.createdAt]),
      );
    }
  }

  /** Visibility and actor role of stored events, keyed `appealId:seq`. */
  async eventFacts(
    manager: EntityManager,
    events: ReadonlyArray<{ appealId: number; seq: number }>,
  ): Promise<Map<string, { visibility: 'public' | 'internal'; actorRole: string | null }>> {
    const rows: Array<{ appeal_id: number; seq: number; visibility: 'public' | 'internal'; role: string | null }> = await manager.query(
      `SELECT e.appeal_id, e.seq, e.visibility, u.role
         FROM appeal_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE ${events.map(() => '(e.appeal_id = ? AND e.seq = ?)').join(' OR ')}`,
      events.flatMap((e) => [e.appealId, e.seq]),
    );
    return new Map(rows.map((r) => [`${Number(r.appeal_id)}:${Number(r.seq)}`, { visibility: r.visibility, actorRole: r.role }]));
  }

  async listInbox(userId: number, unreadOnly: boolean, offset: number, limit: number): Promise<[InboxRow[], number]> {
    const where = `user_id = ?${unreadOnly ? ' AND read_at IS NULL' : ''}`;
    const [rows, count]: [
      Array<{ id: number; appeal_id: number | null; kind: string; title: string; body: string | null; read_at: Date | null; created_at: Date }>,
      Array<{ total: number }>,
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT id, appeal_id, kind, title, body, read_at, created_at FROM notifications WHERE ${where} ORDER BY id DESC LIMIT ? OFFSET ?`,
        [userId, limit, offset],
      ),
      this.dataSource.query(`SELECT COUNT(*) AS total FROM notifications WHERE ${where}`, [userId]),
    ]);
    return [
      rows.map((r) => ({
        id: Number(r.id),
        appealId: r.appeal_id === null ? null : Number(r.appeal_id),
        kind: String(r.kind),
        title: String(r.title),
        body: r.body === null ? null : String(r.body),
        readAt: r.read_at ?? null,
        createdAt: r.created_at,
      })),
      Number(count[0].total),
    ];
  }

  async countUnread(userId: number): Promise<number> {
    const rows: Array<{ total: number }> = await this.dataSource.query(
      'SELECT COUNT(*) AS total FROM notifications WHERE user_id = ? AND read_at IS NULL',
      [userId],
    );
    return Number(rows[0].total);
  }

  /** Null when the notification is not the user's (answered as 404, like a missing one). */
  async markRead(userId: number, id: number, now: Date): Promise<boolean> {
    const result: { affectedRows: number } = await this.dataSource.query(
      'UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?',
      [now, id, userId],
    );
    if (result.affectedRows === 1) return true;
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM notifications WHERE id = ? AND user_id = ?', [id, userId]);
    return rows.length > 0;
  }

  async markAllRead(userId: number, now: Date): Promise<number> {
    const result: { affectedRows: number } = await this.dataSource.query(
      'UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL',
      [now, userId],
    );
    return result.affectedRows;
  }
}
