import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The yearly calendar routine:
 *  - `calendar_recomputes`: one row per declared year, the job that recomputes every provisional
 *    deadline once that year is known. `last_id` is its progress (keyset over appeal ids), written
 *    in the same transaction as each batch, so a crash resumes exactly where it stopped and a
 *    second instance (which locks the row first) never redoes a batch. The counters are the summary
 *    the admin reads.
 *  - `calendar_coverage_warnings`: one row per (last covered day, threshold) once its admin
 *    notification went out, so every threshold fires once whichever instance gets there first.
 *  - `calendar_audit`: who changed the calendar and how (a whole year, a single day, a declaration).
 */
export class CalendarYearRoutine1763800001010 implements MigrationInterface {
  name = 'CalendarYearRoutine1763800001010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_recomputes (
        year SMALLINT UNSIGNED NOT NULL,
        status ENUM('pending','done') NOT NULL DEFAULT 'pending',
        previous_last_day DATE NOT NULL COMMENT 'last covered day before the year was declared',
        requested_by INT UNSIGNED NULL,
        requested_at DATETIME(3) NOT NULL,
        finished_at DATETIME(3) NULL,
        last_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
        batches INT UNSIGNED NOT NULL DEFAULT 0,
        examined INT UNSIGNED NOT NULL DEFAULT 0,
        moved INT UNSIGNED NOT NULL DEFAULT 0,
        moved_earlier INT UNSIGNED NOT NULL DEFAULT 0,
        moved_later INT UNSIGNED NOT NULL DEFAULT 0,
        still_provisional INT UNSIGNED NOT NULL DEFAULT 0,
        orders_moved INT UNSIGNED NOT NULL DEFAULT 0,
        notified INT UNSIGNED NOT NULL DEFAULT 0,
        shift_days JSON NOT NULL COMMENT 'moved deadlines per shift in calendar days, e.g. {"-1": 12, "2": 3}',
        PRIMARY KEY (year)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`INSERT INTO leases (name, expires_at) VALUES ('calendar-recompute', '1970-01-01')`);
    await q.query(`
      CREATE TABLE calendar_coverage_warnings (
        last_day DATE NOT NULL,
        threshold_days SMALLINT UNSIGNED NOT NULL,
        sent_at DATETIME(3) NOT NULL,
        PRIMARY KEY (last_day, threshold_days)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE calendar_audit (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        action ENUM('import_year','set_day','remove_day','declare_year','sync_package') NOT NULL,
        year SMALLINT UNSIGNED NULL,
        day DATE NULL,
        user_id INT UNSIGNED NULL,
        detail JSON NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_calendar_audit_year (year, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_audit');
    await q.query('DROP TABLE calendar_coverage_warnings');
    await q.query(`DELETE FROM leases WHERE name = 'calendar-recompute'`);
    await q.query('DROP TABLE calendar_recomputes');
  }
}
