import { MigrationInterface, QueryRunner } from 'typeorm';
import { searchTextOf, signatureOf } from '../src/common-problems/domain';

const BACKFILL_BATCH = 500;

/**
 * What Qiyuan keeps of an appeal's text (#16): its segmented words as FULLTEXT terms (the list
 * and header search) and its MinHash LSH bands, one row per (band, hash), so the appeals that
 * may be the same problem are an index lookup on the primary key, not a scan. Existing appeals
 * are backfilled here, in id batches, with the same domain code the submission uses.
 *
 * The backfill's statements are this migration's own (they were the submission's when it was
 * released): the table's later layout (migration 1763800005300 keys band rows by firm) must not
 * change what an old migration writes.
 */
export class AppealTexts1763800003850 implements MigrationInterface {
  name = 'AppealTexts1763800003850';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appeal_texts (
        appeal_id INT UNSIGNED NOT NULL,
        search_text MEDIUMTEXT NOT NULL,
        PRIMARY KEY (appeal_id),
        FULLTEXT KEY ft_appeal_texts_search (search_text),
        CONSTRAINT fk_appeal_texts_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`
      CREATE TABLE appeal_text_bands (
        band TINYINT UNSIGNED NOT NULL,
        hash INT UNSIGNED NOT NULL,
        appeal_id INT UNSIGNED NOT NULL,
        PRIMARY KEY (band, hash, appeal_id),
        KEY ix_appeal_text_bands_appeal (appeal_id),
        CONSTRAINT fk_appeal_text_bands_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB`);
    let after = 0;
    for (;;) {
      const rows: Array<{ id: number; title: string; description: string }> = await q.query(
        'SELECT id, title, description FROM appeals WHERE id > ? ORDER BY id LIMIT ?',
        [after, BACKFILL_BATCH],
      );
      if (rows.length === 0) break;
      for (const statement of backfillStatements(rows)) await q.query(statement.sql, statement.params);
      after = Number(rows[rows.length - 1].id);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE appeal_text_bands');
    await q.query('DROP TABLE appeal_texts');
  }
}

/** The text and band rows of a batch of appeals, in this migration's layout (band, hash, appeal_id). */
function backfillStatements(appeals: ReadonlyArray<{ id: number; title: string; description: string }>): Array<{ sql: string; params: unknown[] }> {
  const texts: unknown[] = [];
  const bands: unknown[] = [];
  for (const appeal of appeals) {
    const signature = signatureOf(appeal.title, appeal.description);
    texts.push(appeal.id, searchTextOf(signature.tokens));
    signature.bands.forEach((hash, band) => bands.push(band, hash, appeal.id));
  }
  const statements = [{ sql: `INSERT INTO appeal_texts (appeal_id, search_text) VALUES ${appeals.map(() => '(?, ?)').join(', ')}`, params: texts }];
  if (bands.length) {
    const rows = Array.from({ length: bands.length / 3 }, () => '(?, ?, ?)').join(', ');
    statements.push({ sql: `INSERT INTO appeal_text_bands (band, hash, appeal_id) VALUES ${rows}`, params: bands });
  }
  return statements;
}
