import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regions, departments, users and the authentication tables.
 * Times are DATETIME(3) holding UTC (the connection uses timezone 'Z').
 */
export class FoundationSchema1763800000000 implements MigrationInterface {
  name = 'FoundationSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regions (
        code CHAR(6) NOT NULL,
        name VARCHAR(64) NOT NULL,
        level ENUM('province','city','county') NOT NULL,
        parent_code CHAR(6) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (code),
        KEY ix_regions_parent (parent_code),
        CONSTRAINT fk_regions_parent FOREIGN KEY (parent_code) REFERENCES regions (code),
        CONSTRAINT ck_regions_code CHECK (code REGEXP '^[0-9]{6}$'),
        CONSTRAINT ck_regions_parent CHECK ((level = 'province') = (parent_code IS NULL))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE departments (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(100) NOT NULL,
        short_name VARCHAR(40) NULL,
        region_code CHAR(6) NOT NULL,
        level ENUM('province','city','county') NOT NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_departments_region_name (region_code, name),
        CONSTRAINT fk_departments_region FOREIGN KEY (region_code) REFERENCES regions (code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE users (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        username VARCHAR(64) NOT NULL,
        password_hash VARCHAR(255) NOT NULL,
        display_name VARCHAR(64) NOT NULL,
        role ENUM('enterprise','officer','handler','supervisor','admin') NOT NULL,
        region_code CHAR(6) NOT NULL,
        department_id INT UNSIGNED NULL,
        enterprise_id INT UNSIGNED NULL,
        is_department_head TINYINT(1) NOT NULL DEFAULT 0,
        phone VARCHAR(32) NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        password_changed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_users_username (username),
        KEY ix_users_role_region (role, region_code),
        KEY ix_users_department (department_id),
        KEY ix_users_enterprise (enterprise_id),
        CONSTRAINT fk_users_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT fk_users_department FOREIGN KEY (department_id) REFERENCES departments (id),
        CONSTRAINT ck_users_handler_department CHECK (role <> 'handler' OR department_id IS NOT NULL),
        CONSTRAINT ck_users_enterprise_firm CHECK (role <> 'enterprise' OR enterprise_id IS NOT NULL)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // Refresh tokens rotate on use; a family is the chain started by one login, so reuse of an
    // already-rotated token can revoke every descendant at once.
    await q.query(`
      CREATE TABLE refresh_tokens (
        id CHAR(36) NOT NULL,
        family_id CHAR(36) NOT NULL,
        user_id INT UNSIGNED NOT NULL,
        token_hash CHAR(64) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        used_at DATETIME(3) NULL,
        revoked_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_refresh_family (family_id),
        KEY ix_refresh_user (user_id),
        CONSTRAINT fk_refresh_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=ascii`);

    await q.query(`
      CREATE TABLE login_throttles (
        throttle_key VARCHAR(200) NOT NULL,
        failures INT UNSIGNED NOT NULL,
        window_started_at DATETIME(3) NOT NULL,
        locked_until DATETIME(3) NULL,
        PRIMARY KEY (throttle_key)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_throttles');
    await q.query('DROP TABLE refresh_tokens');
    await q.query('DROP TABLE users');
    await q.query('DROP TABLE departments');
    await q.query('DROP TABLE regions');
  }
}
