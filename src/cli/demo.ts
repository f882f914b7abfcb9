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
  const summary = await seedBeforeJobsStart(clock);
  const app = await createApp({ clock });
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

/**
 * Loads the demo data in an instance without background jobs, closed before the serving one
 * starts: the seeding writes months of back-dated history, and a report frozen (or a sweep run)
 * halfway through it would not match the history once complete.
 */
async function seedBeforeJobsStart(clock: DemoClock): Promise<Awaited<ReturnType<typeof seedDemo>>> {
  const jobs = process.env.SWEEP_ENABLED;
  process.env.SWEEP_ENABLED = 'false';
  const app = await createApp({ clock });
  try {
    return await seedDemo(app, app.get(DataSource), clock);
  } finally {
    await app.close();
    if (jobs === undefined) delete process.env.SWEEP_ENABLED;
    else process.env.SWEEP_ENABLED = jobs;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
