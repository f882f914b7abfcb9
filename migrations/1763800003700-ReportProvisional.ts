import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A frozen report's provisional counts (#12): how many appeals of its ranked groups' deadline-
 * dependent figures were judged on a provisional (暂定) deadline when it was frozen. Beside the
 * figures, not in them: the figures are re-verified from history, while these counts describe the
 * deadlines as they stood at freeze time (a later recompute makes them statutory). NULL for
 * reports frozen before this column existed.
 */
export class ReportProvisional1763800003700 implements MigrationInterface {
  name = 'ReportProvisional1763800003700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "ALTER TABLE report_snapshots ADD COLUMN provisional JSON NULL COMMENT 'provisional-deadline counts of the rankings, as at freeze time' AFTER figures_sha256",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE report_snapshots DROP COLUMN provisional');
  }
}
