import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seeds cohandling.task_working_days (#20) with its default, as every other setting is seeded:
 * without the row each settings load falls back to the default with a warning meant for a broken
 * table. INSERT IGNORE: an admin who already saved the setting keeps it.
 */
export class CoHandlerTaskSetting1763800004810 implements MigrationInterface {
  name = 'CoHandlerTaskSetting1763800004810';

  async up(q: QueryRunner): Promise<void> {
    await q.query('INSERT IGNORE INTO settings (setting_key, value) VALUES (?, ?)', ['cohandling.task_working_days', JSON.stringify(3)]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM settings WHERE setting_key = 'cohandling.task_working_days'");
  }
}
