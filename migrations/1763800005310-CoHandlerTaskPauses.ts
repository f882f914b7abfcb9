import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A co-handler task's clock stands still while its appeal is suspended waiting for the firm, as
 * the appeal's own does (#20): on resumption its deadline moves by the working time the pause
 * took, and that time is kept here so the warning light's share leaves it out (as
 * appeals.paused_ms does). Tasks created before this migration have had no pause counted: 0.
 *
 * Each move is kept (co_handler_task_deadline_moves: when, from which deadline to which), because
 * the task figures are counted from the task table as the tasks stood at a period's end
 * (src/supervision/METRICS.md): a task whose deadline a later resumption moved was due, at that
 * end, by the deadline it had then. Only moves that change the deadline are kept (a pause of no
 * working time moves nothing); read by task and instant, and by from_due_at for the figures'
 * range read of tasks that were due in a period before a move.
 */
export class CoHandlerTaskPauses1763800005310 implements MigrationInterface {
  name = 'CoHandlerTaskPauses1763800005310';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE co_handler_tasks ADD COLUMN paused_ms BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER due_basis');
    await q.query(`
      CREATE TABLE co_handler_task_deadline_moves (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        task_id INT UNSIGNED NOT NULL,
        moved_at DATETIME(3) NOT NULL,
        from_due_at DATETIME(3) NOT NULL,
        to_due_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_co_handler_task_deadline_moves_task (task_id, moved_at),
        KEY ix_co_handler_task_deadline_moves_from (from_due_at),
        CONSTRAINT fk_co_handler_task_deadline_moves_task FOREIGN KEY (task_id) REFERENCES co_handler_tasks (id),
        CONSTRAINT ck_co_handler_task_deadline_moves_later CHECK (to_due_at > from_due_at)
      ) ENGINE=InnoDB`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE co_handler_task_deadline_moves');
    await q.query('ALTER TABLE co_handler_tasks DROP COLUMN paused_ms');
  }
}
