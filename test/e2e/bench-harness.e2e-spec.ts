import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { BenchResults } from '../bench/report';

/**
 * Proves `npm run bench -- --quick` works end to end: it builds (when stale), generates or reuses
 * the small data set in qiyuan_bench_quick, starts the production server, runs every scenario,
 * ceiling and job, writes JSON and Markdown, and leaves the data set as it found it. It asserts
 * what each part did, never how fast: timings on shared CI machines prove nothing.
 */
const ROOT = join(__dirname, '..', '..');

/**
 * qiyuan_bench_quick, as `npm run bench -- --quick` uses. A run on its own test database
 * (TEST_DATABASE_URL, how engineers run suites side by side) gets its own quick database too, so
 * two suites never drop each other's data set mid-run.
 */
function quickDatabaseUrl(): string {
  if (process.env.BENCH_QUICK_DATABASE_URL) return process.env.BENCH_QUICK_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_test');
  const testDatabase = url.pathname.replace(/^\//, '');
  url.pathname = testDatabase === 'qiyuan_test' ? '/qiyuan_bench_quick' : `/${testDatabase}_bench_quick`;
  return url.toString();
}
const DATABASE_URL = quickDatabaseUrl();
/** A private production build: rebuilding dist/ could pull it from under a server another run is starting. */
const BUILD_DIR = join('var', 'bench-build', `e2e-${process.pid}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    // The harness picks its own database and configures the server it starts; the e2e settings must not leak in.
    delete env.DATABASE_URL;
    delete env.NODE_ENV;
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'test/bench/run.ts', ...args], { cwd: ROOT, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('benchmark harness, --quick (e2e)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'qiyuan-bench-'));
  let results: BenchResults;
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    const run = await runBench([
      '--quick',
      `--out=${outDir}`,
      `--port=${port}`,
      `--database-url=${DATABASE_URL}`,
      `--build-dir=${BUILD_DIR}`,
    ]);
    output = run.output;
    if (run.code !== 0) throw new Error(`npm run bench -- --quick exited with ${run.code}:\n${output.slice(-4000)}`);
    const json = readdirSync(outDir).find((f) => /^\d{4}-.*\.json$/.test(f));
    if (!json) throw new Error(`No results JSON in ${outDir}:\n${output.slice(-2000)}`);
    results = JSON.parse(readFileSync(join(outDir, json), 'utf8')) as BenchResults;
  }, 15 * 60_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(join(ROOT, BUILD_DIR), { recursive: true, force: true });
    rmSync(join(ROOT, `${BUILD_DIR}.config`), { recursive: true, force: true });
  });

  it('uses a quick data set whose event chains verify and that the sweep finds settled', () => {
    expect(results.profile).toBe('quick');
    expect(results.dataset.current.enterprises).toBe(500);
    expect(results.dataset.current.appeals).toBe(5000);
    expect(results.dataset.current.openAppeals).toBeGreaterThan(0);
    expect(results.dataset.current.events).toBeGreaterThan(results.dataset.current.appeals);
    if (!results.dataset.reused) {
      const checks = results.dataset.counts.checks as { sampledChainsValid: number; sampledFactsFolded: number; sampledRedone: number };
      expect(checks.sampledChainsValid).toBeGreaterThan(0);
      // Every event records its metric facts; folded, they give the appeal's row (redone appeals included).
      expect(checks.sampledFactsFolded).toBe(checks.sampledChainsValid);
      expect(checks.sampledRedone).toBeGreaterThan(0);
    }
  });

  it('drives every HTTP scenario against the production build without a failed request', () => {
    // The once-a-period cost (freezing missing monthly reports) is timed apart from the scenarios.
    expect(results.prime).toEqual({
      provinceDashboardMs: expect.any(Number),
      cityDashboardsMs: expect.any(Number),
      rankingMs: expect.any(Number),
    });
    expect(results.http.map((s) => s.name)).toEqual([
      'submit',
      'caseload',
      'caseload-skewed',
      'detail',
      'dashboard-province',
      'dashboard-cities',
      'ranking-month',
      'ranking-month-busy',
    ]);
    for (const scenario of results.http) {
      expect({ name: scenario.name, failures: scenario.sampleFailures }).toEqual({ name: scenario.name, failures: [] });
      expect(scenario.requests).toBeGreaterThan(0);
      expect(scenario.non2xx).toBe(0);
      expect(scenario.errors + scenario.timeouts).toBe(0);
      expect(scenario.latencyMs.p99).toBeGreaterThanOrEqual(scenario.latencyMs.p50);
    }
  });

  it('measures the raw mysql2 ceilings of the same work', () => {
    // Each measured right after its scenario; the informative number-first variant last.
    expect(results.raw.map((c) => c.name)).toEqual([
      'raw-insert',
      'raw-caseload',
      'raw-caseload-skewed',
      'raw-detail',
      'raw-insert-number-first',
    ]);
    for (const ceiling of results.raw) {
      expect(ceiling.operations).toBeGreaterThan(0);
      expect(ceiling.failures).toBe(0);
    }
  });

  it('times a sweep that changes exactly the armed appeals and one that changes nothing', () => {
    const sweep = results.sweep!;
    expect(sweep.armed).toBeGreaterThan(0);
    expect(sweep.changing.changed).toBe(sweep.armed);
    expect(sweep.idle.examined).toBe(0);
    expect(sweep.idle.changed).toBe(0);
  });

  it('exports the ledger as a readable XLSX with one row per appeal in the window, and measures the server memory', () => {
    const ledger = results.export!;
    expect(ledger.status).toBe(200);
    expect(ledger.rows).toBeGreaterThanOrEqual(2000);
    expect(ledger.sheetRowsVerified).toBe(ledger.rows);
    expect(ledger.serverPeakRssMb).toBeGreaterThan(0);
  });

  it('imports every firm of the CSV with its officer', () => {
    const imported = results.import!;
    expect(imported.status).toBe(200);
    expect(imported.created).toBe(imported.rows);
    expect(imported.officersAssigned).toBe(imported.rows);
    expect(imported.errors).toBe(0);
  });

  it('measures the duplicate-candidate lookup and the period clustering, incrementally', () => {
    const similarity = results.similarity!;
    expect(similarity.texts.bandRows).toBeGreaterThanOrEqual(similarity.appeals * 30);
    expect(similarity.lookup.lookups).toBeGreaterThan(100);
    expect(similarity.lookup.p99Ms).toBeGreaterThanOrEqual(similarity.lookup.p50Ms);
    expect(similarity.clustering.appeals).toBeGreaterThan(0);
    expect(similarity.clustering.incremental.appeals).toBeGreaterThan(0);
    expect(similarity.clustering.incremental.appeals).toBeLessThanOrEqual(2000);
  });

  it('writes the Markdown table with machine, versions and data size, and prints it', () => {
    const markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
    for (const heading of ['**Machine:**', '**Versions:**', '**Data:**', '## HTTP scenarios', '## Raw ceilings', '## Jobs', '## Targets']) {
      expect(markdown).toContain(heading);
    }
    expect(output).toContain('## HTTP scenarios');
    expect(results.targets.length).toBe(11);
    expect(markdown).toContain('## Similarity (#16)');
    // The caseload of the officer holding a third of the open appeals stays on its index, without a filesort.
    expect(markdown).toContain('## Plans of the hot queries');
    const skewed = results.plans['caseload page, skewed officer'];
    expect(skewed[0]).toMatchObject({ table: 'a', key: 'ix_appeals_officer_open_due' });
    expect(skewed.some((row) => /filesort|temporary/i.test(row.extra ?? ''))).toBe(false);
    expect(results.plans['caseload count, skewed officer']).toEqual([
      expect.objectContaining({ key: 'ix_appeals_officer_open_due', extra: expect.stringContaining('Using index') }),
    ]);
    expect(existsSync(join(outDir, 'latest.json'))).toBe(true);
  });

  it('leaves the data set as it found it', async () => {
    const connection = await createConnection({ uri: DATABASE_URL });
    try {
      const [[appeals], [enterprises]] = await Promise.all([
        connection.query('SELECT COUNT(*) AS n FROM appeals').then(([rows]) => rows as Array<{ n: number }>),
        connection.query('SELECT COUNT(*) AS n FROM enterprises').then(([rows]) => rows as Array<{ n: number }>),
      ]);
      expect(Number(appeals.n)).toBe(5000);
      expect(Number(enterprises.n)).toBe(500);
    } finally {
      await connection.end();
    }
  });
});
