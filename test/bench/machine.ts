import type { Pool } from 'mysql2/promise';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { rowsOf } from './bench-db';
import { CASELOAD_COUNT_SQL, CASELOAD_COUNT_UNHINTED_SQL, CASELOAD_PAGE_SQL, CASELOAD_PAGE_UNHINTED_SQL } from './raw-ceilings';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  mariadb: string;
  innodbBufferPoolMb: number;
  /** 1-, 5- and 15-minute load averages when the run started: other work sharing the machine. */
  loadAverage: number[];
  versions: Record<string, string>;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

export async function machineInfo(pool: Pool): Promise<MachineInfo> {
  const [server] = await rowsOf<{ version: string; pool: number }>(pool, 'SELECT VERSION() AS version, @@innodb_buffer_pool_size AS pool');
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    kernel: release(),
    node: process.version,
    mariadb: server.version,
    innodbBufferPoolMb: Math.round(Number(server.pool) / 1024 ** 2),
    loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
    versions: Object.fromEntries(
      ['@nestjs/core', '@nestjs/platform-fastify', 'fastify', 'typeorm', 'mysql2', 'exceljs', 'autocannon'].map((name) => [
        name,
        packageVersion(name),
      ]),
    ),
  };
}

export interface PlanRow {
  table: string | null;
  type: string | null;
  key: string | null;
  rows: number | null;
  extra: string | null;
}

/** EXPLAIN of one statement, as the rows the report prints. */
export async function explainStatement(pool: Pool, sql: string, params: unknown[]): Promise<PlanRow[]> {
  return (await rowsOf<Record<string, unknown>>(pool, `EXPLAIN ${sql}`, params)).map((r) => ({
    table: (r.table as string | null) ?? null,
    type: (r.type as string | null) ?? null,
    key: (r.key as string | null) ?? null,
    rows: r.rows === null || r.rows === undefined ? null : Number.parseInt(String(r.rows), 10),
    extra: (r.Extra as string | null) ?? null,
  }));
}

/** EXPLAIN of the hot queries on the real data, recorded with the figures they explain. */
export async function explainHotQueries(
  pool: Pool,
  officerId: number | undefined,
  skewedOfficerId?: number,
): Promise<Record<string, PlanRow[]>> {
  const explain = (sql: string, params: unknown[]) => explainStatement(pool, sql, params);
  const plans: Record<string, PlanRow[]> = {};
  if (officerId !== undefined) {
    plans['caseload page'] = await explain(CASELOAD_PAGE_SQL, [officerId, 1, 20, 0]);
    plans['caseload count'] = await explain(CASELOAD_COUNT_SQL, [officerId, 1]);
  }
  if (skewedOfficerId !== undefined) {
    plans['caseload page, skewed officer'] = await explain(CASELOAD_PAGE_SQL, [skewedOfficerId, 1, 20, 0]);
    plans['caseload count, skewed officer'] = await explain(CASELOAD_COUNT_SQL, [skewedOfficerId, 1]);
    plans['caseload page, skewed officer, without the hints (before)'] = await explain(CASELOAD_PAGE_UNHINTED_SQL, [
      skewedOfficerId,
      1,
      20,
      0,
    ]);
    plans['caseload count, skewed officer, with the categories join (before)'] = await explain(CASELOAD_COUNT_UNHINTED_SQL, [
      skewedOfficerId,
      1,
    ]);
  }
  plans['sweep due probe'] = await explain(
    `SELECT id FROM appeals FORCE INDEX (ix_appeals_open_next_check) WHERE is_open = 1 AND next_check_at <= ? ORDER BY next_check_at LIMIT 1000 FOR UPDATE`,
    [new Date()],
  );
  plans['dashboard open counts (province)'] = await explain(
    `SELECT COUNT(*), SUM(CASE WHEN a.warning_light = 'red' THEN 1 ELSE 0 END) FROM appeals a WHERE a.is_open = 1 AND a.region_code LIKE ? AND a.region_code LIKE ?`,
    ['51%', '51%'],
  );
  return plans;
}
