import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pre-counted open cases for the supervisors' dashboards. Counting them per request meant an
 * index-only scan of every open appeal of the province (about 240,000 at a million appeals,
 * ~200 ms of a ~300 ms dashboard); a job now counts them once a minute, grouped by region (one
 * grouped scan of `ix_appeals_open_cover` and one grouped query over the unreplied orders), and a
 * dashboard adds up its region subtree's rows (a primary-key prefix range of a few hundred rows).
 *
 * One row per region: every region of `regions` (zeros included), so "no row for the subtree"
 * means "never counted", and `counted_at` tells how fresh the counts are (a dashboard counts live
 * when they are older than two minutes, e.g. on API-only deployments where the job does not run).
 * No foreign key: the job must never fail on a region code, and a row is only ever read by its code.
 * The job writes all rows in one transaction under its own lease, like the report freezer.
 */
export class OpenCaseCounts1763800000900 implements MigrationInterface {
  name = 'OpenCaseCounts1763800000900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open_case_counts (
        region_code CHAR(6) NOT NULL,
        open_count INT UNSIGNED NOT NULL,
        overdue_count INT UNSIGNED NOT NULL,
        due_soon_count INT UNSIGNED NOT NULL,
        unaccepted_count INT UNSIGNED NOT NULL,
        awaiting_verification_count INT UNSIGNED NOT NULL,
        orders_awaiting_reply_count INT UNSIGNED NOT NULL,
        counted_at DATETIME(3) NOT NULL,
        PRIMARY KEY (region_code)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`INSERT INTO leases (name, expires_at) VALUES ('supervision-open-counts', '1970-01-01')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM leases WHERE name = 'supervision-open-counts'`);
    await q.query('DROP TABLE open_case_counts');
  }
}
