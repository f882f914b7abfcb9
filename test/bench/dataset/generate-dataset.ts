import type { Pool } from 'mysql2/promise';
import { toHashedFields, type StoredEventRow } from '../../../src/appeals/events/appeal-events.repository';
import { verifyChain } from '../../../src/appeals/events/event-hash';
import { METRIC_FACT_COLUMNS, type MetricFacts } from '../../../src/appeals/events/metric-facts';
import { createDatabaseIfMissing, runMigrations } from '../../../src/cli/database-admin';
import { createChineseDaysCalendar } from '../../../src/sla/calendar-seed/chinese-days-source';
import { databaseExists, databaseName, dropDatabase, openPool, rowsOf, scalar } from '../bench-db';
import type { DatasetProfile } from '../options';
import { generateAppeals, type AppealCounts } from './appeal-generator';
import { deferSecondaryIndexes, InFlight } from './bulk-loader';
import { CalendarMath } from './calendar-math';
import { factDifferences, factsOfRow, foldFacts } from './metric-facts-fold';
import { generateOrganisation } from './org-generator';

/** Bump when the generated data changes shape: an older data set is then rebuilt instead of reused. */
export const GENERATOR_VERSION = 6;

/** Highest ids of the generated data; anything above them was written by a benchmark run and is removed before the next. */
export interface Baseline {
  appeals: number;
  appealEvents: number;
  enterprises: number;
  officerAssignments: number;
  notifications: number;
  outbox: number;
  supervisionOrders: number;
  appealPauses: number;
  sequences: Record<string, number>;
}

export interface DatasetInfo {
  generatorVersion: number;
  profile: string;
  reused: boolean;
  generatedAt: string;
  /** Wall time of the generation (the original one when reused). */
  generationSeconds: number;
  phases: Record<string, number>;
  counts: Record<string, unknown>;
  baseline: Baseline;
  /** Table sizes in MB (data + indexes) as InnoDB reports them. */
  tableSizesMb: Record<string, number>;
}

const MARKER_DDL = `
  CREATE TABLE IF NOT EXISTS bench_dataset (
    id TINYINT UNSIGNED NOT NULL,
    generator_version INT NOT NULL,
    profile VARCHAR(16) NOT NULL,
    status ENUM('loading','complete') NOT NULL,
    info JSON NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    PRIMARY KEY (id)
  ) ENGINE=InnoDB`;

async function readMarker(pool: Pool): Promise<{ generator_version: number; profile: string; status: string; info: string } | null> {
  const tables = await rowsOf(pool, "SHOW TABLES LIKE 'bench_dataset'");
  if (!tables.length) return null;
  const [row] = await rowsOf<{ generator_version: number; profile: string; status: string; info: string }>(
    pool,
    'SELECT generator_version, profile, status, info FROM bench_dataset WHERE id = 1',
  );
  return row ?? null;
}

async function writeMarker(pool: Pool, profile: DatasetProfile, status: 'loading' | 'complete', info: unknown): Promise<void> {
  await pool.query(MARKER_DDL);
  await pool.query(
    `INSERT INTO bench_dataset (id, generator_version, profile, status, info, updated_at) VALUES (1, ?, ?, ?, ?, NOW(3))
     ON DUPLICATE KEY UPDATE generator_version = VALUES(generator_version), profile = VALUES(profile), status = VALUES(status),
                             info = VALUES(info), updated_at = VALUES(updated_at)`,
    [GENERATOR_VERSION, profile.name, status, JSON.stringify(info)],
  );
}

export async function tableSizesMb(pool: Pool): Promise<Record<string, number>> {
  const rows = await rowsOf<{ t: string; mb: number }>(
    pool,
    `SELECT TABLE_NAME AS t, ROUND((DATA_LENGTH + INDEX_LENGTH) / 1048576) AS mb FROM information_schema.TABLES
      WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('appeals','appeal_events','enterprises','users','supervision_orders','notifications','outbox')`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.mb)]));
}

/**
 * The data set for a profile: reused when a complete one of this generator version exists
 * (pending migrations are applied to it), otherwise the database is dropped, rebuilt by the real
 * migrations and filled.
 */
export async function ensureDataset(
  databaseUrl: string,
  profile: DatasetProfile,
  regenerate: boolean,
  log: (m: string) => void,
): Promise<DatasetInfo> {
  if (!regenerate && (await databaseExists(databaseUrl))) {
    const pool = openPool(databaseUrl, 2);
    try {
      const marker = await readMarker(pool);
      if (marker?.status === 'complete' && marker.generator_version === GENERATOR_VERSION && marker.profile === profile.name) {
        const problem = await schemaProblem(databaseUrl, log);
        if (!problem) {
          const info = (typeof marker.info === 'string' ? JSON.parse(marker.info) : marker.info) as DatasetInfo;
          log(`Reusing the ${profile.name} data set generated ${info.generatedAt} (${info.generationSeconds} s to generate).`);
          return { ...info, reused: true, tableSizesMb: await tableSizesMb(pool) };
        }
        log(`${problem}; rebuilding the data set.`);
      } else {
        log(
          marker
            ? `The existing data set is ${marker.status} / v${marker.generator_version} / ${marker.profile}; rebuilding it.`
            : 'No data set marker; rebuilding.',
        );
      }
    } finally {
      await pool.end();
    }
  }
  return generate(databaseUrl, profile, log);
}

/** The tables' DDL as SHOW CREATE TABLE prints it, without AUTO_INCREMENT counters and the harness's own tables. */
async function schemaOf(databaseUrl: string): Promise<Map<string, string>> {
  const pool = openPool(databaseUrl, 1);
  try {
    const tables = (await rowsOf<Record<string, string>>(pool, 'SHOW TABLES'))
      .map((r) => Object.values(r)[0])
      .filter((t) => !t.startsWith('bench_'));
    const schema = new Map<string, string>();
    for (const table of tables) {
      const [row] = await rowsOf<Record<string, string>>(pool, `SHOW CREATE TABLE \`${table}\``);
      schema.set(table, row['Create Table'].replace(/ AUTO_INCREMENT=\d+/, ''));
    }
    return schema;
  } finally {
    await pool.end();
  }
}

/**
 * Why a reused data set no longer matches the code, or null. Pending migrations are applied;
 * then its schema is compared with one the migrations build now in a scratch database, because a
 * migration edited in place (before release) leaves no trace in schema_migrations.
 */
async function schemaProblem(databaseUrl: string, log: (m: string) => void): Promise<string | null> {
  try {
    const applied = await runMigrations(databaseUrl);
    if (applied.length) log(`Applied pending migrations to the reused data set: ${applied.join(', ')}`);
  } catch (error) {
    return `A pending migration fails on the reused data set (${(error as Error).message})`;
  }
  const scratch = new URL(databaseUrl);
  scratch.pathname = `/${databaseName(databaseUrl)}_schema`;
  await dropDatabase(scratch.toString());
  await createDatabaseIfMissing(scratch.toString());
  try {
    await runMigrations(scratch.toString());
    const fresh = await schemaOf(scratch.toString());
    const differing = async () => {
      const reused = await schemaOf(databaseUrl);
      return { reused, tables: [...new Set([...reused.keys(), ...fresh.keys()])].filter((t) => reused.get(t) !== fresh.get(t)) };
    };
    const first = await differing();
    const reused = first.reused;
    let tables = first.tables;
    // An edited migration that only changed indexes is applied to the data in place: rebuilding
    // a few indexes takes a minute, regenerating the data set several.
    const indexOnly = tables.filter(
      (t) => reused.has(t) && fresh.has(t) && splitDdl(reused.get(t) as string).rest === splitDdl(fresh.get(t) as string).rest,
    );
    if (indexOnly.length && indexOnly.length === tables.length) {
      const started = Date.now();
      try {
        for (const table of indexOnly) await convergeIndexes(databaseUrl, table, reused.get(table) as string, fresh.get(table) as string);
      } catch (error) {
        return `Converging the indexes of ${indexOnly.join(', ')} with the edited migrations failed (${(error as Error).message})`;
      }
      ({ tables } = await differing());
      if (!tables.length)
        log(`Rebuilt the indexes of ${indexOnly.join(', ')} to match edited migrations (${Math.round((Date.now() - started) / 1000)} s).`);
    }
    return tables.length
      ? `The data set's schema differs from what the migrations build now (${tables.join(', ')}): a migration was edited`
      : null;
  } finally {
    await dropDatabase(scratch.toString());
  }
}

/** A table's index lines by name, and everything else (columns, keys' order aside, constraints, options) as text. */
function splitDdl(ddl: string): { keys: Map<string, string>; rest: string } {
  const keys = new Map<string, string>();
  const rest: string[] = [];
  for (const raw of ddl.split('\n')) {
    const line = raw.trim().replace(/,$/, '');
    const name = /^(?:UNIQUE )?KEY `([^`]+)`/.exec(line)?.[1];
    if (name) keys.set(name, line);
    else rest.push(line);
  }
  return { keys, rest: rest.join('\n') };
}

/** Drops the indexes the edited migrations no longer build (or build differently) and adds theirs, in one ALTER. */
async function convergeIndexes(databaseUrl: string, table: string, reusedDdl: string, freshDdl: string): Promise<void> {
  const have = splitDdl(reusedDdl).keys;
  const want = splitDdl(freshDdl).keys;
  const drops = [...have.keys()].filter((name) => want.get(name) !== have.get(name)).map((name) => `DROP INDEX \`${name}\``);
  const adds = [...want.entries()].filter(([name, line]) => have.get(name) !== line).map(([, line]) => `ADD ${line}`);
  if (!drops.length && !adds.length) return;
  const pool = openPool(databaseUrl, 1);
  try {
    await pool.query(`ALTER TABLE \`${table}\` ${[...drops, ...adds].join(', ')}`);
  } finally {
    await pool.end();
  }
}

async function generate(databaseUrl: string, profile: DatasetProfile, log: (m: string) => void): Promise<DatasetInfo> {
  const phases: Record<string, number> = {};
  const started = Date.now();
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    const result = await work();
    phases[name] = Math.round((Date.now() - t) / 100) / 10;
    log(`  ${name}: ${phases[name]} s`);
    return result;
  };

  log(
    `Generating the ${profile.name} data set: ${profile.enterprises.toLocaleString('en')} enterprises, ${profile.appeals.toLocaleString('en')} appeals…`,
  );
  await phase('schema (drop, create, migrations)', async () => {
    await dropDatabase(databaseUrl);
    await createDatabaseIfMissing(databaseUrl);
    await runMigrations(databaseUrl);
  });
  const pool = openPool(databaseUrl, 3);
  try {
    await writeMarker(pool, profile, 'loading', {});
    const now = Date.now();
    const inFlight = new InFlight(2);
    const world = await phase('organisation (departments, users, enterprises, assignments)', () =>
      generateOrganisation(pool, inFlight, profile, now),
    );
    const restoreIndexes = await deferSecondaryIndexes(pool, ['appeals', 'appeal_events']);
    const math = new CalendarMath(createChineseDaysCalendar());
    const appealCounts = await phase('appeals and hash-chained events', () => generateAppeals(pool, inFlight, world, math, profile, log));
    await phase('secondary indexes and foreign keys rebuilt', restoreIndexes);
    await phase('ANALYZE TABLE', async () => {
      await pool.query('ANALYZE TABLE appeals, appeal_events, enterprises, users, officer_assignments, supervision_orders');
    });
    const checks = await phase('consistency checks', () => checkDataset(pool, now));
    const baseline = await readBaseline(pool);
    const info: DatasetInfo = {
      generatorVersion: GENERATOR_VERSION,
      profile: profile.name,
      reused: false,
      generatedAt: new Date(now).toISOString(),
      generationSeconds: Math.round((Date.now() - started) / 100) / 10,
      phases,
      counts: { ...world.counts, ...summarise(appealCounts), checks },
      baseline,
      tableSizesMb: await tableSizesMb(pool),
    };
    await writeMarker(pool, profile, 'complete', info);
    log(`Generated in ${info.generationSeconds} s.`);
    return info;
  } finally {
    await pool.end();
  }
}

function summarise(counts: AppealCounts): Record<string, unknown> {
  const { lastSequenceByYear: _sequences, ...rest } = counts;
  return rest;
}

/** Records a new baseline (after the sweep caught up with an aged data set, its changes belong to the data). */
export async function saveBaseline(pool: Pool, baseline: Baseline): Promise<void> {
  const [row] = await rowsOf<{ info: string | DatasetInfo }>(pool, 'SELECT info FROM bench_dataset WHERE id = 1');
  const info = (typeof row.info === 'string' ? JSON.parse(row.info) : row.info) as DatasetInfo;
  await pool.query('UPDATE bench_dataset SET info = ? WHERE id = 1', [JSON.stringify({ ...info, baseline })]);
}

export async function readBaseline(pool: Pool): Promise<Baseline> {
  const max = (table: string) => scalar(pool, `SELECT COALESCE(MAX(id), 0) FROM ${table}`);
  const sequences = await rowsOf<{ year: number; last_seq: number }>(pool, 'SELECT year, last_seq FROM appeal_number_sequences');
  return {
    appeals: await max('appeals'),
    appealEvents: await max('appeal_events'),
    enterprises: await max('enterprises'),
    officerAssignments: await max('officer_assignments'),
    notifications: await max('notifications'),
    outbox: await max('outbox'),
    supervisionOrders: await max('supervision_orders'),
    appealPauses: await max('appeal_pauses'),
    sequences: Object.fromEntries(sequences.map((s) => [String(s.year), Number(s.last_seq)])),
  };
}

/**
 * Proves the data set is what the application would have written: valid chains, metric facts that
 * fold to the row (and stamp each milestone at its event's instant), nothing overdue for the sweep.
 * Read back from the database, so the check covers the stored encoding too.
 */
async function checkDataset(pool: Pool, now: number): Promise<Record<string, unknown>> {
  const columns = ['id', 'event_count', 'last_event_hash', ...METRIC_FACT_COLUMNS].join(', ');
  const sample = await rowsOf<Record<string, unknown> & { id: number; event_count: number; last_event_hash: string }>(
    pool,
    `(SELECT ${columns} FROM appeals ORDER BY RAND(7) LIMIT 300)
     UNION (SELECT ${columns} FROM appeals WHERE redo_count > 0 ORDER BY RAND(7) LIMIT 50)`,
  );
  let broken = 0;
  const factProblems: string[] = [];
  let redone = 0;
  for (const appeal of sample) {
    const events = await rowsOf<StoredEventRow>(pool, 'SELECT * FROM appeal_events WHERE appeal_id = ? ORDER BY seq', [appeal.id]);
    const result = verifyChain(events.map(toHashedFields));
    if (!result.valid || events.length !== Number(appeal.event_count) || events[events.length - 1]?.hash !== appeal.last_event_hash)
      broken += 1;
    const differences = factDifferences(foldFacts(events.map((e) => e.payload as Record<string, unknown> | string)), factsOfRow(appeal));
    for (const event of events.slice(1)) {
      const facts = (typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload) as { facts?: MetricFacts };
      for (const stamp of ['assigned_at', 'signed_at', 'resolved_at', 'verified_at', 'closed_at'] as const) {
        const value = facts.facts?.[stamp];
        if (value && value !== new Date(event.created_at).toISOString())
          differences.push(`event ${event.seq} (${event.action}) records ${stamp} ${value}, not its own instant`);
      }
    }
    if (differences.length) factProblems.push(`appeal ${appeal.id}: ${differences.join('; ')}`);
    if (Number(appeal.redo_count) > 0) redone += 1;
  }
  if (broken) throw new Error(`${broken} of ${sample.length} sampled appeals have a broken event chain`);
  if (factProblems.length)
    throw new Error(`${factProblems.length} of ${sample.length} sampled appeals break the metric-facts contract, e.g. ${factProblems[0]}`);
  const due = await scalar(pool, 'SELECT COUNT(*) FROM appeals WHERE is_open = 1 AND next_check_at <= ?', [new Date(now)]);
  if (due) throw new Error(`${due} open appeals are already due for the sweep in a fresh data set`);
  return { sampledChainsValid: sample.length, sampledFactsFolded: sample.length, sampledRedone: redone, dueForSweepAtGeneration: due };
}
