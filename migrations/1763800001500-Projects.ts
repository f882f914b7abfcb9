import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key industrial projects (五未): the stage pipeline as data, projects with their firms and the
 * planned/actual date of each stage, the responsibility list (leader, lead department, liaison
 * officer, milestones with working-day deadlines on the same ladder as appeals), progress reports,
 * links to the appeals raised for a project's blocking problems, and a hash-chained event log
 * (project_events, hashed like appeal_events).
 *
 * Tracking levels (province ≥ 50亿, city ≥ 10亿, county ≥ 1亿) are not stored: they follow from
 * the investment and the thresholds in settings, so changing a threshold never leaves stale rows.
 * Money is kept in 万元 (DECIMAL(14,2)), the unit the offices' lists use.
 */
export class Projects1763800001500 implements MigrationInterface {
  name = 'Projects1763800001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE project_stages (
        code VARCHAR(32) NOT NULL,
        name VARCHAR(32) NOT NULL,
        position SMALLINT UNSIGNED NOT NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        PRIMARY KEY (code),
        UNIQUE KEY uq_project_stages_position (position)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      INSERT INTO project_stages (code, name, position) VALUES
        ('signed', '签约未落地', 1), ('landed', '落地未开工', 2), ('started', '开工未竣工', 3),
        ('completed', '竣工未投产', 4), ('producing', '投产未达产', 5), ('at_capacity', '已达产', 6)`);
    await q.query(`
      CREATE TABLE projects (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(200) NOT NULL,
        region_code CHAR(6) NOT NULL,
        city_code CHAR(6) NOT NULL,
        industry ENUM('electronic_information','equipment_manufacturing','food_beverage','advanced_materials','energy_chemicals','digital_economy','other') NOT NULL,
        total_investment_wan DECIMAL(14,2) NOT NULL,
        invested_to_date_wan DECIMAL(14,2) NOT NULL DEFAULT 0,
        stage_code VARCHAR(32) NOT NULL,
        stage_since DATE NOT NULL,
        last_stage_change_at DATETIME(3) NOT NULL,
        last_report_at DATETIME(3) NULL,
        responsible_leader VARCHAR(100) NULL,
        lead_department_id INT UNSIGNED NULL,
        liaison_officer_id INT UNSIGNED NULL,
        description TEXT NULL,
        created_by INT UNSIGNED NOT NULL,
        event_count INT UNSIGNED NOT NULL DEFAULT 0,
        last_event_hash CHAR(64) NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_projects_region (region_code, stage_code),
        KEY ix_projects_city (city_code),
        KEY ix_projects_officer (liaison_officer_id),
        KEY ix_projects_department (lead_department_id),
        KEY ix_projects_stage (stage_code),
        CONSTRAINT fk_projects_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT fk_projects_stage FOREIGN KEY (stage_code) REFERENCES project_stages (code),
        CONSTRAINT fk_projects_department FOREIGN KEY (lead_department_id) REFERENCES departments (id),
        CONSTRAINT fk_projects_officer FOREIGN KEY (liaison_officer_id) REFERENCES users (id),
        CONSTRAINT fk_projects_created_by FOREIGN KEY (created_by) REFERENCES users (id),
        CONSTRAINT ck_projects_investment CHECK (total_investment_wan >= 0 AND invested_to_date_wan >= 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE project_enterprises (
        project_id INT UNSIGNED NOT NULL,
        enterprise_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (project_id, enterprise_id),
        KEY ix_project_enterprises_firm (enterprise_id),
        CONSTRAINT fk_project_enterprises_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
        CONSTRAINT fk_project_enterprises_firm FOREIGN KEY (enterprise_id) REFERENCES enterprises (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE project_stage_dates (
        project_id INT UNSIGNED NOT NULL,
        stage_code VARCHAR(32) NOT NULL,
        planned_date DATE NULL,
        actual_date DATE NULL,
        PRIMARY KEY (project_id, stage_code),
        CONSTRAINT fk_project_stage_dates_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
        CONSTRAINT fk_project_stage_dates_stage FOREIGN KEY (stage_code) REFERENCES project_stages (code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE project_events (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        project_id INT UNSIGNED NOT NULL,
        seq INT UNSIGNED NOT NULL,
        action VARCHAR(32) NOT NULL,
        actor_id INT UNSIGNED NULL,
        actor_role VARCHAR(16) NOT NULL,
        from_stage VARCHAR(32) NULL,
        to_stage VARCHAR(32) NOT NULL,
        reason TEXT NULL,
        payload JSON NOT NULL,
        created_at DATETIME(3) NOT NULL,
        prev_hash CHAR(64) NULL,
        hash CHAR(64) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_project_events_seq (project_id, seq),
        KEY ix_project_events_stage_change (action, created_at),
        CONSTRAINT fk_project_events_project FOREIGN KEY (project_id) REFERENCES projects (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE project_milestones (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        project_id INT UNSIGNED NOT NULL,
        title VARCHAR(200) NOT NULL,
        owner VARCHAR(100) NOT NULL,
        owner_department_id INT UNSIGNED NULL,
        started_at DATETIME(3) NOT NULL,
        basis_working_days SMALLINT UNSIGNED NULL,
        basis_date DATE NULL,
        due_at DATETIME(3) NOT NULL,
        due_provisional TINYINT(1) NOT NULL DEFAULT 0,
        yellow_at DATETIME(3) NOT NULL,
        done_at DATETIME(3) NULL,
        warning_light ENUM('green','yellow','red') NOT NULL DEFAULT 'green',
        supervision_level ENUM('none','reminder','supervision','yellow_card','red_card') NOT NULL DEFAULT 'none',
        overdue_since DATETIME(3) NULL,
        next_check_at DATETIME(3) NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_project_milestones_project (project_id, due_at),
        KEY ix_project_milestones_next_check (next_check_at),
        KEY ix_project_milestones_provisional (due_provisional, done_at),
        CONSTRAINT fk_project_milestones_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
        CONSTRAINT fk_project_milestones_department FOREIGN KEY (owner_department_id) REFERENCES departments (id),
        CONSTRAINT ck_project_milestones_basis CHECK ((basis_working_days IS NULL) <> (basis_date IS NULL))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE project_reports (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        project_id INT UNSIGNED NOT NULL,
        period_kind ENUM('week','xun','month') NOT NULL,
        period_start DATE NOT NULL,
        progress TEXT NOT NULL,
        invested_to_date_wan DECIMAL(14,2) NOT NULL,
        problems TEXT NULL,
        reporter_id INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_project_reports_period (project_id, period_kind, period_start),
        CONSTRAINT fk_project_reports_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
        CONSTRAINT fk_project_reports_reporter FOREIGN KEY (reporter_id) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE project_appeals (
        project_id INT UNSIGNED NOT NULL,
        appeal_id INT UNSIGNED NOT NULL,
        report_id INT UNSIGNED NULL,
        linked_by INT UNSIGNED NOT NULL,
        linked_at DATETIME(3) NOT NULL,
        PRIMARY KEY (project_id, appeal_id),
        KEY ix_project_appeals_appeal (appeal_id),
        CONSTRAINT fk_project_appeals_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
        CONSTRAINT fk_project_appeals_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id),
        CONSTRAINT fk_project_appeals_report FOREIGN KEY (report_id) REFERENCES project_reports (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`INSERT INTO leases (name, expires_at) VALUES ('project-milestone-sweep', '1970-01-01')`);
    const settings: Array<[string, unknown]> = [
      ['projects.tracking_thresholds_wan', { province: 500000, city: 100000, county: 10000 }],
      ['projects.report_cadence', { province: 'week', city: 'xun', county: 'month' }],
      ['projects.stalled_after_periods', 2],
    ];
    for (const [key, value] of settings) {
      await q.query('INSERT INTO settings (setting_key, value) VALUES (?, ?)', [key, JSON.stringify(value)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM settings WHERE setting_key LIKE 'projects.%'`);
    await q.query(`DELETE FROM leases WHERE name = 'project-milestone-sweep'`);
    for (const table of [
      'project_appeals',
      'project_reports',
      'project_milestones',
      'project_events',
      'project_stage_dates',
      'project_enterprises',
      'projects',
      'project_stages',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
