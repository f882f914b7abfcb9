import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision: frozen period reports (snapshots) and the indexes the reporting queries need.
 *
 * Every metric counts appeals by one timestamp falling in the period (see
 * src/supervision/METRICS.md), so each metric family is a range scan on an index over that
 * timestamp instead of a scan of the whole appeals table:
 *  - response rate → response_due_at; on-time resolution → resolution_due_at and resolved_at;
 *    solution / satisfaction → verified_at; objection / extension → assigned_at;
 *    handling time and "still open at the end of a past period" → closed_at.
 *  - (is_open, region_code, warning_light) answers the dashboard's open / overdue / yellow
 *    counts for a whole province from the index alone.
 *  - (is_open, current_due_at) serves the supervisor queues sorted by deadline.
 */
export class Supervision1763800000600 implements MigrationInterface {
  name = 'Supervision1763800000600';

  async up(q: QueryRunner): Promise<void> {
    // A published snapshot is never updated: the repository's only UPDATEs carry
    // `WHERE status = 'draft'`. figures is LONGTEXT rather than JSON because a province report
    // with every county and department runs to a few hundred kilobytes and is only ever read whole.
    await q.query(`
      CREATE TABLE report_snapshots (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        period_kind ENUM('week','xun','month','quarter','year','custom') NOT NULL,
        period_key VARCHAR(32) NOT NULL,
        scope_region_code CHAR(6) NOT NULL,
        status ENUM('draft','published') NOT NULL DEFAULT 'draft',
        settings JSON NOT NULL,
        policy_versions JSON NOT NULL,
        figures LONGTEXT NOT NULL,
        figures_sha256 CHAR(64) NOT NULL,
        computed_at DATETIME(3) NOT NULL,
        computed_by INT UNSIGNED NULL,
        published_at DATETIME(3) NULL,
        published_by INT UNSIGNED NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        PRIMARY KEY (id),
        UNIQUE KEY uq_snapshots_period_scope (period_kind, period_key, scope_region_code),
        KEY ix_snapshots_scope (scope_region_code, period_kind, period_key),
        CONSTRAINT fk_snapshots_region FOREIGN KEY (scope_region_code) REFERENCES regions (code),
        CONSTRAINT ck_snapshots_published CHECK ((status = 'published') = (published_at IS NOT NULL))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // The running month's figures for each province, refreshed by a job every few minutes, so the
    // dashboard reads one row instead of counting a month of appeals on every request.
    await q.query(`
      CREATE TABLE live_figures (
        scope_region_code CHAR(6) NOT NULL,
        period_kind ENUM('week','xun','month','quarter','year','custom') NOT NULL,
        period_key VARCHAR(32) NOT NULL,
        figures LONGTEXT NOT NULL,
        computed_at DATETIME(3) NOT NULL,
        PRIMARY KEY (scope_region_code, period_kind, period_key)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      ALTER TABLE appeals
        ADD KEY ix_appeals_response_due (response_due_at),
        ADD KEY ix_appeals_resolution_due (resolution_due_at),
        ADD KEY ix_appeals_resolved (resolved_at),
        ADD KEY ix_appeals_verified (verified_at),
        ADD KEY ix_appeals_assigned (assigned_at),
        ADD KEY ix_appeals_closed (closed_at),
        ADD KEY ix_appeals_open_region_light (is_open, region_code, warning_light),
        ADD KEY ix_appeals_open_due (is_open, current_due_at)`);

    await q.query(`INSERT INTO leases (name, expires_at) VALUES ('supervision-reports', '1970-01-01'), ('supervision-live', '1970-01-01')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM leases WHERE name IN ('supervision-reports', 'supervision-live')`);
    await q.query(`
      ALTER TABLE appeals
        DROP KEY ix_appeals_response_due,
        DROP KEY ix_appeals_resolution_due,
        DROP KEY ix_appeals_resolved,
        DROP KEY ix_appeals_verified,
        DROP KEY ix_appeals_assigned,
        DROP KEY ix_appeals_closed,
        DROP KEY ix_appeals_open_region_light,
        DROP KEY ix_appeals_open_due`);
    await q.query('DROP TABLE live_figures');
    await q.query('DROP TABLE report_snapshots');
  }
}
