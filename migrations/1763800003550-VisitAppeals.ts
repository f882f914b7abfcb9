import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appeals raised from a visit (#17): an officer who found problems on a visit submits them as
 * appeals that stay linked to it, so the appeal shows the visit it came from and the visit its
 * appeals. One row per appeal (an appeal comes from at most one visit); indexed by visit for the
 * visit's list.
 */
export class VisitAppeals1763800003550 implements MigrationInterface {
  name = 'VisitAppeals1763800003550';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE visit_appeals (
        appeal_id INT UNSIGNED NOT NULL,
        visit_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (appeal_id),
        KEY ix_visit_appeals_visit (visit_id, appeal_id),
        CONSTRAINT fk_visit_appeals_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id),
        CONSTRAINT fk_visit_appeals_visit FOREIGN KEY (visit_id) REFERENCES visits (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE visit_appeals');
  }
}
