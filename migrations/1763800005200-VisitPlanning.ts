import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visits that respect the firm (#20): a visit can be planned as well as logged, the firm answers
 * a plan (accept, propose another date, decline with a reason), two units' plans to one firm in
 * one week can be merged into one joint visit, and a logged visit counts for coverage once the
 * firm confirmed it.
 *
 * Every visit already stored was logged under the old rule ("a logged visit counts"), so it
 * becomes a done visit whose confirmation is `legacy`: it keeps counting as it did, and history
 * read today reads as it read yesterday. New logs start `pending` (or `presumed` when logged from
 * a plan the firm accepted); only pending/presumed may change, by the firm.
 *
 * `unit_key` is who visits, for the weekly clash: an officer's department when they have one,
 * else their liaison office (their region), or the working group that planned it. It is stored
 * so a clash is one indexed read of the firm's week, and so a later move of the officer does not
 * rewrite what was planned. A merged visit points at the joint one it became part of.
 *
 * The history of each visit is its own append-only table (visit_events): a visit changes state
 * several times (planned → reschedule proposed → accepted → done → confirmed), and the firm's
 * reasons and proposed dates must survive each later change, which columns on the row cannot
 * keep.
 *
 * down: plans have no meaning in the old schema (it had only logged visits), so every visit that
 * is not done is deleted, with the events table and the new columns. visit_appeals only ever
 * links done visits (appeals are raised from a logged visit).
 */
export class VisitPlanning1763800005200 implements MigrationInterface {
  name = 'VisitPlanning1763800005200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visits
        ADD COLUMN status ENUM('planned','accepted','reschedule_proposed','declined','cancelled','merged','done') NOT NULL DEFAULT 'done' AFTER region_code,
        ADD COLUMN proposed_date DATE NULL AFTER visit_date,
        ADD COLUMN purpose VARCHAR(500) NULL AFTER form,
        ADD COLUMN firm_note VARCHAR(500) NULL AFTER problems_found,
        ADD COLUMN group_id INT UNSIGNED NULL AFTER officer_id,
        ADD COLUMN unit_key VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '' AFTER group_id,
        ADD COLUMN unit_name VARCHAR(120) NOT NULL DEFAULT '' AFTER unit_key,
        ADD COLUMN merged_into_id INT UNSIGNED NULL AFTER unit_name,
        ADD COLUMN confirmation ENUM('legacy','pending','presumed','confirmed','disputed') NULL AFTER firm_note,
        ADD COLUMN logged_at DATETIME(3) NULL AFTER confirmation,
        ADD COLUMN over_budget TINYINT(1) NOT NULL DEFAULT 0 AFTER logged_at,
        ADD COLUMN version INT UNSIGNED NOT NULL DEFAULT 1,
        ADD COLUMN updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)`);
    // Historical rows: done, counted as before (legacy), their unit taken from the officer as they are now.
    await q.query(`
      UPDATE visits v JOIN users u ON u.id = v.officer_id
         LEFT JOIN departments d ON d.id = u.department_id
         JOIN regions r ON r.code = u.region_code
         SET v.status = 'done', v.confirmation = 'legacy', v.logged_at = v.created_at, v.updated_at = v.created_at,
             v.unit_key = IF(d.id IS NULL, CONCAT('office:', u.region_code), CONCAT('dept:', d.id)),
             v.unit_name = LEFT(IF(d.id IS NULL, CONCAT(r.name, '联络专员'), d.name), 120)`);
    await q.query(`
      ALTER TABLE visits
        ALTER COLUMN unit_key DROP DEFAULT,
        ALTER COLUMN unit_name DROP DEFAULT,
        ADD KEY ix_visits_enterprise_status_date (enterprise_id, status, visit_date),
        ADD KEY ix_visits_group (group_id, visit_date),
        ADD CONSTRAINT fk_visits_group FOREIGN KEY (group_id) REFERENCES working_groups (id),
        ADD CONSTRAINT fk_visits_merged_into FOREIGN KEY (merged_into_id) REFERENCES visits (id),
        ADD CONSTRAINT ck_visits_confirmation CHECK ((status = 'done') = (confirmation IS NOT NULL)),
        ADD CONSTRAINT ck_visits_proposed CHECK (status <> 'reschedule_proposed' OR proposed_date IS NOT NULL),
        ADD CONSTRAINT ck_visits_merged CHECK ((status = 'merged') = (merged_into_id IS NOT NULL))`);
    await q.query(`
      CREATE TABLE visit_events (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        visit_id INT UNSIGNED NOT NULL,
        action VARCHAR(30) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        from_status VARCHAR(30) CHARACTER SET ascii COLLATE ascii_bin NULL,
        to_status VARCHAR(30) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        visit_date DATE NOT NULL,
        proposed_date DATE NULL,
        confirmation VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NULL,
        note VARCHAR(500) NULL,
        related_visit_id INT UNSIGNED NULL,
        actor_id INT UNSIGNED NOT NULL,
        actor_role VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_visit_events_visit (visit_id, id),
        CONSTRAINT fk_visit_events_visit FOREIGN KEY (visit_id) REFERENCES visits (id),
        CONSTRAINT fk_visit_events_related FOREIGN KEY (related_visit_id) REFERENCES visits (id),
        CONSTRAINT fk_visit_events_actor FOREIGN KEY (actor_id) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // The budget is a setting like every other (seeded, so a settings load never falls back silently).
    await q.query('INSERT IGNORE INTO settings (setting_key, value) VALUES (?, ?)', ['visits.monthly_budget_per_firm', JSON.stringify(2)]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM settings WHERE setting_key = 'visits.monthly_budget_per_firm'");
    await q.query('DROP TABLE visit_events');
    await q.query(`
      ALTER TABLE visits
        DROP CONSTRAINT ck_visits_confirmation,
        DROP CONSTRAINT ck_visits_proposed,
        DROP CONSTRAINT ck_visits_merged,
        DROP FOREIGN KEY fk_visits_group,
        DROP FOREIGN KEY fk_visits_merged_into`);
    await q.query("DELETE FROM visits WHERE status <> 'done'");
    await q.query(`
      ALTER TABLE visits
        DROP KEY ix_visits_enterprise_status_date,
        DROP KEY ix_visits_group,
        DROP COLUMN status, DROP COLUMN proposed_date, DROP COLUMN purpose, DROP COLUMN firm_note, DROP COLUMN group_id,
        DROP COLUMN unit_key, DROP COLUMN unit_name, DROP COLUMN merged_into_id, DROP COLUMN confirmation, DROP COLUMN logged_at,
        DROP COLUMN over_budget, DROP COLUMN version, DROP COLUMN updated_at`);
  }
}
