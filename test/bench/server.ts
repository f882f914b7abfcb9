import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLOCK_TICKS_PER_SECOND = 100;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (/\.(ts|json|hbs|html|css|js)$/.test(entry.name) && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The production build (`nest build`, as the Dockerfile makes it), rebuilt when asked or when any
 * source is newer than its main.js. `buildDir` builds a private copy elsewhere under the repository
 * (so a CI run never deletes the dist/ another process is serving from); by default it is dist/.
 */
export function ensureBuild(
  mode: 'auto' | 'always' | 'never',
  log: (m: string) => void,
  buildDir?: string,
): { built: boolean; seconds: number; entry: string } {
  const outDir = buildDir ? resolve(ROOT, buildDir) : join(ROOT, 'dist');
  const entry = join(outDir, 'src', 'main.js');
  const stale = () => {
    if (!existsSync(entry)) return true;
    const built = statSync(entry).mtimeMs;
    return Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'migrations'))) > built;
  };
  if (mode === 'never' || (mode === 'auto' && !stale())) {
    if (!existsSync(entry)) throw new Error(`${entry} is missing; run npx nest build (or drop --build=never)`);
    return { built: false, seconds: 0, entry };
  }
  const args = ['nest', 'build'];
  if (buildDir) {
    if (!outDir.startsWith(`${ROOT}/`)) throw new Error('--build-dir must lie inside the repository (node_modules is resolved from there)');
    // Beside the output, not in it: the build deletes its output directory first.
    const configDir = `${outDir}.config`;
    mkdirSync(configDir, { recursive: true });
    const nestCli = JSON.parse(readFileSync(join(ROOT, 'nest-cli.json'), 'utf8')) as {
      compilerOptions: { tsConfigPath: string; assets: Array<{ outDir: string }> };
    };
    const tsconfig = join(configDir, 'tsconfig.build.json');
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: join(ROOT, 'tsconfig.build.json'),
        compilerOptions: { rootDir: ROOT, outDir },
        include: [join(ROOT, 'src/**/*'), join(ROOT, 'migrations/**/*')],
        exclude: [join(ROOT, 'node_modules'), join(ROOT, 'test'), join(ROOT, 'dist'), join(ROOT, '**/*.spec.ts')],
      }),
    );
    // The Nest CLI resolves these against the working directory: give them relative to the root.
    const fromRoot = (path: string) => relative(ROOT, path);
    nestCli.compilerOptions.tsConfigPath = fromRoot(tsconfig);
    for (const asset of nestCli.compilerOptions.assets) asset.outDir = fromRoot(join(outDir, 'src'));
    writeFileSync(join(configDir, 'nest-cli.json'), JSON.stringify(nestCli));
    args.push('-c', fromRoot(join(configDir, 'nest-cli.json')), '-p', fromRoot(tsconfig));
  }
  log(`Building the production bundle (npx ${args.join(' ')})…`);
  const started = Date.now();
  const result = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0 || !existsSync(entry)) throw new Error(`nest build failed:\n${result.stdout}\n${result.stderr}`);
  return { built: true, seconds: Math.round((Date.now() - started) / 100) / 10, entry };
}

export interface ServerHandle {
  pid: number;
  /** The exit code once the process has ended (crashed), else null. */
  exitCode(): number | null;
  baseUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

/** `node dist/src/main.js` (or the private build's) as its own process, with the timers off so only the measured work runs. */
export async function startServer(options: {
  entry: string;
  databaseUrl: string;
  port: number;
  poolSize: number;
  logFile: string;
  /** Write a V8 CPU profile of the server here (clinic-free profiling: open it in Chrome DevTools or speedscope). */
  cpuProfileDir?: string;
  /** Extra node flags for the server, e.g. --max-old-space-size=256 to see what really must stay in memory. */
  nodeOptions?: string;
  /** WEB_CONCURRENCY: worker processes behind the one port (node:cluster). */
  processes?: number;
}): Promise<ServerHandle> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: String(options.poolSize),
    PORT: String(options.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'benchmark-only-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    // Long enough for a full run; the tokens are minted once, before the scenarios.
    JWT_ACCESS_TTL_SECONDS: '14400',
    SWEEP_ENABLED: 'false',
    OUTBOX_WORKER_ENABLED: 'false',
    // The load generator is one user at one address: limits it never reaches, counted in memory.
    RATE_LIMIT_PER_USER: '1000000000',
    RATE_LIMIT_ANONYMOUS: '1000000000',
    RATE_LIMIT_REDIS_URL: '',
    // A configured webhook makes every event write its outbox row, as in production; the worker is off, nothing is sent.
    WEBHOOK_URL: 'http://127.0.0.1:9/bench-webhook',
    MIGRATIONS_RUN: 'false',
    UPLOAD_DIR: join(ROOT, 'var', 'bench-uploads'),
    IMPORT_MAX_BYTES: String(64 * 1024 * 1024),
    ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
    WEB_CONCURRENCY: String(options.processes ?? 1),
  };
  if (await answers(`http://127.0.0.1:${options.port}/health`)) {
    throw new Error(`Port ${options.port} already answers HTTP: another server (an earlier run?) is listening; stop it or pass --port`);
  }
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // Nest re-raises SIGTERM after closing, which would lose a CPU profile; SIGUSR2 exits normally instead.
  const args = options.cpuProfileDir
    ? [
        '--cpu-prof',
        '--cpu-prof-dir',
        options.cpuProfileDir,
        '-e',
        `process.on('SIGUSR2', () => process.exit(0)); require(${JSON.stringify(options.entry)});`,
      ]
    : [options.entry];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited !== null) throw new Error(`The server exited with code ${exited} during start-up; see ${options.logFile}`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not become ready within 90 s; see ${options.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    pid: child.pid as number,
    exitCode: () => exited,
    baseUrl,
    logFile: options.logFile,
    stop: async () => {
      if (exited !== null) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(options.cpuProfileDir ? 'SIGUSR2' : 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
      log.end();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Resident memory of a process now and its high-water mark, in MB (Linux /proc). */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rssMb: 0, peakRssMb: 0 }; // the process is gone
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
}

/** Resets the high-water mark so the next peak belongs to the next operation (write "5" to clear_refs). */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** The processes whose parent is `pid` (a cluster primary's workers). */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // gone
    }
  }
  return children;
}

/** CPU seconds of a process and its children: with WEB_CONCURRENCY > 1 the work is done by the workers. */
export function cpuSecondsOfTree(pid: number): number {
  return childrenOf(pid).reduce((sum, child) => {
    try {
      return sum + cpuSecondsOf(child);
    } catch {
      return sum; // the worker is gone
    }
  }, cpuSecondsOf(pid));
}

export function findProcess(name: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) return Number(entry);
    } catch {
      // gone
    }
  }
  return null;
}

/** CPU used by the server, MariaDB and this process (the load generator) across a piece of work. */
export class CpuMeter {
  private readonly pids: Record<string, number | null>;
  private start: Record<string, number> = {};
  private startedAt = 0;

  constructor(serverPid: number) {
    this.pids = { server: serverPid, mariadb: findProcess('mariadbd') ?? findProcess('mysqld'), bench: process.pid };
  }

  begin(): void {
    this.startedAt = Date.now();
    this.start = this.sample();
  }

  /**
   * Share of one core each process used, in percent (200 % = both cores of a 2-core machine), and
   * `others`: everything else the machine ran meanwhile (other engineers' tests share it; MariaDB's
   * figure includes their queries too).
   */
  end(): Record<string, number> {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const now = this.sample();
    const used = Object.fromEntries(Object.keys(now).map((k) => [k, Math.round(((now[k] - (this.start[k] ?? 0)) / seconds) * 100)]));
    const { machine, ...mine } = used;
    return { ...mine, others: Math.max(0, machine - Object.values(mine).reduce((sum, v) => sum + v, 0)) };
  }

  private sample(): Record<string, number> {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const out: Record<string, number> = { machine: (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND };
    for (const [name, pid] of Object.entries(this.pids)) {
      if (pid === null) continue;
      try {
        out[name] = name === 'server' ? cpuSecondsOfTree(pid) : cpuSecondsOf(pid);
      } catch {
        // process gone
      }
    }
    return out;
  }
}
