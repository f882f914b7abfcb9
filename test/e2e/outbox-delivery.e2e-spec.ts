import { randomUUID } from 'node:crypto';
import { FixedClock } from '../../src/common/clock/clock';
import { OutboxWorker } from '../../src/notifications/outbox/outbox-worker.service';
import { OutboxRepository } from '../../src/notifications/outbox/outbox.repository';
import { createTestApp, TestContext } from '../helpers/test-app';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';
import { waitFor } from '../helpers/wait-for';

const CLAIM_SECONDS = 3;
const POLL_SECONDS = 5;

/**
 * The outbox worker's delivery guarantees: at-least-once with one delivery id on every attempt,
 * a short claim renewed while a delivery runs, a dead worker's rows taken over within a minute,
 * and every attempt recorded. Two application instances on one database stand for two servers;
 * rows are queued directly, as the notifier writes them.
 */
describe('outbox delivery: claims, take-over, attempt log (e2e)', () => {
  const clock = new FixedClock(new Date('2026-04-07T02:00:00Z'));
  let receiver: WebhookReceiver;
  let one: TestContext;
  let two: TestContext;
  const saved = { ...process.env };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    process.env.OUTBOX_CLAIM_SECONDS = String(CLAIM_SECONDS);
    process.env.OUTBOX_POLL_INTERVAL_SECONDS = String(POLL_SECONDS);
    process.env.OUTBOX_DELIVERY_TIMEOUT_SECONDS = '2';
    one = await createTestApp({ clock });
    two = await createTestApp({ clock });
    // Deliveries left pending by earlier specs (their receivers are gone) wait, so the counts here are this spec's own.
    await one.db.query("UPDATE outbox SET next_attempt_at = '2099-01-01' WHERE status = 'pending'");
  });
  afterAll(async () => {
    process.env = saved;
    await one?.close();
    await two?.close();
    await receiver.close();
  });

  async function queue(count: number): Promise<Array<{ id: number; key: string }>> {
    const rows: Array<{ id: number; key: string }> = [];
    for (let i = 0; i < count; i += 1) {
      const key = `webhook:test:${randomUUID()}`;
      const result = await one.db.query(
        `INSERT INTO outbox (channel, receiver, dedupe_key, event_type, payload, next_attempt_at, created_at)
         VALUES ('webhook', ?, ?, 'appeal.route', ?, ?, ?)`,
        [receiver.url, key, JSON.stringify({ n: i }), clock.now(), clock.now()],
      );
      rows.push({ id: Number(result.insertId), key });
    }
    return rows;
  }
  const attempts = (id: number) => one.app.get(OutboxRepository).attemptsOf(id);

  it('takes over the deliveries of a worker killed mid-batch within a minute, each once more with the same delivery id', async () => {
    const rows = await queue(3);
    // The "killed" worker: it claimed the rows and started its attempts, then died without a word.
    const dead = one.app.get(OutboxRepository);
    const killedAt = clock.now();
    const claimed = await dead.claimDue('killed-worker:1', killedAt, CLAIM_SECONDS * 1000, 50);
    expect(claimed.map((m) => m.id).sort()).toEqual(rows.map((r) => r.id).sort());
    await dead.startAttempts(claimed, 'killed-worker:1', killedAt);

    // While its claim runs, the other server leaves the rows alone.
    clock.advance(1000);
    expect((await two.app.get(OutboxWorker).runOnce()).claimed).toBe(0);

    // One claim and one poll later — well within a minute — they are delivered.
    clock.set(new Date(killedAt.getTime() + (CLAIM_SECONDS + POLL_SECONDS) * 1000));
    const report = await two.app.get(OutboxWorker).runOnce();
    expect(report).toMatchObject({ claimed: 3, sent: 3, failed: 0 });
    expect(clock.now().getTime() - killedAt.getTime()).toBeLessThan(60_000);
    for (const row of rows) {
      const requests = receiver.requestsFor(row.key);
      expect(requests).toHaveLength(1);
      expect(requests[0].headers['x-qiyuan-attempt']).toBe('2');
      expect(JSON.parse(requests[0].body)).toMatchObject({ deliveryId: row.key });
      const [outbox] = await one.db.query('SELECT status, attempts, claimed_by FROM outbox WHERE id = ?', [row.id]);
      expect(outbox).toEqual({ status: 'sent', attempts: 2, claimed_by: null });
      expect(await attempts(row.id)).toEqual([
        expect.objectContaining({ attempt: 1, worker: 'killed-worker:1', status: 'abandoned', finishedAt: null }),
        expect.objectContaining({ attempt: 2, status: 'delivered', responseStatus: 204, error: null, finishedAt: clock.now() }),
      ]);
      const [, delivered] = await attempts(row.id);
      expect(delivered.worker.startsWith(two.app.get(OutboxWorker).workerId)).toBe(true);
      expect(delivered.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('renews the claim while a slow delivery runs, so no other worker sends it again meanwhile', async () => {
    const [row] = await queue(1);
    const release = receiver.hold(row.key);
    const claimedAt = clock.now();
    const slow = one.app.get(OutboxWorker).runOnce();
    await waitFor(async () => receiver.requestsFor(row.key).length === 1);
    // Past the first claim's end; the renewal (every second here) has pushed it further.
    clock.set(new Date(claimedAt.getTime() + (CLAIM_SECONDS - 1) * 1000));
    await waitFor(async () => {
      const [r] = await one.db.query('SELECT claimed_until FROM outbox WHERE id = ?', [row.id]);
      return r.claimed_until.getTime() > claimedAt.getTime() + CLAIM_SECONDS * 1000;
    });
    clock.set(new Date(claimedAt.getTime() + (CLAIM_SECONDS + 1) * 1000));
    expect((await two.app.get(OutboxWorker).runOnce()).claimed).toBe(0);
    release();
    expect(await slow).toMatchObject({ claimed: 1, sent: 1 });
    expect(receiver.requestsFor(row.key)).toHaveLength(1);
  });

  it('gives an attempt OUTBOX_DELIVERY_TIMEOUT_SECONDS, records it failed with its duration, and retries it later', async () => {
    const [row] = await queue(1);
    const release = receiver.hold(row.key);
    const report = await one.app.get(OutboxWorker).runOnce();
    release();
    expect(report).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
    const [attempt] = await attempts(row.id);
    expect(attempt).toMatchObject({ attempt: 1, status: 'failed', responseStatus: null });
    expect(attempt.error).toContain('no answer within 2000 ms');
    expect(attempt.durationMs).toBeGreaterThanOrEqual(1900);
    const [outbox] = await one.db.query('SELECT status, attempts, next_attempt_at FROM outbox WHERE id = ?', [row.id]);
    expect(outbox).toEqual({ status: 'pending', attempts: 1, next_attempt_at: new Date(clock.now().getTime() + 30_000) });
  });

  it('records a receiver’s refusal with its status code', async () => {
    const [row] = await queue(1);
    receiver.failNext(row.key, 1);
    await one.app.get(OutboxWorker).runOnce();
    expect(await attempts(row.id)).toEqual([expect.objectContaining({ attempt: 1, status: 'failed', responseStatus: 503 })]);
  });

  it('hands claimed rows back unattempted when stopping, for any worker to take at once', async () => {
    const rows = await queue(7);
    const release = receiver.hold(rows[0].key);
    const worker = one.app.get(OutboxWorker);
    const run = worker.runOnce();
    await waitFor(async () => receiver.requestsFor(rows[0].key).length === 1);
    worker.stop();
    release();
    const report = await run;
    // The first five (one chunk) were under way and finish; the last two are handed back.
    expect(report).toMatchObject({ sent: 5, released: 2 });
    const left = await one.db.query("SELECT COUNT(*) AS n FROM outbox WHERE id IN (?) AND status = 'pending' AND claimed_by IS NULL", [
      rows.map((r) => r.id),
    ]);
    expect(Number(left[0].n)).toBe(2);
    expect((await two.app.get(OutboxWorker).runOnce()).sent).toBeGreaterThanOrEqual(2);
  });
});
