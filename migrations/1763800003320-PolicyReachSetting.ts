import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seeds policies.reach_in_assessment (#21) with its default, as every other setting is seeded:
 * without the row each settings load fell back to the default with a warning meant for a broken
 * table. INSERT IGNORE: an admin who already saved the setting (PUT inserts a missing row) keeps it.
 */
export class PolicyReachSetting1763800003320 implements MigrationInterface {
  name = 'PolicyReachSetting1763800003320';

  async up(q: QueryRunner): Promise<void> {
    await q.query('INSERT IGNORE INTO settings (setting_key, value) VALUES (?, ?)', [
      'policies.reach_in_assessment',
      JSON.stringify({ enabled: false, awarenessWeight: 10, benefitWeight: 10 }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM settings WHERE setting_key = 'policies.reach_in_assessment'");
  }
}
