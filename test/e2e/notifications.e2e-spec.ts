import { createHmac } from 'node:crypto';
import { FixedClock } from '../../src/common/clock/clock';
import { AppealEventForNotification, AppealEventNotifier } from '../../src/notifications/appeal-event-notifier';
import { OutboxWorker } from '../../src/notifications/outbox/outbox-worker.service';
import { categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertUser, login } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

describe('notifications: inbox and outbox (e2e)', () => {
  const clock = new FixedClock(new Date('2025-06-10T02:00:00Z'));
  let receiver: WebhookReceiver;
  let ctx: TestContext;
  let restarted: TestContext | undefined;
  let cast: {
    county: string;
    officer: number;
    firmId: number;
    firmUser: number;
    departmentId: number;
    handler: { id: number; bearer: string };
    colleague: { id: number; bearer: string };
    category: number;
  };
  const previousUrl = process.env.WEBHOOK_URL;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    process.env.WEBHOOK_URL = receiver.url;
    ctx = await createTestApp({ clock });
    const county = '510105';
    const officer = await insertUser(ctx.db, { role: 'officer', regionCode: county });
    const firmId = await insertEnterprise(ctx.db, { regionCode: county, officerId: officer.id });
    const firmUser = await insertUser(ctx.db, { role: 'enterprise', regionCode: county, enterpriseId: firmId });
    const departmentId = await insertDepartment(ctx.db, county);
    const handler = await insertUser(ctx.db, { role: 'handler', regionCode: county, departmentId });
    const colleague = await insertUser(ctx.db, { role: 'handler', regionCode: county, departmentId });
    cast = {
      county,
      officer: officer.id,
      firmId,
      firmUser: firmUser.id,
      departmentId,
      handler: { id: handler.id, bearer: `Bearer ${await login(ctx, handler)}` },
      colleague: { id: colleague.id, bearer: `Bearer ${await login(ctx, colleague)}` },
      category: await categoryId(ctx.db, 'energy_power'),
    };
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.WEBHOOK_URL;
    else process.env.WEBHOOK_URL = previousUrl;
    await restarted?.close();
    await ctx.close();
    await receiver.close();
  });

  async function routed(seq = 1): Promise<AppealEventForNotification> {
    const appealId = await insertAppealRow(ctx.db, {
      enterpriseId: cast.firmId,
      regionCode: cast.county,
      submittedBy: cast.firmUser,
      categoryId: cast.category,
      columns: { status: 'assigned', officer_id: cast.officer, lead_department_id: cast.departmentId },
    });
    const [row] = await ctx.db.query('SELECT number, title FROM appeals WHERE id = ?', [appealId]);
    return {
      appealId,
      number: row.number,
      title: row.title,
      action: 'route',
      fromStatus: 'accepted',
      toStatus: 'assigned',
      seq,
      enterpriseId: cast.firmId,
      officerId: cast.officer,
      leadDepartmentId: cast.departmentId,
      regionCode: cast.county,
      actorId: cast.officer,
    };
  }

  async function announce(app: TestContext, events: AppealEventForNotification[]): Promise<void> {
    const notifier = app.app.get(AppealEventNotifier);
    await app.db.transaction((m) => notifier.onEvents(m, events));
  }

  const webhookRequests = (key: string) => receiver.requestsFor(key);

  describe('inbox', () => {
    let appealId: number;

    beforeAll(async () => {
      const event = await routed();
      appealId = event.appealId;
      await announce(ctx, [event]);
    });

    it('tells the lead department’s handlers that a case was assigned to them', async () => {
      const inbox = await ctx.http().get('/api/notifications').set('Authorization', cast.handler.bearer).expect(200);
      expect(inbox.body).toMatchObject({ total: 1, page: 1 });
      expect(inbox.body.items[0]).toMatchObject({ appealId, kind: 'appeal.route', readAt: null });
      expect(inbox.body.items[0].title).toContain('交办本单位');
      const recipients = await ctx.db.query('SELECT user_id FROM notifications WHERE appeal_id = ? ORDER BY user_id', [appealId]);
      expect(recipients.map((r: { user_id: number }) => r.user_id)).toEqual([cast.handler.id, cast.colleague.id].sort((a, b) => a - b));
    });

    it('counts, marks read one by one or all, and keeps others’ notifications out of reach', async () => {
      const count = () => ctx.http().get('/api/notifications/unread-count').set('Authorization', cast.handler.bearer).expect(200);
      expect((await count()).body).toEqual({ count: 1 });
      const [mine] = (await ctx.http().get('/api/notifications?unread=true').set('Authorization', cast.handler.bearer)).body.items;
      const [theirs] = (await ctx.http().get('/api/notifications').set('Authorization', cast.colleague.bearer)).body.items;
      await ctx.http().post(`/api/notifications/${theirs.id}/read`).set('Authorization', cast.handler.bearer).expect(404);
      await ctx.http().post(`/api/notifications/${mine.id}/read`).set('Authorization', cast.handler.bearer).expect(204);
      expect((await count()).body).toEqual({ count: 0 });
      expect((await ctx.http().get('/api/notifications?unread=true').set('Authorization', cast.handler.bearer)).body.total).toBe(0);
      const all = await ctx.http().post('/api/notifications/read-all').set('Authorization', cast.colleague.bearer).expect(200);
      expect(all.body).toEqual({ updated: 1 });
      await ctx.http().get('/api/notifications').expect(401);
    });
  });

  describe('comments', () => {
    async function comment(visibility: 'public' | 'internal', actorId: number): Promise<AppealEventForNotification> {
      const event = { ...(await routed(1)), action: 'comment' as const, fromStatus: 'assigned', actorId };
      await ctx.db.query(
        `INSERT INTO appeal_events (appeal_id, seq, action, actor_id, actor_role, from_status, to_status, payload, visibility, created_at, hash)
         VALUES (?, 1, 'comment', ?, 'x', 'assigned', 'assigned', '{}', ?, NOW(3), REPEAT('0', 64))`,
        [event.appealId, actorId, visibility],
      );
      // As the appeals module calls it: without saying who wrote it or whether it is internal.
      await announce(ctx, [event]);
      return event;
    }
    const recipients = async (appealId: number) =>
      (await ctx.db.query('SELECT user_id FROM notifications WHERE appeal_id = ? ORDER BY user_id', [appealId])).map(
        (r: { user_id: number }) => r.user_id,
      );

    it('announces an internal note to staff only, never to the enterprise', async () => {
      const event = await comment('internal', cast.handler.id);
      expect(await recipients(event.appealId)).toEqual([cast.officer, cast.colleague.id].sort((a, b) => a - b));
    });

    it('announces a public comment to the other side', async () => {
      const fromHandler = await comment('public', cast.handler.id);
      expect(await recipients(fromHandler.appealId)).toEqual([cast.firmUser]);
      const fromFirm = await comment('public', cast.firmUser);
      expect(await recipients(fromFirm.appealId)).toEqual([cast.officer, cast.handler.id, cast.colleague.id].sort((a, b) => a - b));
    });
  });

  /*
   * WEBHOOK_URL is a subscription now (integrations-webhooks.e2e-spec.ts): the notifier queues no
   * rows of the old channel. Rows it queued before the upgrade are still delivered by it, with the
   * outbox's guarantees, which these tests hold to with such rows written as the notifier wrote them.
   */
  describe('webhook delivery (rows of the deployment-wide channel queued before it became a subscription)', () => {
    let event: AppealEventForNotification;

    /** One legacy row per event, as the notifier wrote them (keyed by appeal and seq). */
    async function queueLegacy(e: AppealEventForNotification): Promise<void> {
      await ctx.db.query(
        `INSERT IGNORE INTO outbox (channel, receiver, dedupe_key, event_type, payload, next_attempt_at, created_at)
         VALUES ('webhook', ?, ?, ?, ?, ?, ?)`,
        [
          receiver.url,
          `webhook:appeal:${e.appealId}:event:${e.seq}`,
          `appeal.${e.action}`,
          JSON.stringify({ type: `appeal.${e.action}`, appealId: e.appealId, action: e.action, seq: e.seq, toStatus: e.toStatus }),
          clock.now(),
          clock.now(),
        ],
      );
    }

    it('queues no rows of the old channel for new events: the deployment-wide webhook follows the feed', async () => {
      event = await routed(3);
      await announce(ctx, [event]);
      const rows = await ctx.db.query("SELECT id FROM outbox WHERE channel = 'webhook' AND dedupe_key LIKE ?", [`webhook:appeal:${event.appealId}:%`]);
      expect(rows).toEqual([]);
      await queueLegacy(event);
    });

    it('retries after the receiver failed, with backoff, and signs every attempt', async () => {
      const worker = ctx.app.get(OutboxWorker);
      const key = `webhook:appeal:${event.appealId}:event:3`;
      receiver.failNext(key, 1);
      await worker.runOnce();
      expect(webhookRequests(key)).toHaveLength(1);
      const [failed] = await ctx.db.query(
        'SELECT status, attempts, next_attempt_at, last_error, claimed_by FROM outbox WHERE dedupe_key = ?',
        [key],
      );
      expect(failed).toMatchObject({ status: 'pending', attempts: 1, claimed_by: null });
      expect(failed.last_error).toContain('503');
      expect(failed.next_attempt_at).toEqual(new Date(clock.now().getTime() + 30_000));

      await worker.runOnce();
      expect(webhookRequests(key)).toHaveLength(1);

      clock.advance(31_000);
      await worker.runOnce();
      expect(webhookRequests(key)).toHaveLength(2);
      const [sent] = await ctx.db.query('SELECT status, attempts, sent_at FROM outbox WHERE dedupe_key = ?', [key]);
      expect(sent).toMatchObject({ status: 'sent', attempts: 2, sent_at: clock.now() });

      for (const request of webhookRequests(key)) {
        expect(request.headers['x-qiyuan-delivery']).toBe(key);
        expect(request.headers['x-qiyuan-signature']).toBe(
          `sha256=${createHmac('sha256', 'development-webhook-secret').update(request.body).digest('hex')}`,
        );
        expect(JSON.parse(request.body)).toMatchObject({
          deliveryId: key,
          eventType: 'appeal.route',
          data: { appealId: event.appealId, action: 'route', seq: 3, toStatus: 'assigned' },
        });
      }
    });

    it('does not deliver again after a restart, nor twice when two workers poll at once', async () => {
      const delivered = `webhook:appeal:${event.appealId}:event:3`;
      restarted = await createTestApp({ clock });
      await restarted.app.get(OutboxWorker).runOnce();
      expect(webhookRequests(delivered)).toHaveLength(2);

      const next = await routed(4);
      await queueLegacy(next);
      await Promise.all([ctx.app.get(OutboxWorker).runOnce(), restarted.app.get(OutboxWorker).runOnce()]);
      expect(webhookRequests(`webhook:appeal:${next.appealId}:event:4`)).toHaveLength(1);
    });

    it('leaves a row claimed by a crashed worker alone until its claim expires', async () => {
      const next = await routed(5);
      await queueLegacy(next);
      const key = `webhook:appeal:${next.appealId}:event:5`;
      await ctx.db.query("UPDATE outbox SET claimed_by = 'crashed', claimed_until = ? WHERE dedupe_key = ?", [
        new Date(clock.now().getTime() + 60_000),
        key,
      ]);
      await ctx.app.get(OutboxWorker).runOnce();
      expect(webhookRequests(key)).toHaveLength(0);
      clock.advance(61_000);
      await ctx.app.get(OutboxWorker).runOnce();
      expect(webhookRequests(key)).toHaveLength(1);
    });

    it('gives up after the last attempt', async () => {
      const next = await routed(6);
      await queueLegacy(next);
      const key = `webhook:appeal:${next.appealId}:event:6`;
      await ctx.db.query('UPDATE outbox SET attempts = 7 WHERE dedupe_key = ?', [key]);
      receiver.failNext(key, 1);
      await ctx.app.get(OutboxWorker).runOnce();
      const [row] = await ctx.db.query('SELECT status, attempts FROM outbox WHERE dedupe_key = ?', [key]);
      expect(row).toEqual({ status: 'dead', attempts: 8 });
    });
  });
});
