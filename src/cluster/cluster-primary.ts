import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';

interface Logger {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

/** WEB_CONCURRENCY as a number of worker processes: 0 means one per CPU core. */
export function workerCount(webConcurrency: number): number {
  return webConcurrency === 0 ? availableParallelism() : webConcurrency;
}

/** A worker that dies this soon after starting is not restarted at once (a crash loop). */
const RESTART_BACKOFF_MS = 1000;

/**
 * The primary of `WEB_CONCURRENCY` workers (node:cluster): it serves nothing itself, forks the
 * workers (each a whole application on the shared port, with its own pool; the scheduled jobs stay
 * single-runner across them through their leases), replaces one that dies, and on SIGTERM/SIGINT
 * passes the signal on so each drains gracefully, exiting when they all have. A second signal
 * kills the workers at once.
 */
export function runClusterPrimary(count: number, logger: Logger): void {
  let stopping = false;
  const fork = (): Worker => cluster.fork();
  for (let i = 0; i < count; i += 1) fork();
  logger.info({ workers: count, pid: process.pid }, 'cluster primary started its workers');

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info({}, 'all workers stopped');
        process.exit(0);
      }
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting another');
    setTimeout(fork, RESTART_BACKOFF_MS).unref();
  });

  let signals = 0;
  const stop = (signal: NodeJS.Signals): void => {
    signals += 1;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: killing the workers');
      for (const worker of workers) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    logger.info({ signal, workers: workers.length }, 'stopping: passing the signal to every worker');
    for (const worker of workers) worker.process.kill(signal);
    if (!workers.length) process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, stop);
}
