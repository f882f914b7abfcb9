import type { Pool } from 'mysql2/promise';
import { performance } from 'node:perf_hooks';
import { generateCreditCode } from '../../src/enterprises/domain/credit-code';
import { rowsOf, scalar } from './bench-db';
import { SWEEP_BACKUP_TABLE, restoreSweepBackup } from './dataset/baseline';
import type { Fixtures } from './fixtures';
import { CpuMeter, memoryOf, resetPeakRss } from './server';

interface SweepReport {
  skipped: boolean;
  batches: number;
  examined: number;
  turnedYellow: number;
  turnedRed: number;
  ladderSteps: number;
  autoClosed: number;
  updateStatements: number;
  ms: number;
}

export interface SweepResult {
  catchUp: { runs: number; examined: number; changed: number; ms: number };
  armed: number;
  changing: SweepMeasurement;
  idle: SweepMeasurement;
}

export interface SweepMeasurement {
  wallMs: number;
  serviceMs: number;
  examined: number;
  changed: number;
  batches: number;
  updateStatements: number;
  cpuPercent: Record<string, number>;
}

export interface ExportResult {
  rows: number;
  filter: string;
  seconds: number;
  firstByteMs: number;
  bytes: number;
  status: number;
  serverRssBeforeMb: number;
  serverPeakRssMb: number;
  peakMeasuredBy: string;
  cpuPercent: Record<string, number>;
  sheetRowsVerified: number | null;
}

export interface ImportResult {
  rows: number;
  seconds: number;
  serverReportedMs: number | null;
  status: number;
  created: number;
  officersAssigned: number;
  errors: number;
  cpuPercent: Record<string, number>;
  serverPeakRssMb: number;
}

const changedBy = (r: SweepReport) => r.turnedYellow + r.turnedRed + r.ladderSteps + r.autoClosed;

async function sweepOnce(baseUrl: string, adminToken: string): Promise<SweepReport> {
  const response = await fetch(`${baseUrl}/api/sla/sweep/run`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
  if (!response.ok) throw new Error(`POST /api/sla/sweep/run answered ${response.status}: ${await response.text()}`);
  const report = (await response.json()) as SweepReport;
  if (report.skipped) throw new Error('The sweep was skipped: another holder has the sla-sweep lease');
  return report;
}

async function measuredSweep(baseUrl: string, adminToken: string, serverPid: number): Promise<SweepMeasurement> {
  const cpu = new CpuMeter(serverPid);
  cpu.begin();
  const started = performance.now();
  const report = await sweepOnce(baseUrl, adminToken);
  const wallMs = Math.round(performance.now() - started);
  return {
    wallMs,
    serviceMs: report.ms,
    examined: report.examined,
    changed: changedBy(report),
    batches: report.batches,
    updateStatements: report.updateStatements,
    cpuPercent: cpu.end(),
  };
}

/**
 * The SLA sweep through its admin endpoint (SlaSweepService.runOnce on the server under test):
 * first it catches up with whatever fell due since the data set was made (untimed; the data set
 * ages like a real one), then exactly `changes` green appeals get their yellow threshold moved into
 * the past and one sweep turns them yellow, then a second sweep finds nothing. The armed appeals
 * are restored afterwards from a backup table.
 */
export async function benchSweep(
  pool: Pool,
  baseUrl: string,
  fixtures: Fixtures,
  changes: number,
  serverPid: number,
  onCaughtUp: () => Promise<void>,
): Promise<SweepResult> {
  const token = fixtures.admin.token;
  const catchUp = { runs: 0, examined: 0, changed: 0, ms: 0 };
  for (let i = 0; i < 100; i += 1) {
    const report = await sweepOnce(baseUrl, token);
    catchUp.runs += 1;
    catchUp.examined += report.examined;
    catchUp.changed += changedBy(report);
    catchUp.ms += report.ms;
    if (report.examined === 0) break;
  }
  await onCaughtUp();

  const now = new Date();
  await pool.query(`DROP TABLE IF EXISTS ${SWEEP_BACKUP_TABLE}`);
  await pool.query(
    `CREATE TABLE ${SWEEP_BACKUP_TABLE} ENGINE=InnoDB AS
       SELECT id, status, warning_light, yellow_at, next_check_at, overdue_since, response_overdue, resolution_overdue, supervision_level,
              closed_at, auto_closed, current_due_at, event_count, last_event_hash, version, updated_at
         FROM appeals
        WHERE is_open = 1 AND status IN ('submitted','accepted','assigned','in_progress') AND warning_light = 'green'
          AND yellow_at > ? AND current_due_at > ? + INTERVAL 1 DAY
        ORDER BY RAND(17) LIMIT ?`,
    [now, now, changes],
  );
  await pool.query(`ALTER TABLE ${SWEEP_BACKUP_TABLE} ADD PRIMARY KEY (id)`);
  const armed = await scalar(pool, `SELECT COUNT(*) FROM ${SWEEP_BACKUP_TABLE}`);
  const past = new Date(Date.now() - 60_000);
  await pool.query(`UPDATE appeals a JOIN ${SWEEP_BACKUP_TABLE} b ON b.id = a.id SET a.yellow_at = ?, a.next_check_at = ?`, [past, past]);

  try {
    const changing = await measuredSweep(baseUrl, token, serverPid);
    const idle = await measuredSweep(baseUrl, token, serverPid);
    return { catchUp, armed, changing, idle };
  } finally {
    await restoreSweepBackup(async (sql, params) => pool.query(sql, params));
  }
}

/** The newest appeals' submission days: a whole-day filter that selects at least `rows` ledger rows (the edge day is included whole). */
async function ledgerWindow(pool: Pool, rows: number): Promise<{ from: string; to: string; count: number }> {
  const [edge] = await rowsOf<{ submitted_at: Date }>(
    pool,
    'SELECT submitted_at FROM appeals ORDER BY submitted_at DESC LIMIT 1 OFFSET ?',
    [rows - 1],
  );
  const [last] = await rowsOf<{ submitted_at: Date }>(pool, 'SELECT MAX(submitted_at) AS submitted_at FROM appeals');
  const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const from = day((edge ?? last).submitted_at);
  const to = day(last.submitted_at);
  const count = await scalar(pool, 'SELECT COUNT(*) FROM appeals WHERE submitted_at >= ? AND submitted_at < ?', [
    new Date(`${from}T00:00:00+08:00`),
    new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 24 * 3600_000),
  ]);
  return { from, to, count };
}

/** The problem ledger as XLSX for about `rows` appeals, streamed to nowhere; time, size and the server's peak memory. */
export async function benchExport(
  pool: Pool,
  baseUrl: string,
  fixtures: Fixtures,
  rows: number,
  serverPid: number,
  verify: boolean,
): Promise<ExportResult> {
  const window = await ledgerWindow(pool, rows);
  const path = `/api/supervision/exports/ledger.xlsx?submittedFrom=${window.from}&submittedTo=${window.to}`;
  const before = memoryOf(serverPid);
  const resetOk = resetPeakRss(serverPid);
  let sampledPeak = before.rssMb;
  const sampler = setInterval(() => {
    try {
      sampledPeak = Math.max(sampledPeak, memoryOf(serverPid).rssMb);
    } catch {
      // the server is gone; the request will fail too
    }
  }, 50);
  const cpu = new CpuMeter(serverPid);
  cpu.begin();
  const started = performance.now();
  let firstByteMs = 0;
  let bytes = 0;
  const chunks: Buffer[] = [];
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${fixtures.provinceSupervisor.token}` } });
  try {
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (!firstByteMs) firstByteMs = Math.round(performance.now() - started);
        bytes += chunk.byteLength;
        if (verify) chunks.push(Buffer.from(chunk));
      }
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  const cpuPercent = cpu.end();
  const after = memoryOf(serverPid);
  let sheetRowsVerified: number | null = null;
  if (verify && response.ok) {
    const ExcelJS = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    sheetRowsVerified = (workbook.worksheets[0]?.actualRowCount ?? 1) - 1;
  }
  return {
    rows: window.count,
    filter: `submittedFrom=${window.from}&submittedTo=${window.to}`,
    seconds,
    firstByteMs,
    bytes,
    status: response.status,
    serverRssBeforeMb: before.rssMb,
    serverPeakRssMb: resetOk ? Math.max(after.peakRssMb, sampledPeak) : sampledPeak,
    peakMeasuredBy: resetOk ? 'VmHWM of the server process (reset before the export) and 50 ms RSS samples' : '50 ms RSS samples',
    cpuPercent,
    sheetRowsVerified,
  };
}

/** A CSV of `rows` new firms spread over the counties, each naming an officer of its county, as an office would hand it over. */
async function importCsv(pool: Pool, rows: number): Promise<string> {
  const officers = await rowsOf<{ username: string; region_code: string }>(
    pool,
    "SELECT u.username, u.region_code FROM users u JOIN regions r ON r.code = u.region_code WHERE u.role = 'officer' AND r.level = 'county' ORDER BY u.id",
  );
  const industries = ['电子信息', '装备制造', '食品饮料', '先进材料', '能源化工', '数字经济', '其他'];
  const lines = ['统一社会信用代码,企业名称,行政区划代码,行业,规模,标签,园区,联系人,联系电话,地址,专员账号'];
  for (let i = 0; i < rows; i += 1) {
    const officer = officers[i % officers.length];
    const code = generateCreditCode(officer.region_code, 5_000_000 + i);
    lines.push(
      [code, `导入测试企业${i + 1}有限公司`, officer.region_code, industries[i % industries.length], i % 4 ? '规上' : '规下', i % 10 ? '' : '专精特新',
        '工业园区', '联系人', `1380000${String(i % 10000).padStart(4, '0')}`, `测试路${i + 1}号`, officer.username].join(','), // prettier-ignore
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export async function benchImport(pool: Pool, baseUrl: string, fixtures: Fixtures, rows: number, serverPid: number): Promise<ImportResult> {
  const csv = await importCsv(pool, rows);
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'enterprises.csv');
  resetPeakRss(serverPid);
  const cpu = new CpuMeter(serverPid);
  cpu.begin();
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/enterprises/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fixtures.admin.token}` },
    body: form,
  });
  const body = (await response.json()) as {
    created?: number;
    officersAssigned?: number;
    errors?: unknown[];
    durationMs?: number;
    details?: unknown[];
  };
  const seconds = Math.round(performance.now() - started) / 1000;
  return {
    rows,
    seconds,
    serverReportedMs: body.durationMs ?? null,
    status: response.status,
    created: body.created ?? 0,
    officersAssigned: body.officersAssigned ?? 0,
    errors: (body.errors ?? body.details ?? []).length,
    cpuPercent: cpu.end(),
    serverPeakRssMb: memoryOf(serverPid).peakRssMb,
  };
}
