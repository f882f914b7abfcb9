/**
 * Measures the likely-duplicates candidate lookup (#16) on the band index alone: a copy of
 * appeal_text_bands' layout (PRIMARY KEY (band, hash, appeal_id)) filled with APPEALS synthetic
 * appeals × 32 bands, where appeals come in groups of 5 sharing a third of their bands (the same
 * problem told by several firms) and the other bands are unique, then LOOKUPS lookups of one
 * appeal's 32 (band, hash) pairs, grouped by appeal as the repository's query does (without its
 * join to appeals and the read condition). Prints p50/p99.
 *
 *   DUP_BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/qiyuan_test_common \
 *     npx ts-node --transpile-only test/bench/likely-duplicates-measure.ts [--appeals=200000] [--lookups=500]
 *
 * MariaDB only (rows come from the seq_1_to_N sequence engine). The table is a scratch one, dropped at the end.
 */
import { createConnection } from 'mysql2/promise';

const url = process.env.DUP_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_test_common';
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const APPEALS = arg('appeals', 200_000);
const LOOKUPS = arg('lookups', 500);
const BANDS = 32;

async function main(): Promise<void> {
  const db = await createConnection(url);
  await db.query('DROP TABLE IF EXISTS bench_text_bands');
  await db.query(
    'CREATE TABLE bench_text_bands (band TINYINT UNSIGNED NOT NULL, hash INT UNSIGNED NOT NULL, appeal_id INT UNSIGNED NOT NULL, PRIMARY KEY (band, hash, appeal_id), KEY ix_appeal (appeal_id)) ENGINE=InnoDB',
  );
  let t = Date.now();
  for (let band = 0; band < BANDS; band += 1) {
    // Bands 0..10 shared within a group of 5 appeals; the rest unique to the appeal.
    const hash = band <= 10 ? `CRC32(CONCAT(${band}, ':', s.seq DIV 5))` : `CRC32(CONCAT(${band}, '/', s.seq))`;
    await db.query(`INSERT INTO bench_text_bands (band, hash, appeal_id) SELECT ${band}, ${hash}, s.seq FROM seq_1_to_${APPEALS} s`);
  }
  console.log(`filled ${APPEALS} appeals x ${BANDS} bands in ${Date.now() - t} ms`);
  const timings: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const appealId = 1 + ((i * 7919) % APPEALS);
    const [rows] = (await db.query('SELECT band, hash FROM bench_text_bands WHERE appeal_id = ?', [appealId])) as unknown as [Array<{ band: number; hash: number }>];
    const match = rows.map(() => '(b.band = ? AND b.hash = ?)').join(' OR ');
    t = performance.now();
    await db.query(`SELECT b.appeal_id, COUNT(*) AS shared FROM bench_text_bands b WHERE ${match} GROUP BY b.appeal_id ORDER BY shared DESC LIMIT 50`, rows.flatMap((r) => [r.band, r.hash]));
    timings.push(performance.now() - t);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))].toFixed(2);
  console.log(`candidate lookup over ${APPEALS} appeals, ${LOOKUPS} lookups: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
  await db.query('DROP TABLE bench_text_bands');
  await db.end();
}

void main();
