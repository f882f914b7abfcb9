import { loadConfig } from '../config/app-config';
import { createDatabaseIfMissing, revertLastMigration, runMigrations } from './database-admin';

async function main(): Promise<void> {
  const config = loadConfig();
  const direction = process.argv[2] ?? 'up';
  if (direction === 'down') {
    await revertLastMigration(config.DATABASE_URL);
    console.log('Reverted the last migration.');
    return;
  }
  await createDatabaseIfMissing(config.DATABASE_URL);
  const applied = await runMigrations(config.DATABASE_URL);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
