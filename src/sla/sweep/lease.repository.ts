import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/**
 * Single-runner jobs across instances: a row in `leases` claimed with a conditional UPDATE. It
 * works on MySQL, MariaDB and TiDB alike and, unlike GET_LOCK, is not tied to one connection of a
 * pool; the expiry replaces a holder that crashed without releasing. Leases are short
 * (JOB_LEASE_SECONDS, 30 s by default) and renewed while the job works — per batch, or by the
 * heartbeat of `hold` — so a crashed holder is replaced within one lease.
 */
@Injectable()
export class LeaseRepository {
  private readonly logger = new Logger(LeaseRepository.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** How long a claim or renewal holds: JOB_LEASE_SECONDS. */
  get ttlMs(): number {
    return this.config.JOB_LEASE_SECONDS * 1000;
  }

  /** True when we now hold the lease: it was free (expired) or already ours. */
  async claim(name: string, holder: string, now: Date, ttlMs = this.ttlMs): Promise<boolean> {
    const result: { affectedRows: number } = await this.dataSource.query(
      `UPDATE leases SET holder = ?, acquired_at = IF(holder <=> ?, acquired_at, ?), expires_at = ?
        WHERE name = ? AND (expires_at < ? OR holder = ?)`,
      [holder, holder, now, new Date(now.getTime() + ttlMs), name, now, holder],
    );
    return result.affectedRows === 1;
  }

  /** Extends a lease we hold; false means it expired and someone else took it, so stop working. */
  async renew(name: string, holder: string, now: Date, ttlMs = this.ttlMs): Promise<boolean> {
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

  /**
   * Runs `work` under the lease: claims it (null when another instance holds it), renews it every
   * third of its time while `work` runs, releases it afterwards. For jobs whose steps are not
   * batches of their own (freezing reports, refreshing figures). `stillHeld()` turns false once a
   * renewal found the lease taken, so long work can stop at its next step.
   */
  async hold<T>(name: string, holder: string, work: (lease: { stillHeld: () => boolean }) => Promise<T>): Promise<T | null> {
    if (!(await this.claim(name, holder, this.clock.now()))) return null;
    let held = true;
    const heartbeat = setInterval(() => {
      this.renew(name, holder, this.clock.now())
        .then((ok) => {
          if (!ok && held) this.logger.warn({ msg: 'lease lost while working', name, holder });
          held &&= ok;
        })
        .catch((error: unknown) => this.logger.warn({ msg: 'lease renewal failed', name, holder, err: error }));
    }, Math.max(1000, Math.floor(this.ttlMs / 3)));
    heartbeat.unref();
    try {
      return await work({ stillHeld: () => held });
    } finally {
      clearInterval(heartbeat);
      if (held) await this.release(name, holder);
    }
  }

  async find(name: string): Promise<{ holder: string | null; acquiredAt: Date | null; expiresAt: Date } | null> {
    const rows: Array<{ holder: string | null; acquired_at: Date | null; expires_at: Date }> = await this.dataSource.query(
      'SELECT holder, acquired_at, expires_at FROM leases WHERE name = ?',
      [name],
    );
    return rows[0] ? { holder: rows[0].holder, acquiredAt: rows[0].acquired_at, expiresAt: rows[0].expires_at } : null;
  }
}
