import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns an appeal is grouped or narrowed by in reports and rankings: region (scope, county), city, department, category. */
const GROUP_COLUMNS = 'region_code, city_code, lead_department_id, category_id';

/**
 * Supervision at provincial scale: the metric queries become index-only scans.
 *
 * Each metric family counts the appeals whose one timestamp lies in the period (see
 * src/supervision/METRICS.md). Migration 0600 indexed the timestamp alone, so a month of a
 * province (30–45 thousand appeals per family) cost as many row lookups per family, about
 * three seconds in all. The seven indexes below replace 0600's six timestamp indexes and its
 * (is_open, region_code, warning_light) one, one for one, so the appeals table keeps the same
 * number of indexes: each starts with the family's timestamp and carries the grouping columns
 * and the few columns that family's counts read, so the range scan answers from the index.
 *
 * Write cost, weighed: an INSERT writes the same number of index entries as before, each wider
 * (about 50–65 bytes instead of 25). An UPDATE rewrites an entry only when one of its columns
 * changes; the added columns are set once or rarely (region, city, category never; the
 * department on routing; the officer on a handover; counters and verification once) except
 * `status`, which is in the response-due, resolution-due, closed and open indexes and so adds
 * up to four entry rewrites to a state change, which already rewrites five or six (the
 * deadline and open indexes). The SLA sweep's light changes touch only the open index, as
 * before. Measured on the 1M data set: see METRICS.md.
 *
 * Two small indexes on tables that are written rarely or append-only:
 *  - appeal_events (to_status, created_at, appeal_id): the rejections and withdrawals after a
 *    period's end ("still open at the end" of a past period), instead of scanning every
 *    rejected or withdrawn appeal.
 *  - supervision_orders (replied_at, appeal_id): orders awaiting a reply, for the dashboard and
 *    the queue, without reading every order ever issued.
 *
 * report_slices: the dashboard's cut of a frozen province month report — one row per region
 * (the province, each city with its counties, each county) — so a dashboard reads a few
 * kilobytes instead of parsing the whole report (~730 KB) for each of six months. The running
 * month's cuts live in live_figures, one row per region; its old rows (whole province figures)
 * are a cache and are dropped here, to be recomputed on first need.
 */
export class SupervisionSpeed1763800000650 implements MigrationInterface {
  name = 'SupervisionSpeed1763800000650';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appeals
        DROP KEY ix_appeals_response_due,
        DROP KEY ix_appeals_resolution_due,
        DROP KEY ix_appeals_resolved,
        DROP KEY ix_appeals_verified,
        DROP KEY ix_appeals_assigned,
        DROP KEY ix_appeals_closed,
        DROP KEY ix_appeals_open_region_light,
        ADD KEY ix_appeals_response_due_cover (response_due_at, ${GROUP_COLUMNS}, signed_at, sla_policy_id),
        ADD KEY ix_appeals_resolution_due_cover (resolution_due_at, ${GROUP_COLUMNS}, resolved_at, sla_policy_id),
        ADD KEY ix_appeals_resolved_cover (resolved_at, ${GROUP_COLUMNS}, resolution_due_at, redo_count, closure_type, sla_policy_id),
        ADD KEY ix_appeals_verified_cover (verified_at, ${GROUP_COLUMNS}, solved, satisfaction, verified_on_behalf),
        ADD KEY ix_appeals_assigned_cover (assigned_at, ${GROUP_COLUMNS}, objection_count, extension_count),
        ADD KEY ix_appeals_closed_cover (closed_at, status, ${GROUP_COLUMNS}, submitted_at, resolved_at, resolution_due_at),
        ADD KEY ix_appeals_open_cover (is_open, region_code, warning_light, city_code, lead_department_id, category_id, status,
                                       submitted_at, response_due_at, resolution_due_at, resolved_at, current_due_at)`);
    await q.query('ALTER TABLE appeal_events ADD KEY ix_events_to_status_created (to_status, created_at, appeal_id)');
    await q.query('ALTER TABLE supervision_orders ADD KEY ix_orders_open_appeal (replied_at, appeal_id)');

    // figures_sha256 is the report's hash when the slice was cut: a slice whose report was
    // recomputed since (a draft replaced) no longer matches and is cut again.
    await q.query(`
      CREATE TABLE report_slices (
        snapshot_id INT UNSIGNED NOT NULL,
        region_code CHAR(6) NOT NULL,
        figures_sha256 CHAR(64) NOT NULL,
        slice MEDIUMTEXT NOT NULL,
        PRIMARY KEY (snapshot_id, region_code),
        CONSTRAINT fk_report_slices_snapshot FOREIGN KEY (snapshot_id) REFERENCES report_snapshots (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query('DELETE FROM live_figures');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE report_slices');
    await q.query('DELETE FROM live_figures');
    await q.query('ALTER TABLE supervision_orders DROP KEY ix_orders_open_appeal');
    await q.query('ALTER TABLE appeal_events DROP KEY ix_events_to_status_created');
    await q.query(`
      ALTER TABLE appeals
        DROP KEY ix_appeals_response_due_cover,
        DROP KEY ix_appeals_resolution_due_cover,
        DROP KEY ix_appeals_resolved_cover,
        DROP KEY ix_appeals_verified_cover,
        DROP KEY ix_appeals_assigned_cover,
        DROP KEY ix_appeals_closed_cover,
        DROP KEY ix_appeals_open_cover,
        ADD KEY ix_appeals_response_due (response_due_at),
        ADD KEY ix_appeals_resolution_due (resolution_due_at),
        ADD KEY ix_appeals_resolved (resolved_at),
        ADD KEY ix_appeals_verified (verified_at),
        ADD KEY ix_appeals_assigned (assigned_at),
        ADD KEY ix_appeals_closed (closed_at),
        ADD KEY ix_appeals_open_region_light (is_open, region_code, warning_light)`);
  }
}
