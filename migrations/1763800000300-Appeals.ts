import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appeals (诉求), their append-only hash-chained event log, categories, routing rules,
 * attachments and idempotency keys.
 *
 * Access paths the indexes serve (checked with EXPLAIN on a 1M-row data set, see README):
 *  - an officer's caseload: open appeals of their firms by the deadline that matters now
 *    → (officer_id, is_open, current_due_at)
 *  - a department's queue → (lead_department_id, is_open, current_due_at)
 *  - a region's open cases and reports → (region_code, is_open, current_due_at), (city_code, submitted_at)
 *  - the sweep: open appeals whose next timer is due → (is_open, next_check_at)
 */
export class Appeals1763800000300 implements MigrationInterface {
  name = 'Appeals1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appeal_categories (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        code VARCHAR(40) NOT NULL,
        name VARCHAR(64) NOT NULL,
        parent_id INT UNSIGNED NULL,
        urgent_by_default TINYINT(1) NOT NULL DEFAULT 0,
        sort_order INT NOT NULL DEFAULT 0,
        active TINYINT(1) NOT NULL DEFAULT 1,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_categories_code (code),
        CONSTRAINT fk_categories_parent FOREIGN KEY (parent_id) REFERENCES appeal_categories (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // A rule always names a region (the province for "anywhere in Sichuan"); a NULL level means
    // any level. The generated level_key makes (category, region, level) unique with NULLs too.
    // (MariaDB refuses generated columns over foreign-key columns, so region stays NOT NULL.)
    await q.query(`
      CREATE TABLE routing_rules (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        category_id INT UNSIGNED NOT NULL,
        region_code CHAR(6) NOT NULL,
        level ENUM('county','city','province') NULL,
        department_id INT UNSIGNED NOT NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_by INT UNSIGNED NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        level_key VARCHAR(8) AS (IFNULL(level, '*')) STORED,
        PRIMARY KEY (id),
        UNIQUE KEY uq_routing_scope (category_id, region_code, level_key),
        KEY ix_routing_region (region_code),
        CONSTRAINT fk_routing_category FOREIGN KEY (category_id) REFERENCES appeal_categories (id),
        CONSTRAINT fk_routing_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT fk_routing_department FOREIGN KEY (department_id) REFERENCES departments (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE appeal_number_sequences (
        year SMALLINT UNSIGNED NOT NULL,
        last_seq INT UNSIGNED NOT NULL,
        PRIMARY KEY (year)
      ) ENGINE=InnoDB`);

    await q.query(`
      CREATE TABLE appeals (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        number VARCHAR(16) NOT NULL,
        enterprise_id INT UNSIGNED NOT NULL,
        region_code CHAR(6) NOT NULL,
        city_code CHAR(6) NOT NULL,
        officer_id INT UNSIGNED NULL,
        submitted_by INT UNSIGNED NOT NULL,
        channel ENUM('portal','visit','hotline','api') NOT NULL,
        submitted_on_behalf TINYINT(1) NOT NULL DEFAULT 0,
        category_id INT UNSIGNED NOT NULL,
        kind ENUM('consultation','help','complaint','suggestion') NOT NULL,
        title VARCHAR(200) NOT NULL,
        description TEXT NOT NULL,
        urgency ENUM('normal','urgent') NOT NULL,
        level ENUM('county','city','province') NOT NULL,
        status ENUM('submitted','accepted','assigned','in_progress','suspended','resolved','closed','rejected','withdrawn') NOT NULL,
        is_open TINYINT(1) AS (IF(status IN ('closed','rejected','withdrawn'), 0, 1)) STORED,
        lead_department_id INT UNSIGNED NULL,
        handler_id INT UNSIGNED NULL,
        objected_department_ids JSON NOT NULL,
        pending_objection JSON NULL,
        pending_extension JSON NULL,
        sla_policy_id INT UNSIGNED NULL,
        submitted_at DATETIME(3) NOT NULL,
        accepted_at DATETIME(3) NULL,
        assigned_at DATETIME(3) NULL,
        signed_at DATETIME(3) NULL,
        resolved_at DATETIME(3) NULL,
        verified_at DATETIME(3) NULL,
        closed_at DATETIME(3) NULL,
        response_due_at DATETIME(3) NULL,
        objection_deadline_at DATETIME(3) NULL,
        resolution_started_at DATETIME(3) NULL,
        resolution_due_at DATETIME(3) NULL,
        verification_due_at DATETIME(3) NULL,
        current_due_at DATETIME(3) NULL,
        suspended_at DATETIME(3) NULL,
        paused_ms BIGINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'working time consumed by finished pauses of the current resolution clock',
        warning_light ENUM('green','yellow','red') NOT NULL DEFAULT 'green',
        yellow_at DATETIME(3) NULL,
        next_check_at DATETIME(3) NULL,
        overdue_since DATETIME(3) NULL,
        response_overdue TINYINT(1) NOT NULL DEFAULT 0,
        resolution_overdue TINYINT(1) NOT NULL DEFAULT 0,
        supervision_level ENUM('none','reminder','supervision','yellow_card','red_card') NOT NULL DEFAULT 'none',
        ladder_cycle SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        closure_type ENUM('resolved','partly_resolved','explained') NULL,
        answer TEXT NULL,
        solved ENUM('yes','partly','no') NULL,
        satisfaction ENUM('very_satisfied','satisfied','basically_satisfied','dissatisfied','very_dissatisfied') NULL,
        verification_comment VARCHAR(1000) NULL,
        verified_on_behalf TINYINT(1) NOT NULL DEFAULT 0,
        auto_closed TINYINT(1) NOT NULL DEFAULT 0,
        redo_count SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        objection_count SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        extension_count SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        extension_days SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        event_count INT UNSIGNED NOT NULL DEFAULT 0,
        last_event_hash CHAR(64) NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_appeals_number (number),
        KEY ix_appeals_officer_open_due (officer_id, is_open, current_due_at),
        KEY ix_appeals_lead_open_due (lead_department_id, is_open, current_due_at),
        KEY ix_appeals_region_open_due (region_code, is_open, current_due_at),
        KEY ix_appeals_enterprise_submitted (enterprise_id, submitted_at),
        KEY ix_appeals_handler_open (handler_id, is_open),
        KEY ix_appeals_open_next_check (is_open, next_check_at),
        KEY ix_appeals_city_submitted (city_code, submitted_at),
        KEY ix_appeals_submitted (submitted_at),
        KEY ix_appeals_status_verification (status, verification_due_at),
        CONSTRAINT fk_appeals_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id),
        CONSTRAINT fk_appeals_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT fk_appeals_category FOREIGN KEY (category_id) REFERENCES appeal_categories (id),
        CONSTRAINT fk_appeals_lead FOREIGN KEY (lead_department_id) REFERENCES departments (id),
        CONSTRAINT fk_appeals_submitted_by FOREIGN KEY (submitted_by) REFERENCES users (id),
        CONSTRAINT ck_appeals_lead_when_assigned CHECK (status NOT IN ('assigned','in_progress','suspended','resolved') OR lead_department_id IS NOT NULL)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE appeal_co_departments (
        appeal_id INT UNSIGNED NOT NULL,
        department_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (appeal_id, department_id),
        KEY ix_co_department (department_id),
        CONSTRAINT fk_co_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id) ON DELETE CASCADE,
        CONSTRAINT fk_co_department FOREIGN KEY (department_id) REFERENCES departments (id)
      ) ENGINE=InnoDB`);

    // Append-only: the application never updates or deletes rows here. UNIQUE (appeal_id, seq)
    // also makes two concurrent writers of "the next event" collide instead of forking the chain.
    await q.query(`
      CREATE TABLE appeal_events (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        appeal_id INT UNSIGNED NOT NULL,
        seq INT UNSIGNED NOT NULL,
        action VARCHAR(32) NOT NULL,
        actor_id INT UNSIGNED NULL,
        actor_role VARCHAR(16) NOT NULL,
        on_behalf TINYINT(1) NOT NULL DEFAULT 0,
        from_status VARCHAR(16) NULL,
        to_status VARCHAR(16) NOT NULL,
        reason TEXT NULL,
        payload JSON NOT NULL,
        visibility ENUM('public','internal') NOT NULL DEFAULT 'public',
        created_at DATETIME(3) NOT NULL,
        prev_hash CHAR(64) NULL,
        hash CHAR(64) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_events_appeal_seq (appeal_id, seq),
        KEY ix_events_created_action (created_at, action),
        CONSTRAINT fk_events_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE appeal_attachments (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        appeal_id INT UNSIGNED NOT NULL,
        event_seq INT UNSIGNED NULL,
        uploaded_by INT UNSIGNED NOT NULL,
        file_name VARCHAR(255) NOT NULL,
        content_type VARCHAR(100) NOT NULL,
        size_bytes INT UNSIGNED NOT NULL,
        sha256 CHAR(64) NOT NULL,
        storage_key VARCHAR(100) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_attachments_appeal (appeal_id),
        CONSTRAINT fk_attachments_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id INT UNSIGNED NOT NULL,
        idem_key VARCHAR(100) NOT NULL,
        request_hash CHAR(64) NOT NULL,
        appeal_id INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (user_id, idem_key),
        CONSTRAINT fk_idem_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'appeal_attachments',
      'appeal_events',
      'appeal_co_departments',
      'appeals',
      'appeal_number_sequences',
      'routing_rules',
      'appeal_categories',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
