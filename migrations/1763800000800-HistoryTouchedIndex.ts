import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A frozen report counts the appeals as they stood at the end of its period: those changed since
 * are rebuilt from their event history (src/supervision/history/). Every change to an appeal's
 * status or metric columns sets `updated_at` (the case actions, the submission, the sweep's
 * automatic closure), so "changed since the end" is a range over this index, read from the index
 * alone with the submission time and region it is filtered by — instead of reading every event
 * entry since the end (about a million a month at a million appeals, 1–2 s).
 *
 * Write cost: `updated_at` changes with every action, so each action rewrites one more index
 * entry (about 20 bytes); the SLA sweep's light and ladder changes leave `updated_at` alone.
 */
export class HistoryTouchedIndex1763800000800 implements MigrationInterface {
  name = 'HistoryTouchedIndex1763800000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appeals ADD KEY ix_appeals_updated (updated_at, submitted_at, region_code)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appeals DROP KEY ix_appeals_updated');
  }
}
