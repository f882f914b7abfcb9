import { DataSource } from 'typeorm';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';
import { DemoClock } from '../demo/demo-clock';
import { seedDemo } from '../demo/seed-demo';
import { createDatabaseIfMissing, runMigrations } from './database-admin';

/**
 * `npm run demo`: creates the database when missing, migrates it, loads the demo data once, and
 * serves. Running it again keeps the data and just starts the server.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  await createDatabaseIfMissing(config.DATABASE_URL);
  const applied = await runMigrations(config.DATABASE_URL);
  if (applied.length) console.log(`Migrated: ${applied.length} migration(s) applied.`);
  const clock = new DemoClock();
  const app = await createApp({ clock });
  const summary = await seedDemo(app, app.get(DataSource), clock);
  await app.listen({ port: config.PORT, host: config.HOST });
  const base = `http://localhost:${config.PORT}`;
  console.log('\n================ Qiyuan (企援) demo ================');
  console.log(`Web console:   ${base}/`);
  console.log(`API docs:      ${base}/api/docs   (OpenAPI JSON: ${base}/api/docs-json)`);
  console.log(summary.created ? `Demo data:     loaded (${summary.description})` : 'Demo data:     already present, kept as it is');
  console.log(`Demo logins (password for all: ${summary.password}):`);
  for (const login of summary.logins) console.log(`  ${login.username.padEnd(16)} ${login.role.padEnd(11)} ${login.who}`);
  console.log('Stop with Ctrl+C.\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
