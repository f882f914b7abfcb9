import { Injectable } from '@nestjs/common';
import { SYSTEM_READER } from '../../supervision/shared/system-reader';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import type { RegionLevel, Role } from '../../common/auth/role';
import { reachPrefixFor } from '../../common/scope/region-reach';
import { runTransaction } from '../../common/database/unit-of-work';
import type { OutboxAttemptDbRow } from '../../notifications/outbox/outbox.repository';

/** The deployment-wide subscription's key (WEBHOOK_URL): it has no client. */
export const DEPLOYMENT_KEY = 'deployment';

export interface SubscriptionRow {
  id: number;
  /** null: the deployment-wide subscription (`systemKey`). */
  clientPk: number | null;
  systemKey: string | null;
  url: string;
  eventTypes: string[];
  regionCode: string | null;
  secret: string;
  /** A rotated secret that still signs beside `secret` until `previousSecretExpiresAt`. */
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  consecutiveFailures: number;
  lastPosition: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewDelivery {
  dedupeKey: string;
  eventType: string;
  payload: unknown;
}

/** A webhook_subscriptions row as `SELECT *` reads it. */
interface SubscriptionDbRow {
  id: number;
  client_pk: number | null;
  system_key: string | null;
  url: string;
  /** Space-separated; '*' for every type. */
  event_types: string;
  region_code: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  status: SubscriptionRow['status'];
  disabled_reason: string | null;
  consecutive_failures: number;
  last_position: number;
  created_at: Date;
  updated_at: Date;
}

/** One queued delivery of a subscription, as its delivery log lists it. */
export interface DeliveryDbRow {
  id: number;
  dedupe_key: string;
  event_type: string;
  status: string;
  attempts: number;
  created_at: Date;
  sent_at: Date | null;
  next_attempt_at: Date;
  last_error: string | null;
}

/** One attempt at a delivery, as the delivery log shows it. */
export type DeliveryAttemptDbRow = Omit<OutboxAttemptDbRow, 'worker'>;

function toRow(r: SubscriptionDbRow): SubscriptionRow {
  return {
    id: Number(r.id),
    clientPk: r.client_pk === null ? null : Number(r.client_pk),
    systemKey: r.system_key ?? null,
    url: String(r.url),
    eventTypes: String(r.event_types).split(' ').filter(Boolean),
    regionCode: r.region_code ?? null,
    secret: String(r.secret),
    previousSecret: r.previous_secret ?? null,
    previousSecretExpiresAt: r.previous_secret_expires_at ? new Date(r.previous_secret_expires_at) : null,
    status: r.status,
    disabledReason: r.disabled_reason ?? null,
    consecutiveFailures: Number(r.consecutive_failures),
    lastPosition: Number(r.last_position),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** After this many failed attempts in a row a subscription is disabled (an admin or its client re-enables it). */
export const DISABLE_AFTER_FAILURES = 10;

/**
 * Whom the deployment-wide subscription reads the feed as: the whole country, internal events
 * included, as the deployment's own webhook always received every event.
 */
export const DEPLOYMENT_IDENTITY: AuthUser = {
  ...SYSTEM_READER,
  username: 'system:deployment-webhook',
  displayName: 'WEBHOOK_URL',
};

@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    s: { clientPk: number; url: string; eventTypes: string[]; regionCode: string | null; secret: string; lastPosition: number; createdBy: number },
    now: Date,
  ): Promise<number> {
    const result: { insertId: number } = await this.dataSource.query(
      `INSERT INTO webhook_subscriptions (client_pk, url, event_types, region_code, secret, last_position, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [s.clientPk, s.url, s.eventTypes.join(' '), s.regionCode, s.secret, s.lastPosition, s.createdBy, now, now],
    );
    return Number(result.insertId);
  }

  /** `clientPk` null: any client's (admins). */
  async find(id: number, clientPk: number | null): Promise<SubscriptionRow | null> {
    const rows: SubscriptionDbRow[] = await this.dataSource.query(
      `SELECT * FROM webhook_subscriptions WHERE id = ?${clientPk === null ? '' : ' AND client_pk = ?'}`,
      clientPk === null ? [id] : [id, clientPk],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async list(clientPk: number | null, offset: number, limit: number): Promise<{ rows: SubscriptionRow[]; total: number }> {
    const where = clientPk === null ? '1=1' : 'client_pk = ?';
    const params = clientPk === null ? [] : [clientPk];
    const [rows, count]: [SubscriptionDbRow[], Array<{ n: number }>] = await Promise.all([
      this.dataSource.query(`SELECT * FROM webhook_subscriptions WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`, [...params, limit, offset]),
      this.dataSource.query(`SELECT COUNT(*) AS n FROM webhook_subscriptions WHERE ${where}`, params),
    ]);
    return { rows: rows.map(toRow), total: Number(count[0].n) };
  }

  async update(id: number, changes: { url?: string; eventTypes?: string[]; active?: boolean }, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_subscriptions
          SET url = COALESCE(?, url), event_types = COALESCE(?, event_types), updated_at = ?,
              status = CASE WHEN ? IS NULL THEN status WHEN ? THEN 'active' ELSE 'disabled' END,
              disabled_reason = CASE WHEN ? IS NULL THEN disabled_reason WHEN ? THEN NULL ELSE 'disabled by request' END,
              consecutive_failures = IF(? = 1, 0, consecutive_failures)
        WHERE id = ?`,
      [
        changes.url ?? null,
        changes.eventTypes?.join(' ') ?? null,
        now,
        changes.active ?? null,
        changes.active ?? null,
        changes.active ?? null,
        changes.active ?? null,
        changes.active === true ? 1 : 0,
        id,
      ],
    );
  }

  /** A new secret; the current one keeps signing beside it until `until` (null: it stops at once). */
  async rotateSecret(id: number, secret: string, until: Date | null, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_subscriptions
          SET previous_secret = IF(? IS NULL, NULL, secret), previous_secret_expires_at = ?, secret = ?, updated_at = ?
        WHERE id = ?`,
      [until, until, secret, now, id],
    );
  }

  async findSystem(m: EntityManager, key: string): Promise<SubscriptionRow | null> {
    const rows: SubscriptionDbRow[] = await m.query('SELECT * FROM webhook_subscriptions WHERE system_key = ? FOR UPDATE', [key]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** True when this call created it; false when it existed. */
  async insertSystem(key: string, url: string, secret: string, lastPosition: number, now: Date): Promise<boolean> {
    const result: { affectedRows: number } = await this.dataSource.query(
      `INSERT IGNORE INTO webhook_subscriptions (system_key, url, event_types, secret, last_position, created_at, updated_at)
       VALUES (?, ?, '*', ?, ?, ?, ?)`,
      [key, url, secret, lastPosition, now, now],
    );
    return result.affectedRows === 1;
  }

  /** The deployment's configuration wins: its URL and secret (a changed secret overlaps the old one), and whether it runs at all. */
  async updateSystem(
    m: EntityManager,
    id: number,
    changes: {
      url: string;
      secret: string;
      previousSecret: string | null;
      previousUntil: Date | null;
      status: 'active' | 'disabled';
      reason: string | null;
      lastPosition: number;
    },
    now: Date,
  ): Promise<void> {
    await m.query(
      `UPDATE webhook_subscriptions
          SET url = ?, secret = ?, previous_secret = ?, previous_secret_expires_at = ?,
              consecutive_failures = IF(? = 'active' AND status <> 'active', 0, consecutive_failures),
              status = ?, disabled_reason = ?, last_position = ?, updated_at = ?
        WHERE id = ?`,
      [
        changes.url,
        changes.secret,
        changes.previousSecret,
        changes.previousUntil,
        changes.status,
        changes.status,
        changes.reason,
        changes.lastPosition,
        now,
        id,
      ],
    );
  }

  /** Deleting gives up its undelivered deliveries in the same transaction. */
  async delete(id: number): Promise<void> {
    await runTransaction(this.dataSource, async (m) => {
      await m.query(
        "UPDATE outbox SET status = 'dead', last_error = 'the subscription was deleted' WHERE subscription_id = ? AND status = 'pending'",
        [id],
      );
      await m.query('DELETE FROM webhook_subscriptions WHERE id = ?', [id]);
    });
  }

  async activeBehind(head: number): Promise<SubscriptionRow[]> {
    const rows: SubscriptionDbRow[] = await this.dataSource.query(
      "SELECT * FROM webhook_subscriptions WHERE status = 'active' AND last_position < ? ORDER BY id",
      [head],
    );
    return rows.map(toRow);
  }

  /**
   * Queues deliveries and moves the subscription's cursor in one transaction; the cursor moves
   * only from where this dispatcher read it, and the unique delivery id makes a repeat queue nothing.
   */
  async queue(subscriptionId: number, from: number, to: number, deliveries: NewDelivery[], now: Date): Promise<boolean> {
    return runTransaction(this.dataSource, async (m) => {
      const moved: { affectedRows: number } = await m.query(
        'UPDATE webhook_subscriptions SET last_position = ? WHERE id = ? AND last_position = ?',
        [to, subscriptionId, from],
      );
      if (moved.affectedRows !== 1) return false;
      if (deliveries.length) await this.insertDeliveries(m, subscriptionId, deliveries, now);
      return true;
    });
  }

  async insertDeliveries(m: EntityManager, subscriptionId: number, deliveries: NewDelivery[], now: Date): Promise<void> {
    await m.query(
      `INSERT IGNORE INTO outbox (channel, receiver, dedupe_key, event_type, payload, next_attempt_at, created_at, subscription_id)
       VALUES ${deliveries.map(() => "('subscription', ?, ?, ?, ?, ?, ?, ?)").join(', ')}`,
      deliveries.flatMap((d) => [String(subscriptionId), d.dedupeKey, d.eventType, JSON.stringify(d.payload), now, now, subscriptionId]),
    );
  }

  /** The identity a subscription reads the feed with: its client's account and scopes; null once the client is revoked. */
  async clientIdentity(clientPk: number | null): Promise<AuthUser | null> {
    if (clientPk === null) return DEPLOYMENT_IDENTITY;
    const rows: Array<{
      id: number;
      username: string;
      display_name: string;
      role: Role;
      region_code: string;
      department_id: number | null;
      enterprise_id: number | null;
      region_level: RegionLevel;
      client_id: string;
      name: string;
      source: string;
      scopes: string;
    }> = await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.role, u.region_code, u.department_id, u.enterprise_id, r.level AS region_level,
              c.client_id, c.name, c.source, c.scopes
         FROM api_clients c JOIN users u ON u.id = c.user_id JOIN regions r ON r.code = u.region_code
        WHERE c.id = ? AND c.revoked_at IS NULL AND u.active = 1`,
      [clientPk],
    );
    const r = rows[0];
    if (!r) return null;
    const role = r.role;
    return {
      id: Number(r.id),
      username: String(r.username),
      displayName: String(r.display_name),
      role,
      regionCode: String(r.region_code),
      regionLevel: r.region_level,
      departmentId: r.department_id === null ? null : Number(r.department_id),
      enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id),
      isDepartmentHead: false,
      reachPrefix: reachPrefixFor(role, String(r.region_code), r.region_level),
      client: { id: clientPk, clientId: String(r.client_id), name: String(r.name), source: String(r.source), scopes: String(r.scopes).split(' ') },
    };
  }

  async deliveries(
    subscriptionId: number,
    offset: number,
    limit: number,
  ): Promise<{ rows: DeliveryDbRow[]; attempts: DeliveryAttemptDbRow[]; total: number }> {
    const [rows, count]: [DeliveryDbRow[], Array<{ n: number }>] = await Promise.all([
      this.dataSource.query(
        `SELECT id, dedupe_key, event_type, status, attempts, created_at, sent_at, next_attempt_at, last_error
           FROM outbox WHERE subscription_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
        [subscriptionId, limit, offset],
      ),
      this.dataSource.query('SELECT COUNT(*) AS n FROM outbox WHERE subscription_id = ?', [subscriptionId]),
    ]);
    const attempts: DeliveryAttemptDbRow[] = rows.length
      ? await this.dataSource.query(
          'SELECT outbox_id, attempt, status, started_at, finished_at, duration_ms, response_status, error FROM outbox_attempts WHERE outbox_id IN (?) ORDER BY id',
          [rows.map((r) => r.id)],
        )
      : [];
    return { rows, attempts, total: Number(count[0].n) };
  }

  /** The channel's bookkeeping: a success clears the failure count, a failure may disable the subscription. */
  async recordOutcome(subscriptionId: number, ok: boolean, error: string | null, now: Date): Promise<void> {
    if (ok) {
      await this.dataSource.query('UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = ? AND consecutive_failures <> 0', [subscriptionId]);
      return;
    }
    await this.dataSource.query(
      `UPDATE webhook_subscriptions
          SET disabled_reason = IF(consecutive_failures + 1 >= ? AND status = 'active', ?, disabled_reason),
              updated_at = IF(consecutive_failures + 1 >= ? AND status = 'active', ?, updated_at),
              status = IF(consecutive_failures + 1 >= ?, 'disabled', status),
              consecutive_failures = consecutive_failures + 1
        WHERE id = ?`,
      // MySQL and MariaDB assign left to right, each seeing the ones before: the reason reads the old status, the count goes last.
      [
        DISABLE_AFTER_FAILURES,
        `disabled after ${DISABLE_AFTER_FAILURES} failed attempts in a row; last: ${(error ?? '').slice(0, 200)}`,
        DISABLE_AFTER_FAILURES,
        now,
        DISABLE_AFTER_FAILURES,
        subscriptionId,
      ],
    );
  }
}
