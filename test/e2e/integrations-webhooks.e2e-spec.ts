import { Webhook } from 'standardwebhooks';
import { FixedClock } from '../../src/common/clock/clock';
import { WebhookDispatcher } from '../../src/integrations/webhooks/webhook-dispatcher.service';
import { OutboxWorker } from '../../src/notifications/outbox/outbox-worker.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { signedIn, unique } from '../helpers/factories';
import { clientToken, registerClient } from '../helpers/machine-clients';
import { createTestApp, TestContext } from '../helpers/test-app';
import { useOwnDatabase } from '../helpers/server-process';
import { startWebhookReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

describe('webhook subscriptions: Standard Webhooks signatures, delivery log, retries, disabling (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let receiver: WebhookReceiver;
  let home: Awaited<ReturnType<typeof appealCast>>;
  let away: Awaited<ReturnType<typeof appealCast>>;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let labour: number;
  const previous = process.env.WEBHOOK_ALLOW_PRIVATE_URLS;

  let database: Awaited<ReturnType<typeof useOwnDatabase>>;

  beforeAll(async () => {
    // The receiver listens on 127.0.0.1, which production refuses (url-policy.spec.ts covers that).
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
    // A database of its own: one outbox pass claims the 50 oldest due rows, and in the shared
    // database other specs' undelivered notifications (their worker is off) would be those.
    database = await useOwnDatabase('webhooks');
    clock = new FixedClock(new Date());
    ctx = await createTestApp({ clock });
    receiver = await startWebhookReceiver();
    home = await appealCast(ctx, '510104');
    away = await appealCast(ctx, '510703');
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    labour = await categoryId(ctx.db, 'labour');
  });
  afterAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = previous;
    await receiver.close();
    await ctx.close();
    database.restore();
  });

  const dispatch = () => ctx.app.get(WebhookDispatcher).runOnce();
  const deliver = () => ctx.app.get(OutboxWorker).runOnce();
  const submit = async (cast: typeof home) =>
    (
      await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.officer.bearer)
        .send({ enterpriseId: cast.firmId, categoryId: labour, kind: 'help', title: unique('诉求'), description: '企业反映近期招工难，一线岗位缺口较大。' })
        .expect(201)
    ).body as { id: number; version: number };
  const forSubscription = (id: number) => receiver.received.filter((r) => String(r.headers['webhook-id']).startsWith(`msg_${id}_`));
  const newClient = (scopes = ['appeals:read', 'events:read', 'webhooks:manage']) =>
    registerClient(ctx, admin.bearer, { role: 'supervisor', regionCode: home.city, scopes });

  it('delivers the subscribed events within the client’s reach, signed per Standard Webhooks, once', async () => {
    const client = await newClient();
    const bearer = await clientToken(ctx, client);
    const created = await ctx
      .http()
      .post('/api/webhook-subscriptions')
      .set('Authorization', bearer)
      .send({ url: receiver.url, eventTypes: ['appeal.submit', 'appeal.accept'] })
      .expect(201);
    expect(created.body).toMatchObject({ clientId: client.id, status: 'active', regionCode: null, consecutiveFailures: 0 });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const subscription = created.body.id as number;

    const mine = await submit(home);
    await submit(away);
    await ctx.http().post(`/api/appeals/${mine.id}/accept`).set('Authorization', home.officer.bearer).set('If-Match', `"${mine.version}"`).send({}).expect(200);
    await dispatch();
    await dispatch();
    await deliver();

    const got = forSubscription(subscription);
    expect(got.map((r) => JSON.parse(r.body).type)).toEqual(['appeal.submit', 'appeal.accept']);
    const verifier = new Webhook(created.body.secret);
    for (const request of got) {
      const payload = verifier.verify(request.body, request.headers as Record<string, string>) as { data: { appealId: number } };
      expect(payload.data.appealId).toBe(mine.id);
    }
    // A receiver with another secret, or a replayed old timestamp, refuses.
    expect(() => new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify(got[0].body, got[0].headers as Record<string, string>)).toThrow();
    const stale = { ...got[0].headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) } as unknown as Record<string, string>;
    expect(() => verifier.verify(got[0].body, stale)).toThrow();

    const log = await ctx.http().get(`/api/webhook-subscriptions/${subscription}/deliveries`).set('Authorization', bearer).expect(200);
    expect(log.body.total).toBe(2);
    expect(log.body.items[0]).toMatchObject({
      id: got[1].headers['webhook-id'],
      eventType: 'appeal.accept',
      status: 'sent',
      attempts: 1,
      attemptLog: [{ attempt: 1, status: 'delivered', responseStatus: 204, error: null }],
    });
  });

  it('sends a test event, retries failures with backoff, and disables a subscription that keeps failing', async () => {
    const client = await newClient();
    const bearer = await clientToken(ctx, client);
    const created = await ctx
      .http()
      .post('/api/webhook-subscriptions')
      .set('Authorization', admin.bearer)
      .send({ clientId: client.id, url: receiver.url, eventTypes: ['*'], regionCode: home.county })
      .expect(201);
    const id = created.body.id as number;
    const test = await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', bearer).send({}).expect(202);
    await deliver();
    const [request] = receiver.requestsFor(test.body.deliveryId);
    expect(new Webhook(created.body.secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });

    const failing = [
      (await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', bearer).send({}).expect(202)).body.deliveryId,
      (await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', bearer).send({}).expect(202)).body.deliveryId,
    ] as string[];
    for (const deliveryId of failing) receiver.failNext(deliveryId, 100);
    for (let run = 0; run < 5; run += 1) {
      await deliver();
      clock.advance(2 * 3600_000);
    }
    expect(receiver.requestsFor(failing[0])).toHaveLength(5);
    // The same id on every attempt, each signed afresh.
    expect(new Set(receiver.requestsFor(failing[0]).map((r) => r.headers['webhook-id']))).toEqual(new Set([failing[0]]));
    const disabled = await ctx.http().get(`/api/webhook-subscriptions/${id}`).set('Authorization', bearer).expect(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', consecutiveFailures: 10, disabledReason: expect.stringContaining('10 failed attempts') });
    const log = await ctx.http().get(`/api/webhook-subscriptions/${id}/deliveries?pageSize=5`).set('Authorization', bearer).expect(200);
    const failed = log.body.items.find((d: { id: string }) => d.id === failing[1]);
    expect(failed).toMatchObject({ status: 'pending', attempts: 5, lastError: expect.stringContaining('503') });
    expect(failed.attemptLog.map((a: { responseStatus: number }) => a.responseStatus)).toEqual([503, 503, 503, 503, 503]);
    await deliver();
    expect(receiver.requestsFor(failing[0])).toHaveLength(5);
    await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', bearer).send({}).expect(409);

    const enabled = await ctx.http().patch(`/api/webhook-subscriptions/${id}`).set('Authorization', bearer).send({ active: true }).expect(200);
    expect(enabled.body).toMatchObject({ status: 'active', consecutiveFailures: 0, disabledReason: null });
    await ctx.http().delete(`/api/webhook-subscriptions/${id}`).set('Authorization', bearer).expect(204);
    await ctx.http().get(`/api/webhook-subscriptions/${id}`).set('Authorization', bearer).expect(404);
    const [row] = await ctx.db.query('SELECT status FROM outbox WHERE dedupe_key = ?', [failing[1]]);
    expect(row.status).toBe('dead');
  });

  it('refuses bad subscriptions and callers who may not manage them', async () => {
    const client = await newClient();
    const bearer = await clientToken(ctx, client);
    const post = (body: Record<string, unknown>, who = bearer) => ctx.http().post('/api/webhook-subscriptions').set('Authorization', who).send(body);
    const ok = { url: receiver.url, eventTypes: ['appeal.submit'] };
    for (const url of ['ftp://example.com/hook', 'https://user:pw@example.com/hook', 'not a url', 'javascript:alert(1)']) {
      const refused = await post({ ...ok, url }).expect(400);
      expect(refused.body.details).toEqual([{ field: 'url', message: expect.any(String) }]);
    }
    await post({ ...ok, eventTypes: ['appeal.'] }).expect(400);
    await post({ ...ok, eventTypes: [] }).expect(400);
    await post({ ...ok, regionCode: away.county }).expect(400);
    await post({ ...ok, clientId: client.id + 100000 }).expect(400);
    await post(ok, admin.bearer).expect(400);
    await post(ok, home.officer.bearer).expect(403);
    await post(ok, home.supervisor.bearer).expect(403);
    const withoutScope = await newClient(['events:read']);
    const scopeRefusal = await post(ok, await clientToken(ctx, withoutScope)).expect(403);
    expect(scopeRefusal.body.context).toMatchObject({ requiredScopes: ['webhooks:manage'] });

    const other = await newClient();
    const theirs = await post(ok, await clientToken(ctx, other)).expect(201);
    await ctx.http().get(`/api/webhook-subscriptions/${theirs.body.id}`).set('Authorization', bearer).expect(404);
    await ctx.http().post(`/api/webhook-subscriptions/${theirs.body.id}/test`).set('Authorization', bearer).send({}).expect(404);
    await ctx.http().get(`/api/webhook-subscriptions/${theirs.body.id}/deliveries`).set('Authorization', bearer).expect(404);
    const mine = await ctx.http().get('/api/webhook-subscriptions').set('Authorization', bearer).expect(200);
    expect(mine.body.items).toEqual([]);
    await ctx.http().get(`/api/webhook-subscriptions/${theirs.body.id}`).set('Authorization', admin.bearer).expect(200);
  });
});
