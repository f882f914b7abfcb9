import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cookie sessions of the web console.
 *
 * - id_hash: SHA-256 of the random 256-bit session id; the id itself lives only in the browser's
 *   HttpOnly cookie, so a leaked table cannot be replayed as sessions.
 * - csrf_token: the per-session token every console form and htmx request must echo back.
 * - password_changed_at: the user's password stamp at sign-in. A password change anywhere (the
 *   console, the API, an administrator's reset) moves users.password_changed_at, and a session
 *   whose stamp no longer matches is refused and revoked on its next request.
 * - expires_at slides with activity (idle timeout) but never past created_at + the absolute limit.
 */
export class ConsoleSessions1763800000700 implements MigrationInterface {
  name = 'ConsoleSessions1763800000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE console_sessions (
        id_hash CHAR(64) NOT NULL,
        user_id INT UNSIGNED NOT NULL,
        csrf_token CHAR(43) NOT NULL,
        password_changed_at DATETIME(3) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        last_seen_at DATETIME(3) NOT NULL,
        revoked_at DATETIME(3) NULL,
        ip VARCHAR(45) NULL,
        user_agent VARCHAR(255) NULL,
        PRIMARY KEY (id_hash),
        KEY ix_console_sessions_user (user_id, revoked_at),
        KEY ix_console_sessions_expires (expires_at),
        CONSTRAINT fk_console_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE console_sessions');
  }
}
