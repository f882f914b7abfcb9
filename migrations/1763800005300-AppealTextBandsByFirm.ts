import { MigrationInterface, QueryRunner } from 'typeorm';

/** Appeal ids copied a statement: up to 640,000 band rows, a bounded transaction each. */
const COPY_BATCH = 20_000;
/** Ids below the copied bound checked again after the swap (the pool's clustering allows as much). */
const LATE_COMMIT_MARGIN = 5000;

/**
 * The duplicate-candidate lookup at intake (#16) reads the firm's open appeals' band rows
 * (ix_appeals_enterprise_open, migration 1763800004900). Keyed (band, hash, appeal_id) with a
 * secondary index on appeal_id, one appeal's 32 rows sit wherever its id falls, so a busy firm's
 * few hundred open appeals were as many scattered pages. Keyed (enterprise_id, appeal_id, band),
 * a firm's band rows are side by side: its open appeals' rows are read from a few adjacent pages.
 *
 * The table is rebuilt rather than altered, as the primary key changes. Nothing reads a bucket
 * across firms any more (the pool's clustering keeps its own representatives' buckets), so the
 * (band, hash) key goes; the pool reads an appeal's bands by appeal id, from an index that holds
 * them (appeal_id, band, hash) and serves the foreign key too. An appeal's firm never changes, so the copied enterprise_id cannot go
 * stale.
 */
export class AppealTextBandsByFirm1763800005300 implements MigrationInterface {
  name = 'AppealTextBandsByFirm1763800005300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appeal_text_bands_by_firm (
        appeal_id INT UNSIGNED NOT NULL,
        band TINYINT UNSIGNED NOT NULL,
        hash INT UNSIGNED NOT NULL,
        enterprise_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (enterprise_id, appeal_id, band),
        KEY ix_appeal_text_bands_appeal_id (appeal_id, band, hash),
        CONSTRAINT fk_appeal_text_bands_firm_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB`);
    await copyAndSwap(
      q,
      'appeal_text_bands_by_firm',
      `INSERT INTO {target} (appeal_id, band, hash, enterprise_id)
       SELECT b.appeal_id, b.band, b.hash, a.enterprise_id
         FROM {source} b JOIN appeals a ON a.id = b.appeal_id
        WHERE b.appeal_id > ? AND b.appeal_id <= ?`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appeal_text_bands_by_bucket (
        band TINYINT UNSIGNED NOT NULL,
        hash INT UNSIGNED NOT NULL,
        appeal_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (band, hash, appeal_id),
        KEY ix_appeal_text_bands_appeal (appeal_id),
        CONSTRAINT fk_appeal_text_bands_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB`);
    await copyAndSwap(
      q,
      'appeal_text_bands_by_bucket',
      `INSERT INTO {target} (band, hash, appeal_id)
       SELECT b.band, b.hash, b.appeal_id FROM {source} b WHERE b.appeal_id > ? AND b.appeal_id <= ?`,
    );
  }
}

/**
 * Copies appeal_text_bands into `rebuilt` (`copy` names {source} and {target} and takes appeal-id
 * bounds `> ? AND <= ?`), COPY_BATCH ids a statement, then swaps the two in one atomic RENAME and
 * copies what was written to the old table meanwhile (appeals submitted during the copy), so no
 * band row is lost. Writers still running the previous release fail from the swap on, as their
 * column list no longer fits: the README's upgrade note asks for them to be stopped first.
 */
async function copyAndSwap(q: QueryRunner, rebuilt: string, copy: string): Promise<void> {
  const statement = (source: string) =>
    copy.replace('{target}', source === 'appeal_text_bands' ? rebuilt : 'appeal_text_bands').replace('{source}', source);
  const newest = async (table: string) => Number((await q.query(`SELECT COALESCE(MAX(appeal_id), 0) AS n FROM ${table}`))[0].n);
  const until = await newest('appeal_text_bands');
  for (let after = 0; after < until; after += COPY_BATCH) await q.query(statement('appeal_text_bands'), [after, after + COPY_BATCH]);
  await q.query(`RENAME TABLE appeal_text_bands TO appeal_text_bands_replaced, ${rebuilt} TO appeal_text_bands`);
  // From a margin below the copied bound: a submission that took its id before the copy passed it
  // may have committed after; what the batches already copied is skipped (IGNORE on the key).
  const catchUp = statement('appeal_text_bands_replaced').replace('INSERT INTO', 'INSERT IGNORE INTO');
  await q.query(catchUp, [Math.max(0, until - LATE_COMMIT_MARGIN), await newest('appeal_text_bands_replaced')]);
  await q.query('DROP TABLE appeal_text_bands_replaced');
}
