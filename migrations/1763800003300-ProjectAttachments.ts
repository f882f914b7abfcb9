import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stage evidence as uploaded files (#15): a project's attachments, stored by the appeals'
 * attachment machinery (same limits, type checks and storage), recorded with the project event
 * that brought them (an 'attach' event). A stage change citing a file as its evidence marks it
 * with the stage and the change's event (stage_code, stage_event_seq), once.
 */
export class ProjectAttachments1763800003300 implements MigrationInterface {
  name = 'ProjectAttachments1763800003300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE project_attachments (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        project_id INT UNSIGNED NOT NULL,
        event_seq INT UNSIGNED NOT NULL,
        stage_code VARCHAR(32) NULL,
        stage_event_seq INT UNSIGNED NULL,
        uploaded_by INT UNSIGNED NOT NULL,
        file_name VARCHAR(255) NOT NULL,
        content_type VARCHAR(120) NOT NULL,
        size_bytes INT UNSIGNED NOT NULL,
        sha256 CHAR(64) NOT NULL,
        storage_key VARCHAR(100) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_project_attachments_project (project_id, id),
        CONSTRAINT fk_project_attachments_project FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
        CONSTRAINT fk_project_attachments_uploader FOREIGN KEY (uploaded_by) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE project_attachments');
  }
}
