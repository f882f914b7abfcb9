import { spawnSync } from 'node:child_process';

/** The first of these client programs on PATH (`which`), or null. */
export function findProgram(...names: string[]): string | null {
  for (const name of names) {
    const found = spawnSync('which', [name], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return null;
}

/** Command-line connection arguments for a mysql:// URL; the password goes in MYSQL_PWD, not on the command line. */
export function connectionArgs(databaseUrl: string): { args: string[]; env: NodeJS.ProcessEnv; database: string } {
  const url = new URL(databaseUrl);
  return {
    args: [`--host=${url.hostname}`, `--port=${url.port || '3306'}`, `--user=${decodeURIComponent(url.username || 'root')}`],
    env: { ...process.env, ...(url.password ? { MYSQL_PWD: decodeURIComponent(url.password) } : {}) },
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
  };
}
