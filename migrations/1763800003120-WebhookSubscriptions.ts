import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook subscriptions (issue #14). A subscription belongs to a machine client and follows the
 * change feed with that client's reach (`last_position` is its own cursor into `feed_seq`), so
 * it never receives an event its client could not read. Each matching event becomes an outbox
 * row (`outbox.subscription_id`, delivery id `msg_<subscription>_<event>`, unique: dispatching
 * twice queues once), delivered and retried by the existing outbox worker and logged in
 * `outbox_attempts`. The signing secret is kept as given to the receiver (HMAC needs it);
 * `consecutive_failures` disables a subscription whose receiver keeps failing.
 */
export class WebhookSubscriptions1763800003120 implements MigrationInterface {
  name = 'WebhookSubscriptions1763800003120';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        client_pk INT UNSIGNED NOT NULL,
        url VARCHAR(500) NOT NULL,
        event_types VARCHAR(1000) NOT NULL,
        region_code CHAR(6) NULL,
        secret VARCHAR(100) NOT NULL,
        status ENUM('active','disabled') NOT NULL DEFAULT 'active',
        disabled_reason VARCHAR(300) NULL,
        consecutive_failures INT UNSIGNED NOT NULL DEFAULT 0,
        last_position BIGINT UNSIGNED NOT NULL,
        created_by INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_webhook_subscriptions_client (client_pk),
        KEY ix_webhook_subscriptions_status (status),
        CONSTRAINT fk_webhook_subscriptions_client FOREIGN KEY (client_pk) REFERENCES api_clients (id),
        CONSTRAINT fk_webhook_subscriptions_region FOREIGN KEY (region_code) REFERENCES regions (code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query('ALTER TABLE outbox ADD COLUMN subscription_id INT UNSIGNED NULL, ADD KEY ix_outbox_subscription (subscription_id, id)');
    await q.query("INSERT INTO leases (name, expires_at) VALUES ('webhook-dispatch', '1970-01-01')");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM leases WHERE name = 'webhook-dispatch'");
    await q.query('ALTER TABLE outbox DROP KEY ix_outbox_subscription, DROP COLUMN subscription_id');
    await q.query('DROP TABLE webhook_subscriptions');
  }
}
