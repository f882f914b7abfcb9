import type { DatasetInfo } from './dataset/generate-dataset';
import type { PrimeResult, ScenarioResult } from './http-scenarios';
import type { ExportResult, ImportResult, SweepResult } from './jobs';
import type { MachineInfo, PlanRow } from './machine';
import type { CeilingResult } from './raw-ceilings';
import type { SimilarityResult } from './similarity-bench';

export interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  profile: string;
  settings: Record<string, unknown>;
  machine: MachineInfo;
  dataset: DatasetInfo & { current: Record<string, number>; restoredRows: Record<string, number> };
  build: { built: boolean; seconds: number; entry: string };
  prime?: PrimeResult;
  http: ScenarioResult[];
  raw: CeilingResult[];
  sweep?: SweepResult;
  export?: ExportResult;
  import?: ImportResult;
  similarity?: SimilarityResult;
  /** The last recount of the open cases before a scenario (the job's work, run by the harness). */
  openCountsRecountMs?: number;
  /** Server memory right after the load scenarios (the jobs then run on a fresh process). */
  serverMemoryAfterLoad?: { rssMb: number; peakRssMb: number };
  plans: Record<string, PlanRow[]>;
  targets: Target[];
}

const n = (value: number, digits = 0) => value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (value: number) => (value >= 100 ? n(value) : n(value, 1));

/** #16: the duplicate-candidate lookup and the province's period clustering. */
export function similarityTargets(s: SimilarityResult): Target[] {
  const full = s.appeals >= 1_000_000;
  return [
    {
      target: 'duplicate-candidate lookup p99 < 50 ms over 1,000,000 appeals',
      measured: `p99 ${ms(s.lookup.p99Ms)} ms (p50 ${ms(s.lookup.p50Ms)} ms) over ${n(s.appeals)} appeals`,
      met: full ? s.lookup.p99Ms < 50 : null,
    },
    {
      target: "province's period clustering < 30 s, incremental",
      measured: `${n(s.clustering.appeals)} appeals of ${s.clustering.period} in ${s.clustering.seconds} s; ${n(s.clustering.incremental.appeals)} new ones in ${s.clustering.incremental.seconds} s; nothing new ${ms(s.clustering.rerunNothingNewMs)} ms`,
      met: full ? s.clustering.seconds < 30 : null,
    },
  ];
}

export function renderSimilarity(s: SimilarityResult, targets: Target[]): string {
  const lines = [
    '## Similarity (#16): duplicate candidates and the common-problem pool', '',
    `Texts and LSH bands of ${n(s.texts.backfilled)} appeals stored by the harness in ${s.texts.seconds} s (${n(s.texts.bandRows)} band rows).`, '',
    '| measurement | result |', '|---|---|',
    `| duplicate-candidate lookup (LikelyDuplicatesService.find, ${n(s.lookup.lookups)} firms' own texts) | p50 ${ms(s.lookup.p50Ms)} ms, p95 ${ms(s.lookup.p95Ms)} ms, p99 ${ms(s.lookup.p99Ms)} ms, max ${ms(s.lookup.maxMs)} ms; ${s.lookup.meanCandidates} candidates read, ${s.lookup.meanShown} shown on average |`,
    `| the busiest firm's lookup (${n(s.lookup.busiestFirm.openAppeals)} open appeals), best of 5 | ${ms(s.lookup.busiestFirm.ms)} ms |`,
    `| province's period clustering (${s.clustering.period}, from nothing) | ${n(s.clustering.appeals)} appeals in ${s.clustering.seconds} s (${s.clustering.batches} batches); ${n(s.clustering.clustersOfTwoFirmsOrMore)} clusters of ≥ 2 firms, largest ${n(s.clustering.largestCluster)} appeals |`,
    `| incremental run (only new appeals) | ${n(s.clustering.incremental.appeals)} appeals in ${s.clustering.incremental.seconds} s |`,
    `| re-run with nothing new | ${ms(s.clustering.rerunNothingNewMs)} ms |`,
    `| the pool's read of the month, whole province | ${ms(s.clustering.poolReadMs)} ms |`,
    '',
    "**The lookup's statement for the busiest firm (EXPLAIN, as the repository sent it)**",
    '',
    '| table | type | key | rows | extra |',
    '|---|---|---|--:|---|',
    ...s.lookup.busiestFirm.plan.map((p) => `| ${p.table ?? '–'} | ${p.type ?? '–'} | ${p.key ?? '–'} | ${p.rows ?? '–'} | ${p.extra ?? ''} |`),
    '',
    '| target | measured | met |', '|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met === null ? 'n/a (not the full data set)' : t.met ? 'yes' : '**no**'} |`),
    '',
  ];
  return lines.join('\n');
}

export function evaluateTargets(r: Omit<BenchResults, 'targets' | 'finishedAt'>): Target[] {
  const http = (name: string) => r.http.find((s) => s.name === name);
  const raw = (name: string) => r.raw.find((s) => s.name === name);
  const targets: Target[] = [];
  const submit = http('submit');
  const rawInsert = raw('raw-insert');
  if (submit && rawInsert) {
    const ratio = submit.rps / rawInsert.opsPerSecond;
    targets.push({
      target: 'submission ≥ 60 % of the raw insert ceiling',
      measured: `${n(ratio * 100)} % (${n(submit.rps, 1)} / ${n(rawInsert.opsPerSecond, 1)} per s)`,
      met: ratio >= 0.6,
    });
  }
  for (const [name, ceilingName, label] of [
    ['caseload', 'raw-caseload', 'caseload'],
    ['caseload-skewed', 'raw-caseload-skewed', 'caseload of the skewed officer'],
  ] as const) {
    const scenario = http(name);
    const ceiling = raw(ceilingName);
    if (!scenario || !ceiling) continue;
    const ratio = scenario.rps / ceiling.opsPerSecond;
    const p99 = scenario.latencyMs.p99 / ceiling.latencyMs.p99;
    targets.push({
      target: `${label} ≥ 80 % of its raw ceiling, p99 ≤ 1.2 × the ceiling's`,
      measured: `${n(ratio * 100)} %, p99 ${ms(scenario.latencyMs.p99)} ms vs ${ms(ceiling.latencyMs.p99)} ms (${n(p99, 2)}×)`,
      met: ratio >= 0.8 && p99 <= 1.2,
    });
  }
  const detail = http('detail');
  const rawDetail = raw('raw-detail');
  if (detail && rawDetail) {
    const ratio = detail.rps / rawDetail.opsPerSecond;
    targets.push({
      target: 'detail ≥ 60 % of its raw ceiling',
      measured: `${n(ratio * 100)} % (${n(detail.rps, 1)} / ${n(rawDetail.opsPerSecond, 1)} per s)`,
      met: ratio >= 0.6,
    });
  }
  const caseload = http('caseload');
  if (caseload) {
    const full = r.profile === 'full' && caseload.connections === 50;
    targets.push({
      target: 'caseload p99 < 50 ms at 50 connections, 1,000,000 appeals',
      measured: `p99 ${ms(caseload.latencyMs.p99)} ms at ${caseload.connections} connections, ${n(r.dataset.current.appeals)} appeals`,
      met: full ? caseload.latencyMs.p99 < 50 : null,
    });
  }
  const dashboard = http('dashboard-province');
  if (dashboard) {
    targets.push({
      target: 'dashboard < 200 ms (province, 1 user, p99)',
      measured: `p50 ${ms(dashboard.latencyMs.p50)} ms, p99 ${ms(dashboard.latencyMs.p99)} ms`,
      met: dashboard.latencyMs.p99 < 200,
    });
  }
  if (r.sweep) {
    const s = r.sweep.changing;
    targets.push({
      target: `sweep of ${n(r.sweep.armed)} changes ≈ 1 s`,
      measured: `${n(s.serviceMs)} ms in the service (${n(s.changed)} changed)`,
      met: s.changed === r.sweep.armed ? s.serviceMs <= 1500 : false,
    });
  }
  if (r.export) {
    targets.push({
      target: `export of ${n(r.export.rows)} rows < 300 MB peak`,
      measured: `peak RSS ${n(r.export.serverPeakRssMb)} MB, ${n(r.export.seconds, 1)} s`,
      met: r.export.status === 200 ? r.export.serverPeakRssMb < 300 : false,
    });
  }
  if (r.import) {
    targets.push({
      target: `import of ${n(r.import.rows)} firms < 30 s`,
      measured: `${n(r.import.seconds, 1)} s (HTTP ${r.import.status}, ${n(r.import.created)} created)`,
      met: r.import.status === 200 && r.import.created === r.import.rows ? r.import.seconds < 30 : false,
    });
  }
  if (r.similarity) targets.push(...similarityTargets(r.similarity));
  return targets;
}

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const d = r.dataset;
  const counts = d.counts as Record<string, number>;
  const lines: string[] = [];
  lines.push(`# Qiyuan benchmark — ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC (${r.profile})`, '');
  lines.push(
    `- **Machine:** ${m.cpuModel}, ${m.cores} cores, ${n(m.memoryGb, 1)} GB RAM, Linux ${m.kernel}; load generator, Node and MariaDB share the cores (load average ${m.loadAverage.join(' / ')} at the start: other engineers' work shares the machine and the MariaDB server)`,
    `- **Versions:** Node ${m.node}, MariaDB ${m.mariadb} (innodb_buffer_pool_size ${n(m.innodbBufferPoolMb)} MB${r.settings.bufferPoolSetForRunMb ? `, set for this run; the server's own setting is ${String(r.settings.bufferPoolServerDefaultMb)} MB` : ''}), NestJS ${m.versions['@nestjs/core']} on Fastify ${m.versions.fastify}, TypeORM ${m.versions.typeorm}, mysql2 ${m.versions.mysql2}, autocannon ${m.versions.autocannon}`,
    `- **Data:** ${n(d.current.enterprises)} enterprises, ${n(counts.officers ?? 0)} officers, ${n(d.current.appeals)} appeals (${n(d.current.openAppeals)} open), ${n(d.current.events)} hash-chained events; appeals ${n(d.tableSizesMb.appeals ?? 0)} MB, events ${n(d.tableSizesMb.appeal_events ?? 0)} MB on disk`,
    `- **Generation:** ${n(d.generationSeconds, 1)} s (${Object.entries(d.phases)
      .map(([k, v]) => `${k} ${v} s`)
      .join('; ')})${d.reused ? `; reused the data set generated ${d.generatedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}`,
    `- **Server:** \`node ${r.build.entry}\` (nest build), NODE_ENV=production, LOG_LEVEL=warn, DATABASE_POOL_SIZE=${String(r.settings.poolSize)}, sweep and outbox worker off; each scenario after a ${String(r.settings.warmupSeconds)} s warm-up`,
    '',
  );

  if (r.serverMemoryAfterLoad) {
    lines.splice(
      lines.length - 1,
      0,
      `- **Server memory:** RSS ${n(r.serverMemoryAfterLoad.rssMb)} MB after the load scenarios (peak ${n(r.serverMemoryAfterLoad.peakRssMb)} MB); the jobs below ran on a freshly started process`,
    );
  }
  const rawOf = (name: string) => r.raw.find((c) => c.name === name);
  const ceilingFor: Record<string, string> = {
    submit: 'raw-insert',
    caseload: 'raw-caseload',
    'caseload-skewed': 'raw-caseload-skewed',
    detail: 'raw-detail',
  };
  lines.push('## HTTP scenarios (autocannon, fixed concurrency and duration)', '');
  lines.push(
    '| scenario | request | conns | s | req/s | p50 ms | p99 ms | non-2xx | errors | vs raw ceiling | CPU % node / db / bench / others | server peak RSS MB |',
  );
  lines.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|');
  for (const s of r.http) {
    const ceiling = rawOf(ceilingFor[s.name] ?? '');
    const ratio = ceiling
      ? `${n((s.rps / ceiling.opsPerSecond) * 100)} % (p99 ${n(s.latencyMs.p99 / Math.max(ceiling.latencyMs.p99, 0.1), 2)}×)`
      : '–';
    lines.push(
      `| ${s.label}${s.serverDied ? ' (**the server died**)' : ''} | \`${s.request}\` | ${s.connections} | ${s.durationSeconds} | ${n(s.rps, 1)} | ${ms(s.latencyMs.p50)} | ${ms(s.latencyMs.p99)} | ${n(s.non2xx)} | ${n(s.errors + s.timeouts)} | ${ratio} | ${s.cpuPercent.server ?? '–'} / ${s.cpuPercent.mariadb ?? '–'} / ${s.cpuPercent.bench ?? '–'} / ${s.cpuPercent.others ?? '–'} | ${n(s.serverPeakRssMb)} |`,
    );
  }
  lines.push('');
  if (r.raw.length) {
    lines.push('## Raw ceilings (plain mysql2, same run, same concurrency)', '');
    lines.push('| ceiling | workers | pool | s | ops/s | p50 ms | p99 ms | failures | CPU % node / db / bench / others |');
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|---|');
    for (const c of r.raw) {
      lines.push(
        `| ${c.label} | ${c.workers} | ${c.poolSize} | ${c.durationSeconds} | ${n(c.opsPerSecond, 1)} | ${ms(c.latencyMs.p50)} | ${ms(c.latencyMs.p99)} | ${c.failures} | ${c.cpuPercent.server ?? '–'} / ${c.cpuPercent.mariadb ?? '–'} / ${c.cpuPercent.bench ?? '–'} / ${c.cpuPercent.others ?? '–'} |`,
      );
    }
    lines.push('');
  }

  const jobs: string[] = [];
  if (r.sweep) {
    const { changing, idle, armed, catchUp } = r.sweep;
    jobs.push(
      `| SLA sweep that changes ${n(armed)} appeals (turn yellow) | ${n(changing.serviceMs)} ms in SlaSweepService.runOnce, ${n(changing.wallMs)} ms over HTTP | ${n(changing.changed)} changed in ${changing.batches} batches, ${changing.updateStatements} UPDATE statements | – |`,
    );
    jobs.push(
      `| SLA sweep that changes nothing | ${n(idle.serviceMs)} ms in the service, ${n(idle.wallMs)} ms over HTTP | ${n(idle.examined)} examined | – |`,
    );
    if (catchUp.examined)
      jobs.push(
        `| (untimed catch-up before: the data set had aged) | ${n(catchUp.ms)} ms over ${catchUp.runs} runs | ${n(catchUp.changed)} changes | – |`,
      );
  }
  if (r.prime) {
    const p = r.prime;
    jobs.push(
      `| First dashboard calls after a period change (freeze the missing monthly reports; the report job is off here) | province ${n(p.provinceDashboardMs)} ms; all cities ${n(p.cityDashboardsMs)} ms; ranking ${n(p.rankingMs)} ms | untimed in the scenarios, which measure the steady state | – |`,
    );
  }
  if (r.export) {
    const e = r.export;
    jobs.push(
      `| Ledger XLSX export, ${n(e.rows)} rows (${e.filter}) | ${n(e.seconds, 1)} s, first byte ${n(e.firstByteMs)} ms | HTTP ${e.status}, ${n(e.bytes / 1024 / 1024, 1)} MB${e.sheetRowsVerified === null ? '' : `, ${n(e.sheetRowsVerified)} rows read back`} | ${n(e.serverPeakRssMb)} MB (from ${n(e.serverRssBeforeMb)} MB) |`,
    );
  }
  if (r.import) {
    const i = r.import;
    jobs.push(
      `| Enterprise import, ${n(i.rows)} firms (CSV, with officers) | ${n(i.seconds, 1)} s (server ${i.serverReportedMs === null ? '–' : `${n(i.serverReportedMs)} ms`}) | HTTP ${i.status}, ${n(i.created)} created, ${n(i.officersAssigned)} officers assigned, ${i.errors} row errors | ${n(i.serverPeakRssMb)} MB |`,
    );
  }
  if (jobs.length) {
    lines.push('## Jobs', '', '| job | time | result | server peak RSS |', '|---|---|---|---|', ...jobs, '');
  }

  if (Object.keys(r.plans).length) {
    lines.push('## Plans of the hot queries (EXPLAIN on this data set)', '');
    for (const [name, rows] of Object.entries(r.plans)) {
      lines.push(`**${name}**`, '', '| table | type | key | rows | extra |', '|---|---|---|--:|---|');
      for (const p of rows) lines.push(`| ${p.table ?? '–'} | ${p.type ?? '–'} | ${p.key ?? '–'} | ${p.rows ?? '–'} | ${p.extra ?? ''} |`);
      lines.push('');
    }
  }

  if (r.similarity) lines.push(...renderSimilarity(r.similarity, []).split('\n').slice(0, -4), '');

  if (r.targets.length) {
    lines.push('## Targets', '', '| target | measured | met |', '|---|---|---|');
    for (const t of r.targets)
      lines.push(`| ${t.target} | ${t.measured} | ${t.met === null ? 'n/a (not the full data set)' : t.met ? 'yes' : '**no**'} |`);
    lines.push('');
  }
  return lines.join('\n');
}
