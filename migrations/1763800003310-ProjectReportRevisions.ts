import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Correcting a submitted progress report (#15): reports get a version (the guard against two
 * people correcting at once) and every correction keeps the text it replaced in
 * project_report_revisions, with who corrected it, when and why.
 */
export class ProjectReportRevisions1763800003310 implements MigrationInterface {
  name = 'ProjectReportRevisions1763800003310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE project_reports
        ADD COLUMN version INT UNSIGNED NOT NULL DEFAULT 1,
        ADD COLUMN corrected_at DATETIME(3) NULL`);
    await q.query(`
      CREATE TABLE project_report_revisions (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        report_id INT UNSIGNED NOT NULL,
        revision INT UNSIGNED NOT NULL,
        progress TEXT NOT NULL,
        invested_to_date_wan DECIMAL(14,2) NOT NULL,
        problems TEXT NULL,
        corrected_by INT UNSIGNED NOT NULL,
        reason VARCHAR(1000) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_project_report_revisions (report_id, revision),
        CONSTRAINT fk_project_report_revisions_report FOREIGN KEY (report_id) REFERENCES project_reports (id) ON DELETE CASCADE,
        CONSTRAINT fk_project_report_revisions_user FOREIGN KEY (corrected_by) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE project_report_revisions');
    await q.query('ALTER TABLE project_reports DROP COLUMN corrected_at, DROP COLUMN version');
  }
}
