import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import chineseDaysPackage from 'chinese-days/package.json';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { formatSyncReport, syncCalendarFromPackage } from '../sla/calendar-seed/calendar-sync';

/**
 * `npm run calendar:sync [-- --dry-run]`: after `npm install chinese-days@latest`, re-seeds the
 * working-day calendar from the installed release without overwriting admins' corrections, and
 * prints what it added, updated, removed and skipped.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = new DataSource(dataSourceOptions(config.DATABASE_URL, 2));
  await db.initialize();
  try {
    const report = await syncCalendarFromPackage(db, {
      data: chineseDaysData,
      packageVersion: chineseDaysPackage.version,
      now: new Date(),
      dryRun: process.argv.includes('--dry-run'),
    });
    console.log(formatSyncReport(report));
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
