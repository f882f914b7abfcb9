import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "五个一" liaison working groups (包联帮扶): one leader heads one group that takes one city (or a
 * few), keeps one problem ledger and one set of service measures. A city is taken by at most one
 * group (uq_working_group_cities_city), so "the group of this city" is well defined.
 *
 * Membership is a grant on top of the user's role, not a role of its own: a supervisor, officer or
 * handler who is a member keeps their role's rights and, through the group, reads the group's
 * cities' projects and ledger and writes the group's notes, measures and visits.
 */
export class WorkingGroups1763800001550 implements MigrationInterface {
  name = 'WorkingGroups1763800001550';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE working_groups (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(100) NOT NULL,
        leader_id INT UNSIGNED NOT NULL,
        period_start DATE NOT NULL,
        period_end DATE NULL,
        description TEXT NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_working_groups_name (name),
        CONSTRAINT fk_working_groups_leader FOREIGN KEY (leader_id) REFERENCES users (id),
        CONSTRAINT ck_working_groups_period CHECK (period_end IS NULL OR period_end >= period_start)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE working_group_cities (
        group_id INT UNSIGNED NOT NULL,
        city_code CHAR(6) NOT NULL,
        PRIMARY KEY (group_id, city_code),
        UNIQUE KEY uq_working_group_cities_city (city_code),
        CONSTRAINT fk_wgc_group FOREIGN KEY (group_id) REFERENCES working_groups (id) ON DELETE CASCADE,
        CONSTRAINT fk_wgc_region FOREIGN KEY (city_code) REFERENCES regions (code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE working_group_members (
        group_id INT UNSIGNED NOT NULL,
        user_id INT UNSIGNED NOT NULL,
        duty ENUM('leader','deputy','member','liaison') NOT NULL DEFAULT 'member',
        PRIMARY KEY (group_id, user_id),
        KEY ix_wgm_user (user_id),
        CONSTRAINT fk_wgm_group FOREIGN KEY (group_id) REFERENCES working_groups (id) ON DELETE CASCADE,
        CONSTRAINT fk_wgm_user FOREIGN KEY (user_id) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE group_ledger_notes (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        group_id INT UNSIGNED NOT NULL,
        appeal_id INT UNSIGNED NOT NULL,
        note TEXT NOT NULL,
        author_id INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_gln_group_appeal (group_id, appeal_id),
        CONSTRAINT fk_gln_group FOREIGN KEY (group_id) REFERENCES working_groups (id) ON DELETE CASCADE,
        CONSTRAINT fk_gln_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id),
        CONSTRAINT fk_gln_author FOREIGN KEY (author_id) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE group_ledger_closures (
        group_id INT UNSIGNED NOT NULL,
        appeal_id INT UNSIGNED NOT NULL,
        closed_by INT UNSIGNED NOT NULL,
        closed_at DATETIME(3) NOT NULL,
        note TEXT NULL,
        PRIMARY KEY (group_id, appeal_id),
        CONSTRAINT fk_glc_group FOREIGN KEY (group_id) REFERENCES working_groups (id) ON DELETE CASCADE,
        CONSTRAINT fk_glc_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id),
        CONSTRAINT fk_glc_user FOREIGN KEY (closed_by) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE group_measures (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        group_id INT UNSIGNED NOT NULL,
        title VARCHAR(200) NOT NULL,
        detail TEXT NULL,
        owner VARCHAR(100) NOT NULL,
        start_date DATE NOT NULL,
        due_date DATE NULL,
        status ENUM('planned','in_progress','done','cancelled') NOT NULL DEFAULT 'planned',
        evidence TEXT NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_by INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_group_measures_group (group_id, status),
        CONSTRAINT fk_gm_group FOREIGN KEY (group_id) REFERENCES working_groups (id) ON DELETE CASCADE,
        CONSTRAINT fk_gm_user FOREIGN KEY (created_by) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE group_visits (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        group_id INT UNSIGNED NOT NULL,
        enterprise_id INT UNSIGNED NULL,
        project_id INT UNSIGNED NULL,
        visit_date DATE NOT NULL,
        form ENUM('on_site','phone','online') NOT NULL,
        participants VARCHAR(500) NULL,
        notes TEXT NULL,
        problems_found TINYINT(1) NOT NULL,
        created_by INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_group_visits_group (group_id, visit_date),
        CONSTRAINT fk_gv_group FOREIGN KEY (group_id) REFERENCES working_groups (id) ON DELETE CASCADE,
        CONSTRAINT fk_gv_firm FOREIGN KEY (enterprise_id) REFERENCES enterprises (id),
        CONSTRAINT fk_gv_project FOREIGN KEY (project_id) REFERENCES projects (id),
        CONSTRAINT fk_gv_user FOREIGN KEY (created_by) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'group_visits',
      'group_measures',
      'group_ledger_closures',
      'group_ledger_notes',
      'working_group_members',
      'working_group_cities',
      'working_groups',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
