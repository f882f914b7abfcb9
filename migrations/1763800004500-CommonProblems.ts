import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Named common problems (共性问题, #16): a supervisor names a cluster of the pool (or a set of
 * appeals) as one problem of a region and period, a lead department (牵头部门) answers it for the
 * whole class, the supervisor closes it (办结). `version` guards concurrent changes (UPDATE … WHERE
 * version = ?). A problem may be chosen as the topic of a period (每月一题): `topic_kind/key`.
 * `common_problem_appeals` links appeals to it; `common_problem_events` is its own timeline.
 */
export class CommonProblems1763800004500 implements MigrationInterface {
  name = 'CommonProblems1763800004500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE common_problems (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        title VARCHAR(200) NOT NULL,
        description VARCHAR(2000) NULL,
        region_code CHAR(6) NOT NULL,
        period_kind ENUM('week','xun','month') NOT NULL,
        period_key VARCHAR(32) NOT NULL,
        period_from DATE NOT NULL,
        period_to DATE NOT NULL,
        source_cluster_key INT UNSIGNED NULL,
        lead_department_id INT UNSIGNED NULL,
        state ENUM('open','answered','closed') NOT NULL DEFAULT 'open',
        answer_text VARCHAR(4000) NULL,
        answer_policy_id INT UNSIGNED NULL,
        answered_at DATETIME(3) NULL,
        answered_by INT UNSIGNED NULL,
        closed_at DATETIME(3) NULL,
        closed_by INT UNSIGNED NULL,
        topic_kind ENUM('week','xun','month') NULL,
        topic_key VARCHAR(32) NULL,
        topic_from DATE NULL,
        topic_to DATE NULL,
        created_by INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY ix_common_problems_region_period (region_code, period_from),
        KEY ix_common_problems_topic (topic_from, region_code),
        KEY ix_common_problems_lead (lead_department_id, state),
        CONSTRAINT fk_common_problems_region FOREIGN KEY (region_code) REFERENCES regions (code),
        CONSTRAINT fk_common_problems_lead FOREIGN KEY (lead_department_id) REFERENCES departments (id),
        CONSTRAINT fk_common_problems_policy FOREIGN KEY (answer_policy_id) REFERENCES policies (id),
        CONSTRAINT fk_common_problems_created_by FOREIGN KEY (created_by) REFERENCES users (id),
        CONSTRAINT ck_common_problems_answered CHECK (state = 'open' OR (answer_text IS NOT NULL AND answered_at IS NOT NULL)),
        CONSTRAINT ck_common_problems_closed CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
        CONSTRAINT ck_common_problems_topic CHECK ((topic_kind IS NULL) = (topic_key IS NULL))
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE common_problem_appeals (
        problem_id INT UNSIGNED NOT NULL,
        appeal_id INT UNSIGNED NOT NULL,
        linked_by INT UNSIGNED NOT NULL,
        linked_at DATETIME(3) NOT NULL,
        PRIMARY KEY (problem_id, appeal_id),
        KEY ix_common_problem_appeals_appeal (appeal_id),
        CONSTRAINT fk_common_problem_appeals_problem FOREIGN KEY (problem_id) REFERENCES common_problems (id),
        CONSTRAINT fk_common_problem_appeals_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB`);
    await q.query(`
      CREATE TABLE common_problem_events (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        problem_id INT UNSIGNED NOT NULL,
        action VARCHAR(32) NOT NULL,
        actor_id INT UNSIGNED NOT NULL,
        at DATETIME(3) NOT NULL,
        details TEXT NOT NULL,
        PRIMARY KEY (id),
        KEY ix_common_problem_events_problem (problem_id, id),
        CONSTRAINT fk_common_problem_events_problem FOREIGN KEY (problem_id) REFERENCES common_problems (id),
        CONSTRAINT fk_common_problem_events_actor FOREIGN KEY (actor_id) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE common_problem_events');
    await q.query('DROP TABLE common_problem_appeals');
    await q.query('DROP TABLE common_problems');
  }
}
