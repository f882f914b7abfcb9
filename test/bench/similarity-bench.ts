/**
 * The similarity section of `npm run bench` (#16), on the bench data set itself:
 *
 *  1. the appeals' texts (FULLTEXT terms and MinHash LSH bands) are backfilled where missing, with
 *     the code the submission and the migration use (appealTextStatements), and timed;
 *  2. the duplicate-candidate lookup at intake: LikelyDuplicatesService.find (sign the new text,
 *     read the firm's open appeals sharing a band, re-score them) for LOOKUPS appeals of firms with
 *     open appeals, each asking with that appeal's own title and description, p50/p95/p99;
 *  3. the province's period clustering: the last complete month's appeals clustered from nothing
 *     by the pool's own loop (ProblemClustersRepository + clusterNewAppeals, one batch per
 *     transaction, as ProblemClusteringService.catchUp does), then the incremental run (only the
 *     next INCREMENT appeals, new to the pool), a re-run with nothing new, and the pool's read of
 *     the month for the province.
 *
 * The services run in this process against the bench database through a small adapter (query
 * and transaction on a mysql2 pool), so what is measured is the application's code and SQL, not
 * a copy.
 */
import type { Pool, PoolConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { AppealTextsRepository, appealTextStatements } from '../../src/common-problems/appeal-texts.repository';
import { clusterNewAppeals } from '../../src/common-problems/domain/incremental-clusters';
import { LikelyDuplicatesService } from '../../src/common-problems/likely-duplicates.service';
import { ProblemClustersRepository } from '../../src/common-problems/pool/problem-clusters.repository';
import { ProblemPoolRepository } from '../../src/common-problems/pool/problem-pool.repository';
import { CLUSTERING_BATCH } from '../../src/common-problems/pool/problem-clustering.service';
import { rowsOf, scalar } from './bench-db';
import { explainStatement, type PlanRow } from './machine';

export interface SimilarityResult {
  appeals: number;
  texts: { backfilled: number; seconds: number; bandRows: number };
  lookup: {
    lookups: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    maxMs: number;
    meanCandidates: number;
    meanShown: number;
    /** The firm with the most open appeals: its lookup's time (best of 5) and the plan of the repository's own statement. */
    busiestFirm: { openAppeals: number; ms: number; plan: PlanRow[] };
  };
  clustering: {
    period: string;
    appeals: number;
    seconds: number;
    batches: number;
    clustersOfTwoFirmsOrMore: number;
    largestCluster: number;
    incremental: { appeals: number; seconds: number };
    rerunNothingNewMs: number;
    poolReadMs: number;
  };
}

const BACKFILL_BATCH = 2000;
const LOOKUPS = 500;
const INCREMENT = 2000;

/** What the repositories need of a TypeORM DataSource (query, and transaction for the clusters' writes), on a mysql2 pool. */
function dataSourceOn(pool: Pool): DataSource {
  const query = async (sql: string, params: unknown[] = []) => (await pool.query(sql, params))[0];
  const transaction = async <T>(work: (m: { query: typeof query }) => Promise<T>): Promise<T> => {
    const connection: PoolConnection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      const result = await work({ query: async (sql: string, params: unknown[] = []) => (await connection.query(sql, params))[0] });
      await connection.commit();
      return result;
    } catch (error) {
      await connection.rollback();
      throw error;
    } finally {
      connection.release();
    }
  };
  return { query, transaction } as unknown as DataSource;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function benchSimilarity(pool: Pool, log: (m: string) => void): Promise<SimilarityResult> {
  const db = dataSourceOn(pool);
  const appeals = await scalar(pool, 'SELECT COUNT(*) FROM appeals');
  const texts = await backfillTexts(pool, log);
  const lookup = await measureLookups(pool, db, log);
  const clustering = await measureClustering(pool, db, log);
  return { appeals, texts, lookup, clustering };
}

/** Every appeal's text and bands, as the submission writes them; FULLTEXT rebuilt once at the end when most are missing. */
async function backfillTexts(pool: Pool, log: (m: string) => void): Promise<SimilarityResult['texts']> {
  const missing = await scalar(pool, 'SELECT COUNT(*) FROM appeals a LEFT JOIN appeal_texts t ON t.appeal_id = a.id WHERE t.appeal_id IS NULL');
  const started = Date.now();
  if (missing > 0) {
    log(`Similarity: storing the texts and LSH bands of ${missing.toLocaleString('en')} appeals…`);
    const bulk = missing > 100_000;
    if (bulk) await pool.query('ALTER TABLE appeal_texts DROP INDEX ft_appeal_texts_search');
    let after = 0;
    let done = 0;
    for (;;) {
      const rows = await rowsOf<{ id: number; enterpriseId: number; title: string; description: string }>(
        pool,
        `SELECT a.id, a.enterprise_id AS enterpriseId, a.title, a.description FROM appeals a LEFT JOIN appeal_texts t ON t.appeal_id = a.id
          WHERE a.id > ? AND t.appeal_id IS NULL ORDER BY a.id LIMIT ?`,
        [after, BACKFILL_BATCH],
      );
      if (rows.length === 0) break;
      for (const statement of appealTextStatements(rows)) await pool.query(statement.sql, statement.params);
      after = Number(rows[rows.length - 1].id);
      done += rows.length;
      if (done % 100_000 < BACKFILL_BATCH) log(`  ${done.toLocaleString('en')} texts (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    if (bulk) {
      log('  rebuilding the FULLTEXT index…');
      await pool.query('ALTER TABLE appeal_texts ADD FULLTEXT KEY ft_appeal_texts_search (search_text)');
    }
    await pool.query('ANALYZE TABLE appeal_texts, appeal_text_bands');
  }
  const seconds = round((Date.now() - started) / 1000);
  const bandRows = await scalar(pool, 'SELECT COUNT(*) FROM appeal_text_bands');
  if (missing > 0) log(`  texts stored in ${seconds} s (${bandRows.toLocaleString('en')} band rows)`);
  return { backfilled: missing, seconds, bandRows };
}

/** LikelyDuplicatesService.find as a firm's user asks before submitting, once per sampled open appeal. */
async function measureLookups(pool: Pool, db: DataSource, log: (m: string) => void): Promise<SimilarityResult['lookup']> {
  const service = new LikelyDuplicatesService(new AppealTextsRepository(db));
  const open = await scalar(pool, 'SELECT COUNT(*) FROM appeals WHERE is_open = 1');
  const step = Math.max(1, Math.floor(open / LOOKUPS));
  // Every step-th open appeal (a spread over firms, regions and time), read by the open-case index.
  const sample = await rowsOf<{ id: number; enterprise_id: number; title: string; description: string }>(
    pool,
    `SELECT id, enterprise_id, title, description FROM (
       SELECT a.id, a.enterprise_id, a.title, a.description, ROW_NUMBER() OVER (ORDER BY a.id) AS n FROM appeals a WHERE a.is_open = 1
     ) s WHERE MOD(n, ?) = 0 LIMIT ?`,
    [step, LOOKUPS],
  );
  const timings: number[] = [];
  let candidates = 0;
  let shown = 0;
  // Warm-up: a few lookups untimed, as a running server would have.
  for (const a of sample.slice(0, 10)) await service.find(firmUser(a.enterprise_id), { title: a.title, description: a.description });
  for (const a of sample) {
    const t = performance.now();
    const answer = await service.find(firmUser(a.enterprise_id), { title: a.title, description: a.description });
    timings.push(performance.now() - t);
    shown += answer.items.length;
  }
  // How many candidates the index query returned (before the re-score), for the same sample.
  const repository = new AppealTextsRepository(db);
  const { signatureOf } = await import('../../src/common-problems/domain');
  for (const a of sample.slice(0, 100)) {
    candidates += (await repository.openCandidatesOfFirm(firmUser(a.enterprise_id), a.enterprise_id, signatureOf(a.title, a.description).bands)).length;
  }
  timings.sort((x, y) => x - y);
  const busiestFirm = await measureBusiestFirm(pool, service);
  const result = {
    lookups: timings.length,
    p50Ms: round(quantile(timings, 0.5)),
    p95Ms: round(quantile(timings, 0.95)),
    p99Ms: round(quantile(timings, 0.99)),
    maxMs: round(timings[timings.length - 1] ?? 0),
    meanCandidates: round(candidates / Math.max(1, Math.min(100, sample.length))),
    meanShown: round(shown / Math.max(1, sample.length)),
    busiestFirm,
  };
  log(`  duplicate-candidate lookup (${result.lookups} lookups): p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`);
  log(`  the busiest firm (${busiestFirm.openAppeals} open appeals): ${busiestFirm.ms} ms; plan ${busiestFirm.plan.map((p) => `${p.table}:${p.key}`).join(' → ')}`);
  return result;
}

/**
 * The worst case of the data set, the firm with the most open appeals, asking with its newest
 * open appeal's text: timed (best of 5, warm), and the statement the repository sent EXPLAINed
 * as sent (recorded by the adapter, not a copy of the SQL).
 */
async function measureBusiestFirm(pool: Pool, service: LikelyDuplicatesService): Promise<SimilarityResult['lookup']['busiestFirm']> {
  const [firm] = await rowsOf<{ enterprise_id: number; n: number }>(
    pool,
    'SELECT enterprise_id, COUNT(*) AS n FROM appeals WHERE is_open = 1 GROUP BY enterprise_id ORDER BY n DESC LIMIT 1',
  );
  if (!firm) return { openAppeals: 0, ms: 0, plan: [] };
  const [asked] = await rowsOf<{ title: string; description: string }>(
    pool,
    'SELECT title, description FROM appeals WHERE enterprise_id = ? AND is_open = 1 ORDER BY id DESC LIMIT 1',
    [firm.enterprise_id],
  );
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i += 1) {
    const t = performance.now();
    await service.find(firmUser(firm.enterprise_id), asked);
    best = Math.min(best, performance.now() - t);
  }
  const sent: Array<{ sql: string; params: unknown[] }> = [];
  const recording = { query: async (sql: string, params: unknown[] = []) => (sent.push({ sql, params }), (await pool.query(sql, params))[0]) };
  const { signatureOf } = await import('../../src/common-problems/domain');
  await new AppealTextsRepository(recording as unknown as DataSource).openCandidatesOfFirm(
    firmUser(firm.enterprise_id),
    firm.enterprise_id,
    signatureOf(asked.title, asked.description).bands,
  );
  const plan = await explainStatement(pool, sent[0].sql, sent[0].params);
  return { openAppeals: Number(firm.n), ms: round(best), plan };
}

function firmUser(enterpriseId: number): AuthUser {
  return {
    id: 0,
    username: 'bench-firm',
    displayName: 'bench firm',
    role: 'enterprise',
    regionCode: '510000',
    regionLevel: 'province',
    departmentId: null,
    enterpriseId,
    isDepartmentHead: false,
    reachPrefix: '51',
  };
}

/** The last complete month's appeals of the province clustered from nothing, then the next ones only, then nothing new. */
async function measureClustering(pool: Pool, db: DataSource, log: (m: string) => void): Promise<SimilarityResult['clustering']> {
  const clusters = new ProblemClustersRepository(db);
  const poolReads = new ProblemPoolRepository(db);
  await pool.query('DELETE FROM problem_cluster_representatives');
  await pool.query('DELETE FROM problem_cluster_members');
  const [newest] = await rowsOf<{ at: Date }>(pool, 'SELECT MAX(submitted_at) AS at FROM appeals');
  // The month before the newest appeal's, in Asia/Shanghai: the last complete one.
  const local = new Date(new Date(newest.at).getTime() + 8 * 3600_000);
  const monthStart = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1) - 8 * 3600_000);
  const monthEnd = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - 8 * 3600_000);
  const period = new Date(monthStart.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
  const [range] = await rowsOf<{ first: number; last: number; n: number }>(
    pool,
    'SELECT MIN(id) AS first, MAX(id) AS last, COUNT(*) AS n FROM appeals WHERE submitted_at >= ? AND submitted_at < ?',
    [monthStart, monthEnd],
  );
  const run = async (after: number, until: number) => {
    let batches = 0;
    let clustered = 0;
    for (;;) {
      const batch = (await clusters.unclustered(after, CLUSTERING_BATCH)).filter((a) => a.id <= until);
      if (batch.length === 0) break;
      const step = clusterNewAppeals(batch, await clusters.stateFor(batch));
      await clusters.write(step, new Date());
      batches += 1;
      clustered += batch.length;
      after = batch[batch.length - 1].id;
    }
    return { batches, clustered, after };
  };
  log(`  clustering ${Number(range.n).toLocaleString('en')} appeals of ${period} (the province's month)…`);
  let t = performance.now();
  const month = await run(Number(range.first) - 1, Number(range.last));
  const seconds = round((performance.now() - t) / 1000, 2);
  // The next INCREMENT appeals by id (fewer when fewer follow): new to the pool, compared only with what it holds.
  const upTo = await scalar(pool, 'SELECT COALESCE(MAX(id), ?) FROM (SELECT id FROM appeals WHERE id > ? ORDER BY id LIMIT ?) next', [
    month.after,
    month.after,
    INCREMENT,
  ]);
  t = performance.now();
  const increment = await run(month.after, Number(upTo));
  const incrementalSeconds = round((performance.now() - t) / 1000, 2);
  t = performance.now();
  const again = await run(Number(range.last), Number(range.last));
  const rerunNothingNewMs = round(performance.now() - t);
  if (again.clustered !== 0) throw new Error('a re-run with nothing new clustered appeals');
  t = performance.now();
  const rows = await poolReads.clusters({ regionPrefix: '', startsAt: monthStart, endsAt: monthEnd });
  const poolReadMs = round(performance.now() - t);
  // Derived rows only; emptied again so the baseline restore (which deletes the run's appeals) never meets them.
  await pool.query('DELETE FROM problem_cluster_representatives');
  await pool.query('DELETE FROM problem_cluster_members');
  const result = {
    period,
    appeals: month.clustered,
    seconds,
    batches: month.batches,
    clustersOfTwoFirmsOrMore: rows.length,
    largestCluster: rows[0]?.appeals ?? 0,
    incremental: { appeals: increment.clustered, seconds: incrementalSeconds },
    rerunNothingNewMs,
    poolReadMs,
  };
  log(
    `  period clustering: ${result.appeals.toLocaleString('en')} appeals in ${seconds} s (${month.batches} batches), ${result.clustersOfTwoFirmsOrMore} clusters of ≥ 2 firms, largest ${result.largestCluster}; incremental ${increment.clustered} new appeals in ${incrementalSeconds} s; re-run with nothing new ${rerunNothingNewMs} ms; pool read ${poolReadMs} ms`,
  );
  return result;
}
