import cluster from 'node:cluster';
import { createApp } from './app.factory';
import { runMigrations } from './cli/database-admin';
import { runClusterPrimary, workerCount } from './cluster/cluster-primary';
import { installGracefulShutdown } from './common/lifecycle/graceful-shutdown';
import { createRootLogger } from './common/logging/logger';
import { type AppConfig, loadConfig } from './config/app-config';

/** One application process: serves HTTP and runs the scheduled jobs (each under its lease). */
async function serve(config: AppConfig): Promise<void> {
  const app = await createApp();
  const logger = app.getHttpAdapter().getInstance().log;
  installGracefulShutdown(app, { graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000, logger });
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = await app.getUrl();
  console.log(`Qiyuan is listening on ${url} — API docs at ${url.replace('[::1]', 'localhost')}/api/docs`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const workers = workerCount(config.WEB_CONCURRENCY);
  if (workers <= 1 || !cluster.isPrimary) return serve(config);
  const logger = createRootLogger(config.LOG_LEVEL);
  if (config.MIGRATIONS_RUN) {
    // Once, before any worker starts; the workers inherit MIGRATIONS_RUN=false.
    const applied = await runMigrations(config.DATABASE_URL);
    logger.info({ applied }, 'migrations run by the cluster primary');
    process.env.MIGRATIONS_RUN = 'false';
  }
  runClusterPrimary(workers, logger);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
