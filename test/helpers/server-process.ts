import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { recreateDatabaseAndMigrate } from '../../src/cli/database-admin';

const ROOT = join(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
}

/**
 * The real entry point (src/main.ts, as `npm start` runs the build) in a child process, on its own
 * port; resolves once it answers /health. Logs are collected for the test's failure message.
 */
export async function startServerProcess(env: Record<string, string>, entry = 'src/main.ts'): Promise<ServerProcess> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited during start-up:\n${log}`);
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server did not come up within 90 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, url, output: () => log, exited };
}

/**
 * A database of its own for a spec whose child server runs the scheduled jobs (SWEEP_ENABLED):
 * their figures and frozen reports would otherwise land in the shared test database and change
 * what later specs' dashboards read. Recreated by the real migrations; sets DATABASE_URL for the
 * spec's own app and returns the previous value to restore.
 */
export async function useOwnDatabase(suffix: string): Promise<{ url: string; restore: () => void }> {
  const previous = process.env.DATABASE_URL as string;
  const url = previous.replace(/\/([^/?]+)(\?|$)/, `/$1_${suffix}$2`);
  await recreateDatabaseAndMigrate(url);
  process.env.DATABASE_URL = url;
  return { url, restore: () => (process.env.DATABASE_URL = previous) };
}
