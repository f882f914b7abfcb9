import './env';
import { recreateDatabaseAndMigrate } from '../../src/cli/database-admin';

/** One fresh database per test run, built by the real migrations. */
export default async function globalSetup(): Promise<void> {
  await recreateDatabaseAndMigrate(process.env.DATABASE_URL as string);
}
