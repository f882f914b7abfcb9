import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ConsoleSessionRow {
  idHash: string;
  userId: number;
  csrfToken: string;
  passwordChangedAt: Date;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
}

export interface NewConsoleSession extends ConsoleSessionRow {
  ip: string | null;
  userAgent: string | null;
}

/** A console_sessions row as the driver returns it. */
interface SessionRecord {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  password_changed_at: Date;
  created_at: Date;
  expires_at: Date;
  last_seen_at: Date;
}

/** The only code that knows the console_sessions table. */
@Injectable()
export class ConsoleSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(s: NewConsoleSession): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO console_sessions (id_hash, user_id, csrf_token, password_changed_at, created_at, expires_at, last_seen_at, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [s.idHash, s.userId, s.csrfToken, s.passwordChangedAt, s.createdAt, s.expiresAt, s.lastSeenAt, s.ip, s.userAgent],
    );
  }

  /** A live session: not revoked and not expired at `now`. */
  async findLive(idHash: string, now: Date): Promise<ConsoleSessionRow | null> {
    const rows: SessionRecord[] = await this.dataSource.query(
      `SELECT id_hash, user_id, csrf_token, password_changed_at, created_at, expires_at, last_seen_at
         FROM console_sessions
        WHERE id_hash = ? AND revoked_at IS NULL AND expires_at > ?`,
      [idHash, now],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      idHash: String(r.id_hash),
      userId: Number(r.user_id),
      csrfToken: String(r.csrf_token),
      passwordChangedAt: new Date(r.password_changed_at),
      createdAt: new Date(r.created_at),
      expiresAt: new Date(r.expires_at),
      lastSeenAt: new Date(r.last_seen_at),
    };
  }

  async touch(idHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.dataSource.query('UPDATE console_sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ? AND revoked_at IS NULL', [
      lastSeenAt,
      expiresAt,
      idHash,
    ]);
  }

  async revoke(idHash: string, now: Date): Promise<void> {
    await this.dataSource.query('UPDATE console_sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL', [now, idHash]);
  }

  async revokeAllForUser(userId: number, now: Date): Promise<void> {
    await this.dataSource.query('UPDATE console_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId]);
  }

  /** Housekeeping: a revoked session also expires within the absolute limit, so expiry alone finds every dead row. */
  async deleteExpiredBefore(olderThan: Date): Promise<void> {
    await this.dataSource.query('DELETE FROM console_sessions WHERE expires_at < ? LIMIT 1000', [olderThan]);
  }
}
