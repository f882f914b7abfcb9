import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-handler task timers (#20): each open task carries its warning light (green / yellow at the
 * appeals' yellow share / red once overdue) and the instant the SLA sweep must look at it again,
 * like appeals do (`warning_light`, `yellow_at`, `next_check_at`, swept through an index on the
 * next check). `reminded_at` records the ladder's reminder step (催办) for an overdue task: set
 * once, by a conditional UPDATE (`reminded_at IS NULL`) in the same transaction as its event, so
 * however many sweeps run a task is reminded once. The timestamp indexes let the per-department
 * task metrics read each period with range scans.
 * Open tasks created before this migration are due for a first look at once.
 */
export class CoHandlerTaskTimers1763800005000 implements MigrationInterface {
  name = 'CoHandlerTaskTimers1763800005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE co_handler_tasks
        ADD COLUMN warning_light VARCHAR(8) NOT NULL DEFAULT 'green' AFTER due_basis,
        ADD COLUMN yellow_at DATETIME(3) NULL AFTER warning_light,
        ADD COLUMN next_check_at DATETIME(3) NULL AFTER yellow_at,
        ADD COLUMN reminded_at DATETIME(3) NULL AFTER next_check_at,
        ADD KEY ix_co_handler_tasks_next_check (next_check_at),
        ADD KEY ix_co_handler_tasks_due_at (due_at),
        ADD KEY ix_co_handler_tasks_answered_at (answered_at),
        ADD KEY ix_co_handler_tasks_waived_at (waived_at),
        ADD KEY ix_co_handler_tasks_objected_at (objected_at),
        ADD CONSTRAINT ck_co_handler_tasks_light CHECK (warning_light IN ('green', 'yellow', 'red'))`);
    await q.query("UPDATE co_handler_tasks SET next_check_at = created_at WHERE status IN ('open', 'signed')");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE co_handler_tasks
        DROP CONSTRAINT ck_co_handler_tasks_light,
        DROP KEY ix_co_handler_tasks_objected_at,
        DROP KEY ix_co_handler_tasks_waived_at,
        DROP KEY ix_co_handler_tasks_answered_at,
        DROP KEY ix_co_handler_tasks_due_at,
        DROP KEY ix_co_handler_tasks_next_check,
        DROP COLUMN reminded_at,
        DROP COLUMN next_check_at,
        DROP COLUMN yellow_at,
        DROP COLUMN warning_light`);
  }
}
