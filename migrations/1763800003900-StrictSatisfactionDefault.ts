import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * #16 honest rates: the satisfaction rate counts 非常满意 + 满意 only by default; 基本满意 is shown
 * apart (basicallySatisfiedShare) and counts only when an admin turns the setting on. The seeded
 * value (true, 1763800000400) is turned off only where nobody has changed it since (updated_by
 * NULL), so an admin's explicit choice stays. Frozen reports keep the settings they were frozen under.
 */
export class StrictSatisfactionDefault1763800003900 implements MigrationInterface {
  name = 'StrictSatisfactionDefault1763800003900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      "UPDATE settings SET value = 'false', version = version + 1 WHERE setting_key = 'metrics.basically_satisfied_counts' AND updated_by IS NULL",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      "UPDATE settings SET value = 'true', version = version + 1 WHERE setting_key = 'metrics.basically_satisfied_counts' AND updated_by IS NULL",
    );
  }
}
