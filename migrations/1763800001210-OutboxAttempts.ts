import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every delivery attempt of an outbox row, so an operator sees what happened to a delivery
 * (when, how long, the receiver's status, the error) and a receiver's complaint of a duplicate
 * can be checked: delivery is at-least-once. An attempt is written `in_flight` when it starts;
 * a worker that dies mid-attempt leaves it so, and the worker that takes the row over marks it
 * `abandoned`. `ix_outbox_claimed` serves the claim's renewal and release by claim token.
 */
export class OutboxAttempts1763800001210 implements MigrationInterface {
  name = 'OutboxAttempts1763800001210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_attempts (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        outbox_id BIGINT UNSIGNED NOT NULL,
        attempt INT UNSIGNED NOT NULL,
        worker VARCHAR(64) NOT NULL,
        status ENUM('in_flight','delivered','failed','abandoned') NOT NULL,
        started_at DATETIME(3) NOT NULL,
        finished_at DATETIME(3) NULL,
        duration_ms INT UNSIGNED NULL,
        response_status SMALLINT UNSIGNED NULL,
        error VARCHAR(1000) NULL,
        PRIMARY KEY (id),
        KEY ix_outbox_attempts_delivery (outbox_id, attempt),
        CONSTRAINT fk_outbox_attempts_outbox FOREIGN KEY (outbox_id) REFERENCES outbox (id) ON DELETE CASCADE
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query('ALTER TABLE outbox ADD KEY ix_outbox_claimed (claimed_by)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE outbox DROP KEY ix_outbox_claimed');
    await q.query('DROP TABLE outbox_attempts');
  }
}
