import { MigrationInterface, QueryRunner } from 'typeorm';

const TIMERS = ['response_due', 'objection_deadline', 'resolution_due', 'verification_due', 'current_due'] as const;

/**
 * Every deadline (the appeal's timers, a supervision order's reply deadline) carries its basis: `statutory` when counted on the published holiday schedule,
 * `provisional` when it needed days past the last covered one and counted them with weekends as
 * the only rest days (shown as 暂定; recomputed once the year is declared complete).
 *
 * `has_provisional` (stored, indexed) finds the open appeals to recompute with an index range
 * instead of an OR over five columns on every appeal. Existing rows were computed while every
 * deadline had to lie inside the schedule, so `statutory` is their true basis.
 */
export class ProvisionalDeadlines1763800001000 implements MigrationInterface {
  name = 'ProvisionalDeadlines1763800001000';

  async up(q: QueryRunner): Promise<void> {
    const columns = TIMERS.map(
      (t) => `ADD COLUMN ${t}_basis ENUM('statutory','provisional') NOT NULL DEFAULT 'statutory' AFTER ${t === 'objection_deadline' ? 'objection_deadline_at' : `${t}_at`}`,
    );
    await q.query(`ALTER TABLE appeals ${columns.join(', ')}`);
    await q.query(`
      ALTER TABLE appeals
        ADD COLUMN has_provisional TINYINT(1) AS (IF(${TIMERS.map((t) => `${t}_basis = 'provisional'`).join(' OR ')}, 1, 0)) STORED,
        ADD KEY ix_appeals_provisional (has_provisional, id)`);
    await q.query(
      `ALTER TABLE supervision_orders ADD COLUMN reply_due_basis ENUM('statutory','provisional') NOT NULL DEFAULT 'statutory' AFTER reply_due_at`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE supervision_orders DROP COLUMN reply_due_basis');
    await q.query('ALTER TABLE appeals DROP KEY ix_appeals_provisional, DROP COLUMN has_provisional');
    await q.query(`ALTER TABLE appeals ${TIMERS.map((t) => `DROP COLUMN ${t}_basis`).join(', ')}`);
  }
}
