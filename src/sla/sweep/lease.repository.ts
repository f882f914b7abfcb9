import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Single-runner jobs across instances: a row in `leases` claimed with a conditional UPDATE. It
 * works on MySQL, MariaDB and TiDB alike and, unlike GET_LOCK, is not tied to one connection of a
 * pool; the expiry replaces a holder that crashed without releasing.
 */
@Injectable()
export class LeaseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True when we now hold the lease: it was free (expired) or already ours. */
  async claim(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const result: { affectedRows: number } = await this.dataSource.query(
      `UPDATE leases SET holder = ?, acquired_at = IF(holder <=> ?, acquired_at, ?), expires_at = ?
        WHERE name = ? AND (expires_at < ? OR holder = ?)`,
      [holder, holder, now, new Date(now.getTime() + ttlMs), name, now, holder],
    );
    return result.affectedRows === 1;
  }

  /** Extends a lease we hold; false means it expired and someone else took it, so stop working. */
  async renew(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const result: { affectedRows: number } = await this.dataSource.query('UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?', [
      new Date(now.getTime() + ttlMs),
      name,
      holder,
    ]);
    return result.affectedRows === 1;
  }

  /** Lets the next tick (on any instance) start at once instead of waiting for the expiry. */
  async release(name: string, holder: string): Promise<void> {
    await this.dataSource.query("UPDATE leases SET holder = NULL, expires_at = '1970-01-01' WHERE name = ? AND holder = ?", [name, holder]);
  }

  async find(name: string): Promise<{ holder: string | null; acquiredAt: Date | null; expiresAt: Date } | null> {
    const rows: Array<{ holder: string | null; acquired_at: Date | null; expires_at: Date }> = await this.dataSource.query(
      'SELECT holder, acquired_at, expires_at FROM leases WHERE name = ?',
      [name],
    );
    return rows[0] ? { holder: rows[0].holder, acquiredAt: rows[0].acquired_at, expiresAt: rows[0].expires_at } : null;
  }
}
