import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Failed-login counters live in the database (not in process memory) so that every server
 * instance sees the same count and a restart does not reset an attacker's budget.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async latestLock(keys: string[], now: Date): Promise<Date | null> {
    const rows: Array<{ locked_until: Date }> = await this.dataSource.query(
      'SELECT locked_until FROM login_throttles WHERE throttle_key IN (?) AND locked_until > ? ORDER BY locked_until DESC LIMIT 1',
      [keys, now],
    );
    return rows[0]?.locked_until ?? null;
  }

  /**
   * Counts a failure and, from the limit on, locks the key for a time that doubles with every
   * further failure (base, 2×base, 4×base … up to the cap). The count is kept across locks and
   * forgotten when the window has passed since the first failure, or on a successful sign-in.
   */
  async recordProgressiveFailure(
    key: string,
    maxFailures: number,
    windowMs: number,
    baseLockMs: number,
    capMs: number,
    now: Date,
  ): Promise<void> {
    await this.countFailure(key, windowMs, now);
    await this.dataSource.query(
      `UPDATE login_throttles
          SET locked_until = DATE_ADD(?, INTERVAL (FLOOR(LEAST(? * POW(2, LEAST(failures - ?, 30)), ?)) * 1000) MICROSECOND)
        WHERE throttle_key = ? AND failures >= ?`,
      [now, baseLockMs, maxFailures, capMs, key, maxFailures],
    );
  }

  /** Counts a failure within a rolling window and locks the key once it reaches the limit. */
  async recordFailure(key: string, maxFailures: number, windowMs: number, lockMs: number, now: Date): Promise<void> {
    await this.countFailure(key, windowMs, now);
    await this.dataSource.query(
      'UPDATE login_throttles SET locked_until = ?, failures = 0, window_started_at = ? WHERE throttle_key = ? AND failures >= ?',
      [new Date(now.getTime() + lockMs), now, key, maxFailures],
    );
  }

  /** One more failure for the key: the count restarts when its window (windowMs back from now) has passed. */
  private async countFailure(key: string, windowMs: number, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - windowMs);
    await this.dataSource.query(
      `INSERT INTO login_throttles (throttle_key, failures, window_started_at) VALUES (?, 1, ?)
       ON DUPLICATE KEY UPDATE failures = IF(window_started_at < ?, 1, failures + 1),
                               window_started_at = IF(window_started_at < ?, ?, window_started_at)`,
      [key, now, windowStart, windowStart, now],
    );
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttles WHERE throttle_key = ?', [key]);
  }
}
