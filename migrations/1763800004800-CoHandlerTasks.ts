import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-handler tasks (协办任务, #20): routing an appeal with co-handling departments creates one task
 * per department — what is asked of it, its own working-day deadline (shorter than the lead's) and
 * a one-working-day objection window. The lead may resolve only when no task is open or signed.
 * A task whose routing is replaced (re-route, transfer, redo) is withdrawn, never deleted, so the
 * department's record stays. `version` guards concurrent actions on one task.
 */
export class CoHandlerTasks1763800004800 implements MigrationInterface {
  name = 'CoHandlerTasks1763800004800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE co_handler_tasks (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        appeal_id INT UNSIGNED NOT NULL,
        department_id INT UNSIGNED NOT NULL,
        request VARCHAR(2000) NOT NULL,
        status VARCHAR(16) NOT NULL DEFAULT 'open',
        created_by INT UNSIGNED NULL,
        created_at DATETIME(3) NOT NULL,
        due_at DATETIME(3) NOT NULL,
        due_basis VARCHAR(16) NOT NULL,
        objection_deadline_at DATETIME(3) NOT NULL,
        signed_by INT UNSIGNED NULL,
        signed_at DATETIME(3) NULL,
        answer TEXT NULL,
        answered_by INT UNSIGNED NULL,
        answered_at DATETIME(3) NULL,
        objection_reason TEXT NULL,
        objected_by INT UNSIGNED NULL,
        objected_at DATETIME(3) NULL,
        waive_reason TEXT NULL,
        waived_by INT UNSIGNED NULL,
        waived_at DATETIME(3) NULL,
        withdrawn_at DATETIME(3) NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        PRIMARY KEY (id),
        KEY ix_co_handler_tasks_appeal (appeal_id, status),
        KEY ix_co_handler_tasks_department (department_id, status, due_at),
        CONSTRAINT fk_co_handler_tasks_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id),
        CONSTRAINT fk_co_handler_tasks_department FOREIGN KEY (department_id) REFERENCES departments (id),
        CONSTRAINT ck_co_handler_tasks_status CHECK (status IN ('open', 'signed', 'answered', 'objected', 'waived', 'withdrawn')),
        CONSTRAINT ck_co_handler_tasks_basis CHECK (due_basis IN ('statutory', 'provisional'))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE co_handler_tasks');
  }
}
