import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enterprises, their liaison-officer assignments and the officers' visits.
 *
 * "At most one active officer per enterprise" is a database rule, not only a code path: the
 * stored generated column `active_enterprise_id` holds the enterprise id while an assignment is
 * open and NULL once it has ended, and a UNIQUE index over it admits any number of NULLs but only
 * one open row per firm. This works the same on MySQL 8 and MariaDB 10.11 (neither has partial
 * indexes). `enterprises.officer_id` mirrors the open assignment for cheap joins and is written in
 * the same transaction as the assignment rows.
 */
export class Enterprises1763800000200 implements MigrationInterface {
  name = 'Enterprises1763800000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enterprises (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        credit_code CHAR(18) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        name VARCHAR(200) NOT NULL,
        region_code CHAR(6) NOT NULL,
        industry ENUM('electronic_information','equipment_manufacturing','food_beverage','advanced_materials',
                      'energy_chemicals','digital_economy','other') NOT NULL,
        scale ENUM('above','below') NOT NULL,
        tags SET('specialized','large_group','whitelist','nurture') NOT NULL DEFAULT '',
        park VARCHAR(100) NULL,
        contact_person VARCHAR(64) NULL,
        contact_phone VARCHAR(32) NULL,
        address VARCHAR(255) NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        officer_id INT UNSIGNED NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_enterprises_credit_code (credit_code),
        KEY ix_enterprises_region (region_code, active),
        KEY ix_enterprises_officer (officer_id, active),
        KEY ix_enterprises_name (name),
        CONSTRAINT fk_enterprises_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT fk_enterprises_officer FOREIGN KEY (officer_id) REFERENCES users (id),
        CONSTRAINT ck_enterprises_credit_code CHECK (credit_code REGEXP '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
        CONSTRAINT ck_enterprises_not_province CHECK (region_code NOT LIKE '__0000')
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE officer_assignments (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        enterprise_id INT UNSIGNED NOT NULL,
        officer_id INT UNSIGNED NOT NULL,
        started_at DATETIME(3) NOT NULL,
        ended_at DATETIME(3) NULL,
        assigned_by INT UNSIGNED NOT NULL,
        reason VARCHAR(500) NOT NULL,
        ended_by INT UNSIGNED NULL,
        end_reason VARCHAR(500) NULL,
        active_enterprise_id INT UNSIGNED AS (IF(ended_at IS NULL, enterprise_id, NULL)) STORED,
        PRIMARY KEY (id),
        UNIQUE KEY uq_officer_assignments_active (active_enterprise_id),
        KEY ix_officer_assignments_enterprise (enterprise_id, started_at),
        KEY ix_officer_assignments_officer (officer_id, ended_at),
        CONSTRAINT fk_officer_assignments_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id),
        CONSTRAINT fk_officer_assignments_officer FOREIGN KEY (officer_id) REFERENCES users (id),
        CONSTRAINT fk_officer_assignments_assigned_by FOREIGN KEY (assigned_by) REFERENCES users (id),
        CONSTRAINT fk_officer_assignments_ended_by FOREIGN KEY (ended_by) REFERENCES users (id),
        CONSTRAINT ck_officer_assignments_period CHECK (ended_at IS NULL OR ended_at >= started_at),
        CONSTRAINT ck_officer_assignments_ended_by CHECK ((ended_at IS NULL) = (ended_by IS NULL))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // region_code is copied from the firm so visit lists and coverage are scoped by an index range
    // scan, like every other region-scoped table.
    await q.query(`
      CREATE TABLE visits (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        enterprise_id INT UNSIGNED NOT NULL,
        officer_id INT UNSIGNED NOT NULL,
        region_code CHAR(6) NOT NULL,
        visit_date DATE NOT NULL,
        form ENUM('on_site','phone','online') NOT NULL,
        participants VARCHAR(500) NULL,
        notes TEXT NULL,
        problems_found TINYINT(1) NOT NULL DEFAULT 0,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY ix_visits_enterprise_date (enterprise_id, visit_date),
        KEY ix_visits_officer_date (officer_id, visit_date),
        KEY ix_visits_region_date (region_code, visit_date),
        CONSTRAINT fk_visits_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id),
        CONSTRAINT fk_visits_officer FOREIGN KEY (officer_id) REFERENCES users (id),
        CONSTRAINT fk_visits_region FOREIGN KEY (region_code) REFERENCES regions (code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query('ALTER TABLE users ADD CONSTRAINT fk_users_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP FOREIGN KEY fk_users_enterprise');
    await q.query('DROP TABLE visits');
    await q.query('DROP TABLE officer_assignments');
    await q.query('DROP TABLE enterprises');
  }
}
