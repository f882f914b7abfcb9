import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runTransaction } from '../../common/database/unit-of-work';

/** Events numbered per sequencing pass at most; the next pass (or reader) takes the rest. */
const BATCH = 2000;

/**
 * Gives committed events their feed position (see migration 1763800003110). One sequencer at a
 * time holds the `feed_sequencer` row; the plain SELECT that follows reads a fresh snapshot, so
 * it sees exactly the events committed by then — an event still in an open transaction is not
 * visible, is left for a later pass, and gets a larger number than anything already numbered.
 * Readers of the feed run a pass first, so no background job is needed for freshness.
 * Set-based: one SELECT of ids and one UPDATE per pass; nothing locks the writers of events.
 */
@Injectable()
export class FeedSequencerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Numbers what is pending; returns the last assigned position (the feed's head). */
  async sequencePending(): Promise<number> {
    const pending: unknown[] = await this.dataSource.query('SELECT 1 FROM appeal_events WHERE feed_seq IS NULL LIMIT 1');
    if (!pending.length) return this.head();
    return runTransaction(this.dataSource, async (m) => {
      const [row]: Array<{ last_seq: string }> = await m.query('SELECT last_seq FROM feed_sequencer WHERE id = 1 FOR UPDATE');
      const last = Number(row.last_seq);
      const ids: Array<{ id: string }> = await m.query('SELECT id FROM appeal_events WHERE feed_seq IS NULL ORDER BY id LIMIT ?', [BATCH]);
      if (!ids.length) return last;
      const cases = ids.map(() => 'WHEN ? THEN ?').join(' ');
      await m.query(`UPDATE appeal_events SET feed_seq = CASE id ${cases} END WHERE id IN (?)`, [
        ...ids.flatMap((r, i) => [r.id, last + i + 1]),
        ids.map((r) => r.id),
      ]);
      const head = last + ids.length;
      await m.query('UPDATE feed_sequencer SET last_seq = ? WHERE id = 1', [head]);
      return head;
    });
  }

  /**
   * Numbers everything committed by now, pass after pass, and returns the head. A new subscription
   * starts there: one pass numbers at most BATCH events, so with a backlog (events nobody has read
   * the feed for) a head taken after a single pass would lie behind events that happened before
   * the subscription existed, and the subscriber would receive them.
   */
  async sequenceAll(): Promise<number> {
    for (;;) {
      const before = await this.head();
      const head = await this.sequencePending();
      // A pass that numbered less than a full batch left nothing committed behind it.
      if (head - before < BATCH) return head;
    }
  }

  async head(): Promise<number> {
    const [row]: Array<{ last_seq: string }> = await this.dataSource.query('SELECT last_seq FROM feed_sequencer WHERE id = 1');
    return Number(row.last_seq);
  }
}
