import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Another system's reference on an appeal (a 12345 hotline work-order number): the system that
 * sent it (`external_source`) and its id there (`external_id`). Unique per source, so the same
 * reference submitted twice finds the first appeal; both set or neither.
 */
export class AppealExternalReferences1763800001300 implements MigrationInterface {
  name = 'AppealExternalReferences1763800001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appeals
        ADD COLUMN external_source VARCHAR(40) NULL,
        ADD COLUMN external_id VARCHAR(100) NULL,
        ADD CONSTRAINT uq_appeals_external_reference UNIQUE (external_source, external_id),
        ADD CONSTRAINT chk_appeals_external_reference CHECK ((external_source IS NULL) = (external_id IS NULL))
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appeals
        DROP CONSTRAINT chk_appeals_external_reference,
        DROP INDEX uq_appeals_external_reference,
        DROP COLUMN external_id,
        DROP COLUMN external_source
    `);
  }
}
