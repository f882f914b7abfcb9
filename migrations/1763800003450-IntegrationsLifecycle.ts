import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #14, completing the integrations:
 * - `api_client_audit`: every change to a machine client (registered, renamed or re-scoped, a secret
 *   rotated or revoked, the client revoked), who did it and when, with the before → after of a
 *   change. Existing clients get their history from what their rows already recorded.
 * - Subscription secrets rotate with an overlap: the previous secret signs beside the new one
 *   (Standard Webhooks allows several signatures in `webhook-signature`) until it expires.
 * - The deployment-wide webhook (`WEBHOOK_URL`) becomes one subscription with no client
 *   (`system_key = 'deployment'`), materialised at startup, signed and logged like the others.
 */
export class IntegrationsLifecycle1763800003450 implements MigrationInterface {
  name = 'IntegrationsLifecycle1763800003450';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_client_audit (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        client_pk INT UNSIGNED NOT NULL,
        action ENUM('create','update','rotate_secret','revoke_secret','revoke') NOT NULL,
        actor_id INT UNSIGNED NULL,
        at DATETIME(3) NOT NULL,
        details TEXT NOT NULL,
        PRIMARY KEY (id),
        KEY ix_api_client_audit_client (client_pk, id),
        CONSTRAINT fk_api_client_audit_client FOREIGN KEY (client_pk) REFERENCES api_clients (id),
        CONSTRAINT fk_api_client_audit_actor FOREIGN KEY (actor_id) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      INSERT INTO api_client_audit (client_pk, action, actor_id, at, details)
      SELECT id, 'create', created_by, created_at, JSON_OBJECT('name', name, 'scopes', scopes, 'backfilled', TRUE) FROM api_clients`);
    await q.query(`
      INSERT INTO api_client_audit (client_pk, action, actor_id, at, details)
      SELECT s.client_pk, 'rotate_secret', s.created_by, s.created_at, JSON_OBJECT('secretId', s.id, 'backfilled', TRUE)
        FROM api_client_secrets s
       WHERE s.id > (SELECT MIN(f.id) FROM api_client_secrets f WHERE f.client_pk = s.client_pk)`);
    await q.query(`
      INSERT INTO api_client_audit (client_pk, action, actor_id, at, details)
      SELECT id, 'revoke', revoked_by, revoked_at, JSON_OBJECT('backfilled', TRUE) FROM api_clients WHERE revoked_at IS NOT NULL`);
    await q.query(`
      ALTER TABLE webhook_subscriptions
        MODIFY client_pk INT UNSIGNED NULL,
        MODIFY created_by INT UNSIGNED NULL,
        ADD COLUMN previous_secret VARCHAR(100) NULL AFTER secret,
        ADD COLUMN previous_secret_expires_at DATETIME(3) NULL AFTER previous_secret,
        ADD COLUMN system_key VARCHAR(20) NULL AFTER client_pk,
        ADD UNIQUE KEY uq_webhook_subscriptions_system (system_key),
        ADD CONSTRAINT ck_webhook_subscriptions_owner CHECK ((client_pk IS NULL) <> (system_key IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM webhook_subscriptions WHERE system_key IS NOT NULL');
    await q.query(`
      ALTER TABLE webhook_subscriptions
        DROP CONSTRAINT ck_webhook_subscriptions_owner,
        DROP KEY uq_webhook_subscriptions_system,
        DROP COLUMN system_key,
        DROP COLUMN previous_secret_expires_at,
        DROP COLUMN previous_secret,
        MODIFY created_by INT UNSIGNED NOT NULL,
        MODIFY client_pk INT UNSIGNED NOT NULL`);
    await q.query('DROP TABLE api_client_audit');
  }
}
