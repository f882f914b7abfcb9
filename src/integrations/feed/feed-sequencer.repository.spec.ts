import type { DataSource } from 'typeorm';
import { FeedSequencerRepository } from './feed-sequencer.repository';

/** appeal_events and feed_sequencer in memory, answering exactly the statements the sequencer sends. */
function fakeDatabase(pendingEvents: number) {
  const events = Array.from({ length: pendingEvents }, (_, i) => ({ id: String(i + 1), feedSeq: null as number | null }));
  let lastSeq = 0;
  const query = async (sql: string, params: unknown[] = []): Promise<unknown[]> => {
    const pending = events.filter((e) => e.feedSeq === null);
    if (sql.startsWith('SELECT 1 FROM appeal_events')) return pending.slice(0, 1);
    if (sql.startsWith('SELECT last_seq')) return [{ last_seq: String(lastSeq) }];
    if (sql.startsWith('SELECT id FROM appeal_events')) return pending.slice(0, params[0] as number).map((e) => ({ id: e.id }));
    if (sql.startsWith('UPDATE appeal_events')) {
      const pairs = params.slice(0, -1);
      for (let i = 0; i < pairs.length; i += 2) events.find((e) => e.id === pairs[i])!.feedSeq = pairs[i + 1] as number;
      return [];
    }
    if (sql.startsWith('UPDATE feed_sequencer')) {
      lastSeq = params[0] as number;
      return [];
    }
    throw new Error(`unexpected statement: ${sql}`);
  };
  const dataSource = { query, transaction: async (work: (m: { query: typeof query }) => Promise<unknown>) => work({ query }) };
  return { dataSource: dataSource as unknown as DataSource, unsequenced: () => events.filter((e) => e.feedSeq === null).length };
}

describe('FeedSequencerRepository', () => {
  it('numbers at most one batch per pass, so a single pass can leave a backlog behind its head', async () => {
    const db = fakeDatabase(4500);
    const head = await new FeedSequencerRepository(db.dataSource).sequencePending();
    expect(head).toBe(2000);
    expect(db.unsequenced()).toBe(2500);
  });

  it('sequenceAll numbers the whole backlog and returns the true head (where a new subscription starts)', async () => {
    const db = fakeDatabase(4500);
    expect(await new FeedSequencerRepository(db.dataSource).sequenceAll()).toBe(4500);
    expect(db.unsequenced()).toBe(0);
  });

  it('sequenceAll stops after one pass when there is nothing or little to number', async () => {
    const empty = fakeDatabase(0);
    expect(await new FeedSequencerRepository(empty.dataSource).sequenceAll()).toBe(0);
    const exactBatch = fakeDatabase(2000);
    expect(await new FeedSequencerRepository(exactBatch.dataSource).sequenceAll()).toBe(2000);
    expect(exactBatch.unsequenced()).toBe(0);
  });
});
