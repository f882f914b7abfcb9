import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Task forces (专班, #20): a named group of departments of any level — the province's
 * industrial-chain task force of 17 provincial departments, a city's 专班 — owned by a province or
 * a city. Its members are departments on the owning region's chain or inside its subtree. A
 * supervisor or the routing brings a task force into an appeal of the owning region's subtree:
 * its members become co-handling departments (协办) of that appeal only, and
 * appeal_co_departments.task_force_id records which came that way, so the extension of a
 * department's reach stays traceable and limited to that appeal. Task forces are never deleted
 * (appeals name them); `active` retires one.
 */
export class TaskForces1763800005100 implements MigrationInterface {
  name = 'TaskForces1763800005100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_forces (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(100) NOT NULL,
        region_code CHAR(6) NOT NULL,
        active TINYINT(1) NOT NULL DEFAULT 1,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_task_forces_region_name (region_code, name),
        CONSTRAINT fk_task_forces_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT ck_task_forces_owner CHECK (region_code REGEXP '^[0-9]{4}00$')
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE task_force_members (
        task_force_id INT UNSIGNED NOT NULL,
        department_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (task_force_id, department_id),
        KEY ix_task_force_members_department (department_id),
        CONSTRAINT fk_task_force_members_force FOREIGN KEY (task_force_id) REFERENCES task_forces (id) ON DELETE CASCADE,
        CONSTRAINT fk_task_force_members_department FOREIGN KEY (department_id) REFERENCES departments (id)
      ) ENGINE=InnoDB`);
    await q.query(`
      ALTER TABLE appeal_co_departments
        ADD COLUMN task_force_id INT UNSIGNED NULL,
        ADD KEY ix_co_departments_task_force (task_force_id),
        ADD CONSTRAINT fk_co_departments_task_force FOREIGN KEY (task_force_id) REFERENCES task_forces (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appeal_co_departments DROP FOREIGN KEY fk_co_departments_task_force');
    await q.query('ALTER TABLE appeal_co_departments DROP KEY ix_co_departments_task_force, DROP COLUMN task_force_id');
    await q.query('DROP TABLE task_force_members');
    await q.query('DROP TABLE task_forces');
  }
}
