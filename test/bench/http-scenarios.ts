import autocannon from 'autocannon';
import type { Fixtures } from './fixtures';
import type { ScenarioSettings } from './options';
import { performance } from 'node:perf_hooks';
import { CpuMeter, memoryOf, resetPeakRss } from './server';

export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface ScenarioResult {
  name: string;
  label: string;
  request: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  rps: number;
  latencyMs: LatencySummary;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Percent of one core used by the server, MariaDB and the load generator during the run. */
  cpuPercent: Record<string, number>;
  /** The server's resident-memory high-water mark during the measured run. */
  serverPeakRssMb: number;
  /** The server process ended during the scenario (e.g. out of memory). */
  serverDied?: boolean;
  sampleFailures: string[];
}

interface ScenarioSpec {
  name: string;
  label: string;
  request: string;
  settings: ScenarioSettings;
  /** A fresh request each time: a different user, record or body. */
  next: () => { method: string; path: string; headers: Record<string, string>; body?: string };
}

const json = { 'content-type': 'application/json' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Runs one scenario: a warm-up that is thrown away, then the measured run at fixed concurrency and duration. */
export async function runScenario(baseUrl: string, spec: ScenarioSpec, warmupSeconds: number, serverPid: number): Promise<ScenarioResult> {
  const failures: string[] = [];
  const run = (duration: number) =>
    autocannon({
      url: baseUrl,
      connections: spec.settings.connections,
      duration,
      timeout: 30,
      requests: [
        {
          setupRequest: (request) => ({ ...request, ...spec.next() }),
          onResponse: (status, body) => {
            if ((status < 200 || status >= 300) && failures.length < 3) failures.push(`${status} ${String(body).slice(0, 300)}`);
          },
        },
      ],
    });
  if (warmupSeconds > 0) await run(warmupSeconds);
  failures.length = 0;
  const cpu = new CpuMeter(serverPid);
  resetPeakRss(serverPid);
  cpu.begin();
  const result = await run(spec.settings.durationSeconds);
  const cpuPercent = cpu.end();
  const memory = memoryOf(serverPid);
  return {
    name: spec.name,
    label: spec.label,
    request: spec.request,
    connections: spec.settings.connections,
    durationSeconds: spec.settings.durationSeconds,
    requests: result.requests.total,
    rps: Math.round((result.requests.total / result.duration) * 10) / 10,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: Math.round(result.latency.mean * 10) / 10,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    cpuPercent,
    serverPeakRssMb: memory.peakRssMb,
    sampleFailures: failures,
  };
}

export interface PrimeResult {
  /** The province dashboard's first call: counts the months whose reports are missing (and starts freezing them in the background). */
  provinceDashboardMs: number;
  /** Every city supervisor's first dashboard call, one after another. */
  cityDashboardsMs: number;
  rankingMs: number;
}

/**
 * The report job is off on the server under test (it runs with the sweep), so the first dashboard
 * call after a period change finds monthly reports missing: it counts those months itself and
 * freezes them in the background. That once-a-period cost is timed here, apart, so the scenarios
 * measure the steady state a supervisor sees all month.
 */
export async function primeReports(baseUrl: string, fixtures: Fixtures): Promise<PrimeResult> {
  const get = async (path: string, token: string) => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, { headers: bearer(token) });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    await response.arrayBuffer();
    return Math.round(performance.now() - started);
  };
  const provinceDashboardMs = await get('/api/supervision/dashboard', fixtures.provinceSupervisor.token);
  let cityDashboardsMs = 0;
  for (const city of fixtures.citySupervisors) cityDashboardsMs += await get('/api/supervision/dashboard', city.token);
  const rankingMs = await get(rankingPath(), fixtures.provinceSupervisor.token);
  return { provinceDashboardMs, cityDashboardsMs, rankingMs };
}

const rankingPath = () => `/api/supervision/rankings?kind=region&period=month&key=${previousMonthKey(new Date())}`;

/** The month before `now` as a period key (2026-10): a finished month, as published rankings are. */
export function previousMonthKey(now: Date): string {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const month = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth() - 1, 1));
  return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function scenarioSpecs(
  fixtures: Fixtures,
  busy: ScenarioSettings,
  single: ScenarioSettings,
  reportBusy: ScenarioSettings,
): ScenarioSpec[] {
  let counter = 0;
  const rotate = <T>(items: T[]) => {
    let i = 0;
    return () => items[i++ % items.length];
  };
  const firm = rotate(fixtures.firms);
  const officer = rotate(fixtures.officers);
  const appeal = rotate(fixtures.appeals);
  const city = rotate(fixtures.citySupervisors);
  const category = rotate(fixtures.categoryIds);
  const ranking = rankingPath();
  const province = fixtures.provinceSupervisor.token;
  const run = Date.now().toString(36);

  return [
    {
      name: 'submit',
      label: 'Submit an appeal (enterprise user; appeal + event + inbox + outbox rows)',
      request: 'POST /api/appeals',
      settings: busy,
      next: () => {
        const f = firm();
        counter += 1;
        return {
          method: 'POST',
          path: '/api/appeals',
          headers: { ...json, ...bearer(f.token) },
          body: JSON.stringify({
            categoryId: category(),
            kind: 'help',
            title: `基准测试诉求 ${run}-${counter}：原材料供应紧张`,
            description: `基准测试第 ${counter} 条：企业反映近期原材料供应紧张，影响订单交付，请协调解决。`,
          }),
        };
      },
    },
    {
      name: 'caseload',
      label: "Officer's caseload, first page of 20 (open, by deadline)",
      request: 'GET /api/appeals/caseload',
      settings: busy,
      next: () => ({ method: 'GET', path: '/api/appeals/caseload?page=1&pageSize=20', headers: bearer(officer().token) }),
    },
    ...(fixtures.skewedOfficer
      ? [
          {
            name: 'caseload-skewed',
            label: `Caseload of the skewed officer (${fixtures.skewedOfficer.openAppeals.toLocaleString('en')} open appeals), first page of 20`,
            request: 'GET /api/appeals/caseload',
            settings: busy,
            next: () => ({
              method: 'GET',
              path: '/api/appeals/caseload?page=1&pageSize=20',
              headers: bearer((fixtures.skewedOfficer as { token: string }).token),
            }),
          },
        ]
      : []),
    {
      name: 'detail',
      label: 'One appeal with its timeline (as its officer)',
      request: 'GET /api/appeals/:id',
      settings: busy,
      next: () => {
        const a = appeal();
        return { method: 'GET', path: `/api/appeals/${a.id}`, headers: bearer(fixtures.officers[a.officer].token) };
      },
    },
    {
      name: 'dashboard-province',
      label: 'Supervisor dashboard, whole province (1 user)',
      request: 'GET /api/supervision/dashboard',
      settings: single,
      next: () => ({ method: 'GET', path: '/api/supervision/dashboard', headers: bearer(province) }),
    },
    {
      name: 'dashboard-cities',
      label: `Supervisor dashboard, city supervisors (${reportBusy.connections} at once)`,
      request: 'GET /api/supervision/dashboard',
      settings: reportBusy,
      next: () => ({ method: 'GET', path: '/api/supervision/dashboard', headers: bearer(city().token) }),
    },
    {
      name: 'ranking-month',
      label: "Last month's city ranking, province (1 user)",
      request: 'GET /api/supervision/rankings?kind=region&period=month',
      settings: single,
      next: () => ({ method: 'GET', path: ranking, headers: bearer(province) }),
    },
    {
      name: 'ranking-month-busy',
      label: `Last month's city ranking, province (${reportBusy.connections} at once)`,
      request: 'GET /api/supervision/rankings?kind=region&period=month',
      settings: reportBusy,
      next: () => ({ method: 'GET', path: ranking, headers: bearer(province) }),
    },
  ];
}
