import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The change feed's order (GET /api/events, issue #14). An auto-increment id is not commit
 * order: a transaction can take id 101 and commit before the one holding id 100, so a reader
 * that saw 101 and moved its cursor past it would never see 100. Events therefore get a second
 * number, `feed_seq`, assigned after they commit by one sequencer at a time (holding the
 * `feed_sequencer` row), in the order the sequencer finds them committed: a later commit always
 * gets a larger number, so a cursor never skips anything. NULL = committed but not sequenced yet
 * (few rows: the index keeps finding them cheap). Events from before this migration are all
 * committed; they keep their id as their place.
 */
export class EventFeedSequence1763800003110 implements MigrationInterface {
  name = 'EventFeedSequence1763800003110';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appeal_events ADD COLUMN feed_seq BIGINT UNSIGNED NULL, ADD UNIQUE KEY uq_events_feed_seq (feed_seq)');
    await q.query('UPDATE appeal_events SET feed_seq = id');
    await q.query(`
      CREATE TABLE feed_sequencer (
        id TINYINT UNSIGNED NOT NULL,
        last_seq BIGINT UNSIGNED NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT ck_feed_sequencer_single CHECK (id = 1)
      ) ENGINE=InnoDB`);
    await q.query('INSERT INTO feed_sequencer (id, last_seq) SELECT 1, COALESCE(MAX(id), 0) FROM appeal_events');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE feed_sequencer');
    await q.query('ALTER TABLE appeal_events DROP INDEX uq_events_feed_seq, DROP COLUMN feed_seq');
  }
}
