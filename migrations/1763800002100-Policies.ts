import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Support policies and their reach (应知尽知、应享尽享).
 *
 * - `policies`: the library. `rules` holds the eligibility rules as JSON data (validated by
 *   src/policies/domain/policy-rules.ts before it is stored); rules are fixed once a policy is
 *   published, so a firm's record always refers to the rules it was matched by.
 * - `policy_firms`: one row per (policy, firm) that ever matched. A firm that stops matching keeps
 *   its row and its delivery history, with `eligible = 0` and `unmatched_at`; it matches again by
 *   flipping the flag back, never by a second row — so a firm gains a policy exactly once, and
 *   `notified_at` (set in the same transaction as the inbox rows) makes the inbox entry once too.
 *   `version` guards concurrent state changes.
 * - `policy_firm_events`: the audit trail of every delivery-state change and every (un)matching.
 * - `firm_facts`: numeric facts the programme records about a firm (employees, output value,
 *   revenue), matched by rules such as "employees ≥ 50".
 * - `policy_appeals`: a firm's question about a policy is an appeal (category 政策咨询) linked here.
 */
export class Policies1763800002100 implements MigrationInterface {
  name = 'Policies1763800002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE policies (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        title VARCHAR(200) NOT NULL,
        issuing_body VARCHAR(100) NOT NULL,
        document_number VARCHAR(100) NULL,
        region_code CHAR(6) NOT NULL,
        level ENUM('province','city','county') NOT NULL,
        valid_from DATE NOT NULL,
        valid_until DATE NULL,
        summary VARCHAR(2000) NOT NULL,
        full_text MEDIUMTEXT NULL,
        attachment_url VARCHAR(500) NULL,
        department_id INT UNSIGNED NOT NULL,
        obtain_mode ENUM('automatic','apply') NOT NULL,
        status ENUM('draft','published','withdrawn') NOT NULL DEFAULT 'draft',
        rules TEXT NOT NULL,
        created_by INT UNSIGNED NOT NULL,
        published_at DATETIME(3) NULL,
        withdrawn_at DATETIME(3) NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_policies_region_status (region_code, status),
        KEY ix_policies_status_valid (status, valid_until),
        CONSTRAINT fk_policies_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT fk_policies_department FOREIGN KEY (department_id) REFERENCES departments (id),
        CONSTRAINT fk_policies_created_by FOREIGN KEY (created_by) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE policy_firms (
        policy_id INT UNSIGNED NOT NULL,
        enterprise_id INT UNSIGNED NOT NULL,
        state ENUM('pending','informed','applied','exempt','benefited','not_applicable') NOT NULL DEFAULT 'pending',
        reason VARCHAR(500) NULL,
        eligible TINYINT(1) NOT NULL DEFAULT 1,
        matched_at DATETIME(3) NOT NULL,
        unmatched_at DATETIME(3) NULL,
        notified_at DATETIME(3) NULL,
        informed_at DATETIME(3) NULL,
        applied_at DATETIME(3) NULL,
        benefited_at DATETIME(3) NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        updated_by INT UNSIGNED NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (policy_id, enterprise_id),
        KEY ix_policy_firms_enterprise (enterprise_id, eligible),
        KEY ix_policy_firms_policy_state (policy_id, eligible, state),
        CONSTRAINT fk_policy_firms_policy FOREIGN KEY (policy_id) REFERENCES policies (id),
        CONSTRAINT fk_policy_firms_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE policy_firm_events (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        policy_id INT UNSIGNED NOT NULL,
        enterprise_id INT UNSIGNED NOT NULL,
        kind ENUM('matched','unmatched','rematched','state') NOT NULL,
        from_state VARCHAR(20) NULL,
        to_state VARCHAR(20) NULL,
        source ENUM('matching','visit','call','confirmation','supervision') NOT NULL,
        reason VARCHAR(500) NULL,
        actor_id INT UNSIGNED NULL,
        actor_role VARCHAR(20) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_policy_firm_events_firm (policy_id, enterprise_id, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE firm_facts (
        enterprise_id INT UNSIGNED NOT NULL,
        fact ENUM('employees','output_value','revenue') NOT NULL,
        value DECIMAL(18,2) NOT NULL,
        as_of DATE NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (enterprise_id, fact),
        KEY ix_firm_facts_fact_value (fact, value),
        CONSTRAINT fk_firm_facts_enterprise FOREIGN KEY (enterprise_id) REFERENCES enterprises (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE policy_appeals (
        appeal_id INT UNSIGNED NOT NULL,
        policy_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (appeal_id),
        KEY ix_policy_appeals_policy (policy_id),
        CONSTRAINT fk_policy_appeals_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id),
        CONSTRAINT fk_policy_appeals_policy FOREIGN KEY (policy_id) REFERENCES policies (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(
      `INSERT INTO appeal_categories (code, name, parent_id, urgent_by_default, sort_order)
       VALUES ('policy_inquiry', '政策咨询', NULL, 0, (SELECT o FROM (SELECT COALESCE(MAX(sort_order), 0) + 10 AS o FROM appeal_categories) AS m))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM appeal_categories WHERE code = 'policy_inquiry'");
    await q.query('DROP TABLE policy_appeals');
    await q.query('DROP TABLE firm_facts');
    await q.query('DROP TABLE policy_firm_events');
    await q.query('DROP TABLE policy_firms');
    await q.query('DROP TABLE policies');
  }
}
