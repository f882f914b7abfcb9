/** What one benchmark run does and at what size; `--quick` is the CI proof that the harness works. */
export interface DatasetProfile {
  name: 'full' | 'mid' | 'quick';
  enterprises: number;
  appeals: number;
  /** Share of appeals that stall somewhere before closing, on top of the recent ones still running. */
  stuckShare: number;
  seed: number;
}

export interface ScenarioSettings {
  connections: number;
  durationSeconds: number;
}

export interface BenchOptions {
  profile: DatasetProfile;
  databaseUrl: string;
  /** Regenerate even when a complete data set of this profile exists. */
  regenerate: boolean;
  build: 'auto' | 'always' | 'never';
  port: number;
  warmupSeconds: number;
  /** High-concurrency scenarios (submit, caseload, detail) and the raw ceilings. */
  busy: ScenarioSettings;
  /** Reporting scenarios (dashboard, ranking): one user, and a handful at once. */
  reportSingle: ScenarioSettings;
  reportBusy: ScenarioSettings;
  /** How many users of each kind log in to drive the scenarios. */
  loginsPerRole: number;
  sweepChanges: number;
  exportRows: number;
  importRows: number;
  /** Pool size of the server under test (DATABASE_POOL_SIZE); the raw ceilings use the same. */
  poolSize: number;
  outDir: string;
  only: Set<string> | null;
  /** Directory for a V8 CPU profile of the server, or null. */
  cpuProfileDir: string | null;
  /** Build into this directory instead of dist/ (CI: never delete the dist/ someone else serves from). */
  buildDir: string | null;
  /**
   * Set innodb_buffer_pool_size (a server-wide setting) to this many MB for the run and restore it
   * afterwards; null leaves the server as it is. MariaDB's default, 128 MB, holds a tenth of the
   * appeals table, which is not how a 1M-appeal database would be run.
   */
  bufferPoolMb: number | null;
  /** NODE_OPTIONS for the server under test (e.g. --max-old-space-size=256), or null. */
  serverNodeOptions: string | null;
  /** Worker processes of the server under test (WEB_CONCURRENCY); 1 is a single process. */
  processes: number;
  /** Make sure the data set exists (generate or reuse it), print its figures, and stop. */
  generateOnly: boolean;
  /** Only these HTTP scenarios (by name), or all. */
  scenarios: Set<string> | null;
  /** Only these raw ceilings (by name), or all. */
  ceilings: Set<string> | null;
}

export const FULL_PROFILE: DatasetProfile = { name: 'full', enterprises: 16_000, appeals: 1_000_000, stuckShare: 0.2, seed: 20_261_122 };
/** A quarter of the full size (same shape), for measuring on a shared machine in a few minutes of generation. */
export const MID_PROFILE: DatasetProfile = { name: 'mid', enterprises: 4_000, appeals: 250_000, stuckShare: 0.2, seed: 20_261_122 };
export const QUICK_PROFILE: DatasetProfile = { name: 'quick', enterprises: 500, appeals: 5_000, stuckShare: 0.2, seed: 20_261_122 };

export const SECTIONS = ['http', 'raw', 'sweep', 'export', 'import', 'similarity'] as const;

const USAGE = `npm run bench -- [options]
  --quick              small data set (500 firms, 5,000 appeals) in qiyuan_bench_quick, short runs (CI)
  --profile=mid        a quarter of the full data set (4,000 firms, 250,000 appeals) in qiyuan_bench_mid, full-length runs
  --regenerate         rebuild the data set even if a complete one exists
  --generate-only      only make sure the data set exists (generate or reuse it) and print its figures
  --build=auto|always|never   production build before starting the server (auto: when dist is older than src)
  --build-dir=DIR      build into DIR (inside the repository) instead of dist/
  --buffer-pool=MB     run with innodb_buffer_pool_size = MB (server-wide; restored at the end)
  --duration=SECONDS   length of each measured HTTP / raw scenario
  --connections=N      concurrency of the busy scenarios and the raw ceilings
  --only=a,b           run only these sections: ${SECTIONS.join(', ')}
                       (--only=similarity alone: texts backfilled where missing, the duplicate-candidate lookup and the
                       province's period clustering on the data set as it is, without a server)
  --out=DIR            where to write <timestamp>.json and latest.md (default bench-results)
  --database-url=URL   default mysql://root@127.0.0.1:3306/qiyuan_bench (quick: qiyuan_bench_quick)
  --port=N             port of the server under test (default 3300)
  --cpu-prof[=DIR]     write a V8 CPU profile of the server (default DIR bench-results/profiles)
  --server-node-options="…"   NODE_OPTIONS for the server, e.g. --max-old-space-size=256
  --processes=N        serve with N worker processes (WEB_CONCURRENCY=N, node:cluster; default 1)
  --scenarios=a,b      only these HTTP scenarios: submit, caseload, caseload-skewed, detail, dashboard-province,
                       dashboard-cities, ranking-month, ranking-month-busy (each followed by its raw ceiling)
  --ceilings=a,b       only these raw ceilings: raw-insert, raw-insert-number-first, raw-caseload, raw-caseload-skewed,
                       raw-detail`;

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}"\n${USAGE}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const known = [
    'quick',
    'regenerate',
    'build',
    'duration',
    'connections',
    'only',
    'out',
    'database-url',
    'port',
    'cpu-prof',
    'scenarios',
    'build-dir',
    'buffer-pool',
    'generate-only',
    'server-node-options',
    'processes',
    'profile',
    'ceilings',
  ];
  for (const key of flags.keys()) if (!known.includes(key)) throw new Error(`Unknown option --${key}\n${USAGE}`);

  const quick = flags.get('quick') === 'true';
  const profileName = flags.get('profile') ?? (quick ? 'quick' : 'full');
  const profile = { full: FULL_PROFILE, mid: MID_PROFILE, quick: QUICK_PROFILE }[profileName];
  if (!profile || (quick && profileName !== 'quick')) throw new Error(`--profile must be full, mid or quick (--quick is quick)\n${USAGE}`);
  const number = (key: string, fallback: number) => {
    const value = flags.get(key);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${key} must be a positive number`);
    return parsed;
  };
  const duration = number('duration', quick ? 3 : 20);
  const connections = number('connections', quick ? 10 : 50);
  const build = flags.get('build') ?? 'auto';
  if (!['auto', 'always', 'never'].includes(build)) throw new Error('--build must be auto, always or never');
  const only = flags.get('only');
  if (only)
    for (const s of only.split(',')) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only: unknown section ${s}`);

  return {
    profile,
    databaseUrl:
      flags.get('database-url') ??
      process.env.BENCH_DATABASE_URL ??
      `mysql://root@127.0.0.1:3306/${profile.name === 'full' ? 'qiyuan_bench' : `qiyuan_bench_${profile.name}`}`,
    regenerate: flags.get('regenerate') === 'true',
    generateOnly: flags.get('generate-only') === 'true',
    serverNodeOptions: flags.get('server-node-options') ?? null,
    processes: number('processes', 1),
    build: build as BenchOptions['build'],
    port: number('port', 3300),
    warmupSeconds: quick ? 1 : 5,
    busy: { connections, durationSeconds: duration },
    reportSingle: { connections: 1, durationSeconds: duration },
    reportBusy: { connections: Math.min(10, connections), durationSeconds: duration },
    loginsPerRole: quick ? 10 : 200,
    sweepChanges: quick ? 100 : 10_000,
    exportRows: quick ? 2_000 : 100_000,
    importRows: quick ? 500 : 16_000,
    poolSize: 20,
    outDir: flags.get('out') ?? 'bench-results',
    only: only ? new Set(only.split(',')) : null,
    buildDir: flags.get('build-dir') ?? null,
    bufferPoolMb: flags.has('buffer-pool') ? number('buffer-pool', 0) : null,
    scenarios: flags.has('scenarios') ? new Set((flags.get('scenarios') as string).split(',')) : null,
    ceilings: flags.has('ceilings') ? new Set((flags.get('ceilings') as string).split(',')) : null,
    cpuProfileDir: flags.has('cpu-prof')
      ? flags.get('cpu-prof') === 'true'
        ? 'bench-results/profiles'
        : (flags.get('cpu-prof') as string)
      : null,
  };
}
