import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The coverage warnings sent, and the admins' inbox rows they write. */
@Injectable()
export class CoverageWarningsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async sentThresholds(m: EntityManager, lastDay: string): Promise<number[]> {
    const rows: Array<{ threshold_days: number }> = await m.query(
      'SELECT threshold_days FROM calendar_coverage_warnings WHERE last_day = ? FOR UPDATE',
      [lastDay],
    );
    return rows.map((r) => Number(r.threshold_days));
  }

  /**
   * Records the thresholds as sent; false when another instance recorded the one to send first
   * (the primary key decides), so only one instance writes the inbox rows.
   */
  async markSent(m: EntityManager, lastDay: string, send: number, thresholds: readonly number[], now: Date): Promise<boolean> {
    const first: { affectedRows: number } = await m.query(
      'INSERT IGNORE INTO calendar_coverage_warnings (last_day, threshold_days, sent_at) VALUES (?, ?, ?)',
      [lastDay, send, now],
    );
    if (first.affectedRows !== 1) return false;
    const others = thresholds.filter((t) => t !== send);
    if (others.length) {
      await m.query(
        `INSERT IGNORE INTO calendar_coverage_warnings (last_day, threshold_days, sent_at) VALUES ${others.map(() => '(?, ?, ?)').join(', ')}`,
        others.flatMap((t) => [lastDay, t, now]),
      );
    }
    return true;
  }

  /** One inbox row per active admin. */
  async notifyAdmins(m: EntityManager, title: string, body: string, now: Date): Promise<number> {
    const result: { affectedRows: number } = await m.query(
      `INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at)
       SELECT id, NULL, 'calendar.coverage', ?, ?, ? FROM users WHERE role = 'admin' AND active = 1`,
      [title, body, now],
    );
    return result.affectedRows;
  }
}
