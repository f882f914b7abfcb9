/**
 * `npm run bench [-- --quick]`: generates (or reuses) a provincial-scale data set, starts the
 * production build, drives it with autocannon, measures the raw mysql2 ceilings of the same work,
 * times the sweep, the ledger export and the enterprise import, and writes
 * bench-results/<timestamp>.json and bench-results/latest.md. See test/bench/RESULTS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openPool, scalar } from './bench-db';
import { restoreBaseline } from './dataset/baseline';
import { ensureDataset, readBaseline, saveBaseline, tableSizesMb } from './dataset/generate-dataset';
import { loadFixtures } from './fixtures';
import { primeReports, runScenario, scenarioSpecs, type ScenarioResult } from './http-scenarios';
import { recountOpenCases } from './open-counts-job';
import { benchExport, benchImport, benchSweep } from './jobs';
import { explainHotQueries, machineInfo } from './machine';
import { parseOptions } from './options';
import { rawCaseloadCeiling, rawDetailCeiling, rawInsertCeiling, type CeilingResult } from './raw-ceilings';
import { ensureSkewedOfficer } from './skew';
import { evaluateTargets, renderMarkdown, renderSimilarity, similarityTargets, type BenchResults } from './report';
import { benchSimilarity } from './similarity-bench';
import { databaseExists } from './bench-db';
import { ensureBuild, memoryOf, startServer } from './server';

const log = (message: string) => console.log(message);

/** The raw ceiling of each HTTP scenario that has one (report.ts shows the ratio). */
const CEILING_OF: Record<string, string> = {
  submit: 'raw-insert',
  caseload: 'raw-caseload',
  'caseload-skewed': 'raw-caseload-skewed',
  detail: 'raw-detail',
};
const CEILINGS = new Map(Object.entries(CEILING_OF).map(([scenario, ceiling]) => [ceiling, scenario]));

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const wants = (section: string) => options.only === null || options.only.has(section);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  mkdirSync(options.outDir, { recursive: true });

  if (options.only?.size === 1 && options.only.has('similarity') && !options.regenerate && (await databaseExists(options.databaseUrl))) {
    await similarityOnly(options, stamp, startedAt);
    return;
  }
  const dataset = await ensureDataset(options.databaseUrl, options.profile, options.regenerate, log);
  if (options.generateOnly) {
    console.log(
      JSON.stringify(
        {
          generationSeconds: dataset.generationSeconds,
          phases: dataset.phases,
          counts: dataset.counts,
          tableSizesMb: dataset.tableSizesMb,
        },
        null,
        2,
      ),
    );
    return;
  }
  const pool = openPool(options.databaseUrl, options.poolSize + 2);
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  const originalBufferPool = await scalar(pool, 'SELECT @@innodb_buffer_pool_size');
  try {
    if (options.bufferPoolMb !== null) {
      log(
        `Setting innodb_buffer_pool_size to ${options.bufferPoolMb} MB for this run (was ${Math.round(originalBufferPool / 1048576)} MB)…`,
      );
      await setBufferPool(pool, options.bufferPoolMb * 1048576);
    }
    let baseline = dataset.baseline;
    const restoredRows = await restoreBaseline(pool, baseline);
    if (Object.keys(restoredRows).length) log(`Removed what earlier runs left: ${JSON.stringify(restoredRows)}`);
    const build = ensureBuild(options.build, log, options.buildDir ?? undefined);
    if (build.built) log(`Built in ${build.seconds} s.`);
    const serverOptions = {
      entry: build.entry,
      databaseUrl: options.databaseUrl,
      port: options.port,
      poolSize: options.poolSize,
      logFile: join(options.outDir, `server-${stamp}.log`),
      cpuProfileDir: options.cpuProfileDir ?? undefined,
      nodeOptions: options.serverNodeOptions ?? undefined,
      processes: options.processes,
    };
    server = await startServer(serverOptions);
    log(`Server pid ${server.pid} on ${server.baseUrl}; logging in the scenario users…`);
    // One officer with 20,000 open appeals (a third of the open ones on a small data set): the caseload under skew.
    const openNow = await scalar(pool, 'SELECT COUNT(*) FROM appeals WHERE is_open = 1');
    const skewed = await ensureSkewedOfficer(pool, Math.min(20_000, Math.floor(openNow / 3)), log);
    const fixtures = await loadFixtures(pool, server.baseUrl, options.loginsPerRole, skewed);
    /** A raw ceiling by name, with the busy scenarios' concurrency and duration; null when it does not apply to this data set. */
    const measureCeiling = async (name: string): Promise<CeilingResult | null> => {
      const { connections, durationSeconds } = options.busy;
      const pid = (server as NonNullable<typeof server>).pid;
      switch (name) {
        case 'raw-insert':
          return rawInsertCeiling(pool, options.poolSize, fixtures, connections, durationSeconds, pid);
        case 'raw-insert-number-first':
          return rawInsertCeiling(pool, options.poolSize, fixtures, connections, durationSeconds, pid, 'before');
        case 'raw-caseload':
          return rawCaseloadCeiling(pool, options.poolSize, fixtures, connections, durationSeconds, pid);
        case 'raw-caseload-skewed':
          return fixtures.skewedOfficer
            ? rawCaseloadCeiling(pool, options.poolSize, fixtures, connections, durationSeconds, pid, true)
            : null;
        case 'raw-detail':
          return rawDetailCeiling(pool, options.poolSize, fixtures, connections, durationSeconds, pid);
        default:
          throw new Error(`unknown ceiling ${name}`);
      }
    };
    const machine = await machineInfo(pool);
    const plans = await explainHotQueries(pool, fixtures.officers[0]?.id, skewed.id);
    for (const [name, rows] of Object.entries(plans)) {
      log(`EXPLAIN ${name}:`);
      for (const r of rows) log(`  ${r.table ?? '–'} type=${r.type ?? '–'} key=${r.key ?? '–'} rows=${r.rows ?? '–'} ${r.extra ?? ''}`);
    }
    const current = {
      enterprises: await scalar(pool, 'SELECT COUNT(*) FROM enterprises'),
      appeals: await scalar(pool, 'SELECT COUNT(*) FROM appeals'),
      openAppeals: await scalar(pool, 'SELECT COUNT(*) FROM appeals WHERE is_open = 1'),
      events: await scalar(pool, 'SELECT COUNT(*) FROM appeal_events'),
    };

    const partial: Omit<BenchResults, 'targets' | 'finishedAt'> = {
      startedAt: startedAt.toISOString(),
      profile: options.profile.name,
      settings: {
        busy: options.busy,
        reportSingle: options.reportSingle,
        reportBusy: options.reportBusy,
        warmupSeconds: options.warmupSeconds,
        poolSize: options.poolSize,
        logins: options.loginsPerRole,
        bufferPoolSetForRunMb: options.bufferPoolMb,
        bufferPoolServerDefaultMb: Math.round(originalBufferPool / 1048576),
        serverNodeOptions: options.serverNodeOptions,
      },
      machine,
      dataset: { ...dataset, current, restoredRows },
      build: { built: build.built, seconds: build.seconds, entry: build.entry.replace(`${process.cwd()}/`, '') },
      http: [] as ScenarioResult[],
      raw: [] as CeilingResult[],
      plans,
    };

    // The sweep first: its catch-up (an aged data set has appeals that fell due) becomes part of
    // the baseline, which must not include anything the other sections create.
    if (wants('sweep')) {
      log(`Sweep: arming ${options.sweepChanges.toLocaleString('en')} appeals…`);
      partial.sweep = await benchSweep(pool, server.baseUrl, fixtures, options.sweepChanges, server.pid, async () => {
        baseline = await readBaseline(pool);
        await saveBaseline(pool, baseline);
      });
      const s = partial.sweep;
      log(
        `  changing: ${s.changing.serviceMs} ms (${s.changing.changed} changed); idle: ${s.idle.serviceMs} ms; catch-up ${s.catchUp.changed} changes`,
      );
    }
    if (wants('http')) {
      partial.prime = await primeReports(server.baseUrl, fixtures);
      log(
        `  first calls after a period change: province dashboard ${partial.prime.provinceDashboardMs} ms, ${fixtures.citySupervisors.length} city dashboards ${partial.prime.cityDashboardsMs} ms, ranking ${partial.prime.rankingMs} ms`,
      );
      const specs = scenarioSpecs(fixtures, options.busy, options.reportSingle, options.reportBusy);
      for (const spec of specs.filter((s) => options.scenarios === null || options.scenarios.has(s.name))) {
        // As the job does every minute in production (see open-counts-job.ts).
        const recount = await recountOpenCases(options.databaseUrl);
        partial.openCountsRecountMs = recount.ms;
        const result = await runScenario(server.baseUrl, spec, options.warmupSeconds, server.pid);
        partial.http.push(result);
        log(
          `  ${result.name}: ${result.rps} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
        );
        // Its raw ceiling right after it, so the ratio compares two measurements under the same load on the shared machine.
        const ceilingName = CEILING_OF[spec.name];
        if (wants('raw') && ceilingName && (options.ceilings === null || options.ceilings.has(ceilingName))) {
          const ceiling = await measureCeiling(ceilingName);
          if (ceiling) {
            partial.raw.push(ceiling);
            const ratio = Math.round((result.rps / ceiling.opsPerSecond) * 100);
            log(
              `  ${ceiling.name}: ${ceiling.opsPerSecond} ops/s, p50 ${ceiling.latencyMs.p50} ms, p99 ${ceiling.latencyMs.p99} ms → ${result.name} at ${ratio} % (load ${loadavg()
                .map((l) => l.toFixed(1))
                .join(' / ')})`,
            );
          }
        }
        if (result.sampleFailures.length) log(`    e.g. ${result.sampleFailures[0]}`);
        if (result.requests === 0)
          log(`    NO request completed within the run: the server or the database stalled (see ${server.logFile})`);
        if (server.exitCode() !== null) {
          log(
            `    THE SERVER DIED (exit code ${server.exitCode()}) during ${result.name}; see ${server.logFile}. Restarting it for the rest of the run.`,
          );
          result.serverDied = true;
          server = await startServer(serverOptions);
        }
      }
    }
    if (wants('raw')) {
      // Ceilings not measured next to their scenario above (the scenario was filtered out, or has none).
      for (const name of [...CEILINGS.keys(), 'raw-insert-number-first']) {
        if (partial.raw.some((c) => c.name === name) || (options.ceilings !== null && !options.ceilings.has(name))) continue;
        const ceiling = await measureCeiling(name);
        if (ceiling) partial.raw.push(ceiling);
      }
      for (const c of partial.raw) log(`  ${c.name}: ${c.opsPerSecond} ops/s, p50 ${c.latencyMs.p50} ms, p99 ${c.latencyMs.p99} ms`);
    }
    if (partial.http.length || partial.raw.length) {
      // The jobs run on a fresh server process, so the export's peak memory is the export's and not
      // the heap the load scenarios grew (which is recorded here).
      partial.serverMemoryAfterLoad = memoryOf(server.pid);
      await server.stop();
      server = await startServer(serverOptions);
    }
    if (wants('export')) {
      log(`Export: about ${options.exportRows.toLocaleString('en')} ledger rows…`);
      partial.export = await benchExport(pool, server.baseUrl, fixtures, options.exportRows, server.pid, options.profile.name === 'quick');
      log(`  ${partial.export.rows} rows in ${partial.export.seconds} s, peak RSS ${partial.export.serverPeakRssMb} MB`);
    }
    if (wants('import')) {
      log(`Import: ${options.importRows.toLocaleString('en')} enterprises…`);
      partial.import = await benchImport(pool, server.baseUrl, fixtures, options.importRows, server.pid);
      log(`  HTTP ${partial.import.status}, ${partial.import.created} created in ${partial.import.seconds} s`);
    }

    if (wants('similarity')) partial.similarity = await benchSimilarity(pool, log);

    await server.stop();
    server = null;
    await restoreBaseline(pool, baseline);
    partial.dataset.tableSizesMb = await tableSizesMb(pool);

    const results: BenchResults = { ...partial, finishedAt: new Date().toISOString(), targets: evaluateTargets(partial) };
    const markdown = renderMarkdown(results);
    writeFileSync(join(options.outDir, `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(options.outDir, 'latest.md'), `${markdown}\n`);
    writeFileSync(join(options.outDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${markdown}`);
    log(`Wrote ${join(options.outDir, `${stamp}.json`)} and ${join(options.outDir, 'latest.md')}`);
  } finally {
    if (server) await server.stop();
    if (options.bufferPoolMb !== null) await setBufferPool(pool, originalBufferPool);
    await pool.end();
  }
}

/**
 * `--only=similarity` on an existing data set: no server, no baseline restore (the section adds
 * derived rows only: texts, bands, clusters), whatever the data set's marker says — which is
 * recorded with the figures. Writes similarity-<timestamp>.json and prints the section's table.
 */
async function similarityOnly(options: ReturnType<typeof parseOptions>, stamp: string, startedAt: Date): Promise<void> {
  const pool = openPool(options.databaseUrl, 4);
  try {
    const [marker] = (await pool.query('SELECT status, profile, generator_version FROM bench_dataset WHERE id = 1').catch(() => [[]]))[0] as Array<
      Record<string, unknown>
    >;
    log(`Similarity on ${options.databaseUrl.replace(/\/\/[^@]*@/, '//')} (data set marker: ${marker ? `${marker.profile} ${marker.status} v${marker.generator_version}` : 'none'})`);
    const originalBufferPool = await scalar(pool, 'SELECT @@innodb_buffer_pool_size');
    if (options.bufferPoolMb !== null) {
      log(`Setting innodb_buffer_pool_size to ${options.bufferPoolMb} MB for this run (was ${Math.round(originalBufferPool / 1048576)} MB)…`);
      await setBufferPool(pool, options.bufferPoolMb * 1048576);
    }
    const machine = await machineInfo(pool);
    const loadBefore = loadavg();
    const similarity = await benchSimilarity(pool, log).finally(async () => {
      if (options.bufferPoolMb !== null) await setBufferPool(pool, originalBufferPool);
    });
    const results = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      databaseUrl: options.databaseUrl,
      datasetMarker: marker ?? null,
      machine,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg(),
      similarity,
      targets: similarityTargets(similarity),
    };
    const markdown = renderSimilarity(similarity, results.targets);
    writeFileSync(join(options.outDir, `similarity-${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\n${markdown}\nLoad average ${loadBefore.map((l) => l.toFixed(1)).join(' / ')} before, ${results.loadAverageAfter.map((l) => l.toFixed(1)).join(' / ')} after.`);
    log(`Wrote ${join(options.outDir, `similarity-${stamp}.json`)}`);
  } finally {
    await pool.end();
  }
}

/** Resizes the buffer pool (online in MariaDB 10.11) and waits until the resize has finished. */
async function setBufferPool(pool: ReturnType<typeof openPool>, bytes: number): Promise<void> {
  await pool.query('SET GLOBAL innodb_buffer_pool_size = ?', [bytes]);
  for (let i = 0; i < 600; i += 1) {
    const [rows] = await pool.query("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'");
    const status = String((rows as Array<{ Value: string }>)[0]?.Value ?? '');
    if (!/resiz|Withdraw|Allocat/i.test(status) || /Completed/i.test(status)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
