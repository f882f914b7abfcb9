import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assessment notices (考核通报, #16): one per published period report. Its number (文号,
 * 巴中企援督〔2026〕3号) is allocated when the notice is first generated — per issuing region and
 * year, in order, never reused (UNIQUE) — so the document downloaded before publishing is the one
 * published. Publishing stores the document as it was served with its SHA-256, title and file
 * name, who and when; a published notice is served from here, its hash checked again — also to
 * the supervisors of the regions directly below, whom it is addressed to.
 */
export class AssessmentNotices1763800004700 implements MigrationInterface {
  name = 'AssessmentNotices1763800004700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessment_notices (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        report_id INT UNSIGNED NOT NULL,
        region_code CHAR(6) NOT NULL,
        number_prefix VARCHAR(32) NOT NULL,
        number_year SMALLINT UNSIGNED NOT NULL,
        number_sequence INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        created_by INT UNSIGNED NULL,
        published_at DATETIME(3) NULL,
        published_by INT UNSIGNED NULL,
        document MEDIUMBLOB NULL,
        document_sha256 CHAR(64) NULL,
        document_title VARCHAR(255) NULL,
        document_filename VARCHAR(255) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY ux_assessment_notices_report (report_id),
        UNIQUE KEY ux_assessment_notices_number (region_code, number_year, number_sequence),
        CONSTRAINT fk_assessment_notices_report FOREIGN KEY (report_id) REFERENCES report_snapshots (id),
        CONSTRAINT fk_assessment_notices_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT fk_assessment_notices_publisher FOREIGN KEY (published_by) REFERENCES users (id),
        CONSTRAINT ck_assessment_notices_published CHECK (
          (published_at IS NULL AND published_by IS NULL AND document IS NULL AND document_sha256 IS NULL)
          OR (published_at IS NOT NULL AND document IS NOT NULL AND document_sha256 IS NOT NULL AND document_filename IS NOT NULL))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE assessment_notices');
  }
}
