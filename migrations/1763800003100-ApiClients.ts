import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Machine clients (issue #14): another system (a 12345 hotline, a city platform) that signs in as
 * itself with the OAuth 2.0 client credentials grant. Each client acts through a backing `users`
 * row (`user_id`: role, region, department or firm), so every existing reach rule and guard
 * applies unchanged and everything it does is attributed to it in the events and the audit.
 * Its secrets are stored as argon2id hashes; a rotated secret keeps working until `expires_at`
 * (the overlap), a revoked one stops at once.
 */
export class ApiClients1763800003100 implements MigrationInterface {
  name = 'ApiClients1763800003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_clients (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        client_id VARCHAR(40) NOT NULL,
        name VARCHAR(100) NOT NULL,
        source VARCHAR(40) NOT NULL,
        user_id INT UNSIGNED NOT NULL,
        scopes VARCHAR(255) NOT NULL,
        created_by INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        revoked_at DATETIME(3) NULL,
        revoked_by INT UNSIGNED NULL,
        last_used_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_api_clients_client_id (client_id),
        UNIQUE KEY uq_api_clients_source (source),
        UNIQUE KEY uq_api_clients_user (user_id),
        CONSTRAINT fk_api_clients_user FOREIGN KEY (user_id) REFERENCES users (id),
        CONSTRAINT fk_api_clients_created_by FOREIGN KEY (created_by) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE api_client_secrets (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        client_pk INT UNSIGNED NOT NULL,
        secret_hash VARCHAR(255) NOT NULL,
        hint CHAR(4) NOT NULL,
        created_by INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NULL,
        revoked_at DATETIME(3) NULL,
        last_used_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY ix_api_client_secrets_client (client_pk),
        CONSTRAINT fk_api_client_secrets_client FOREIGN KEY (client_pk) REFERENCES api_clients (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE api_client_secrets');
    await q.query('DROP TABLE api_clients');
  }
}
