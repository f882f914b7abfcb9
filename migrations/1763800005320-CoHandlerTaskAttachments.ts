import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A co-handler's answer carries its attachments (#20): files its handlers uploaded to the appeal
 * (the appeal's own attachments, with their upload event on the timeline) are named in the
 * answer and then belong to that task. An attachment belongs to one task at most; the lead's and
 * the firm's files belong to none.
 */
export class CoHandlerTaskAttachments1763800005320 implements MigrationInterface {
  name = 'CoHandlerTaskAttachments1763800005320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appeal_attachments
        ADD COLUMN co_handler_task_id INT UNSIGNED NULL,
        ADD KEY ix_attachments_co_handler_task (co_handler_task_id),
        ADD CONSTRAINT fk_attachments_co_handler_task FOREIGN KEY (co_handler_task_id) REFERENCES co_handler_tasks (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appeal_attachments DROP FOREIGN KEY fk_attachments_co_handler_task');
    await q.query('ALTER TABLE appeal_attachments DROP KEY ix_attachments_co_handler_task, DROP COLUMN co_handler_task_id');
  }
}
