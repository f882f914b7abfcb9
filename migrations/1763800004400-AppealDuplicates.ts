import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicates (重复, #16): an appeal the firm raised again is closed with a link to its own appeal
 * where the problem is handled. `duplicate_of_id` is set by the mark_duplicate action only, on a
 * closed appeal (the CHECK holds that). The supervision metrics read it next to the closing time
 * — a duplicate is counted apart, not in handling time — so it joins the closed-appeals covering
 * index, which keeps that count an index-only range scan.
 */
export class AppealDuplicates1763800004400 implements MigrationInterface {
  name = 'AppealDuplicates1763800004400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appeals
        ADD COLUMN duplicate_of_id INT UNSIGNED NULL AFTER auto_closed,
        ADD KEY ix_appeals_duplicate_of (duplicate_of_id),
        ADD CONSTRAINT fk_appeals_duplicate_of FOREIGN KEY (duplicate_of_id) REFERENCES appeals (id),
        ADD CONSTRAINT ck_appeals_duplicate_closed CHECK (duplicate_of_id IS NULL OR status = 'closed'),
        DROP KEY ix_appeals_closed_cover,
        ADD KEY ix_appeals_closed_cover
          (closed_at, status, region_code, city_code, lead_department_id, category_id, submitted_at, resolved_at, resolution_due_at, duplicate_of_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appeals
        DROP CONSTRAINT ck_appeals_duplicate_closed,
        DROP FOREIGN KEY fk_appeals_duplicate_of,
        DROP KEY ix_appeals_closed_cover,
        ADD KEY ix_appeals_closed_cover
          (closed_at, status, region_code, city_code, lead_department_id, category_id, submitted_at, resolved_at, resolution_due_at)`);
    await q.query('ALTER TABLE appeals DROP KEY ix_appeals_duplicate_of, DROP COLUMN duplicate_of_id');
  }
}
