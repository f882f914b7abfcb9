import { createHmac } from 'node:crypto';
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
  // Further instances ("restarts"), closed before the first: closing one ends the connections of all.
  const instances: TestContext[] = [];
  const start = async () => {
    const instance = await createTestApp({ clock });
    instances.push(instance);
    return instance;
  };
  afterAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = previous;
    await receiver.close();
    for (const instance of instances) await instance.close();
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
    // The outbox delivers a claimed batch concurrently: no order between deliveries is promised (receivers order by the event's seq).
    expect(got.map((r) => JSON.parse(r.body).type).sort()).toEqual(['appeal.accept', 'appeal.submit']);
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
    const acceptRequest = got.find((r) => JSON.parse(r.body).type === 'appeal.accept');
    expect(log.body.items[0]).toMatchObject({
      id: acceptRequest?.headers['webhook-id'],
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

  it('rotates a subscription’s secret with an overlap: both sign until it ends, then only the new one', async () => {
    const client = await newClient();
    const bearer = await clientToken(ctx, client);
    const created = await ctx.http().post('/api/webhook-subscriptions').set('Authorization', bearer).send({ url: receiver.url, eventTypes: ['*'] }).expect(201);
    const id = created.body.id as number;
    const old = new Webhook(created.body.secret);
    const rotated = await ctx.http().post(`/api/webhook-subscriptions/${id}/secrets`).set('Authorization', bearer).send({ overlapSeconds: 3600 }).expect(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect(rotated.body.previousSecretExpiresAt).toBe(new Date(clock.now().getTime() + 3600_000).toISOString());
    const fresh = new Webhook(rotated.body.secret);
    const [{ secret: stored }] = await ctx.db.query('SELECT secret FROM webhook_subscriptions WHERE id = ?', [id]);
    expect(stored).toBe(rotated.body.secret);

    const during = (await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', bearer).send({}).expect(202)).body.deliveryId;
    await deliver();
    const [both] = receiver.requestsFor(during);
    expect(String(both.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(fresh.verify(both.body, both.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });
    expect(old.verify(both.body, both.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });

    clock.advance(3601_000);
    const after = (await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', bearer).send({}).expect(202)).body.deliveryId;
    await deliver();
    const [only] = receiver.requestsFor(after);
    expect(String(only.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(fresh.verify(only.body, only.headers as Record<string, string>)).toMatchObject({ type: 'webhook.test' });
    expect(() => old.verify(only.body, only.headers as Record<string, string>)).toThrow();

    // overlapSeconds 0: the old secret stops at once.
    const atOnce = await ctx.http().post(`/api/webhook-subscriptions/${id}/secrets`).set('Authorization', admin.bearer).send({ overlapSeconds: 0 }).expect(201);
    expect(atOnce.body.previousSecretExpiresAt).toBeNull();
    await ctx.http().post(`/api/webhook-subscriptions/${id}/secrets`).set('Authorization', bearer).send({ overlapSeconds: -5 }).expect(400);
    const other = await newClient();
    await ctx.http().post(`/api/webhook-subscriptions/${id}/secrets`).set('Authorization', await clientToken(ctx, other)).send({}).expect(404);
  });

  it('keeps WEBHOOK_URL working as one subscription: every event, Standard Webhooks signed with WEBHOOK_SECRET, logged, testable', async () => {
    const saved = { url: process.env.WEBHOOK_URL, secret: process.env.WEBHOOK_SECRET };
    const restore = () => {
      for (const [key, value] of [['WEBHOOK_URL', saved.url], ['WEBHOOK_SECRET', saved.secret]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    };
    const deploymentSecret = 'a-deployment-webhook-secret-for-the-spec';
    process.env.WEBHOOK_URL = receiver.url;
    process.env.WEBHOOK_SECRET = deploymentSecret;
    const systemRow = async () =>
      (await ctx.db.query("SELECT id, status, disabled_reason, url FROM webhook_subscriptions WHERE system_key = 'deployment'")) as Array<{
        id: number;
        status: string;
        disabled_reason: string | null;
        url: string;
      }>;
    try {
      // Two processes starting materialise one subscription.
      const [deployed] = await Promise.all([start(), start()]);
      // This instance's worker signs with its WEBHOOK_SECRET.
      let deliverAs = () => deployed.app.get(OutboxWorker).runOnce();
      const rows = await systemRow();
      expect(rows).toHaveLength(1);
      const id = Number(rows[0].id);
      const listed = await ctx.http().get('/api/webhook-subscriptions').query({ pageSize: 200 }).set('Authorization', admin.bearer).expect(200);
      expect(listed.body.items.find((x: { id: number }) => x.id === id)).toMatchObject({
        kind: 'deployment',
        clientId: null,
        url: receiver.url,
        eventTypes: ['*'],
        status: 'active',
      });
      // No client sees it.
      const client = await newClient();
      const bearer = await clientToken(ctx, client);
      await ctx.http().get(`/api/webhook-subscriptions/${id}`).set('Authorization', bearer).expect(404);

      // Every event, whatever the region, with internal notes: the old webhook's reach.
      const here = await submit(home);
      const there = await submit(away);
      await ctx
        .http()
        .post(`/api/appeals/${there.id}/comments`)
        .set('Authorization', away.officer.bearer)
        .send({ text: '内部备注：先电话核实。', visibility: 'internal' })
        .expect(200);
      await dispatch();
      await deliverAs();
      const got = forSubscription(id).map((r) => ({ request: r, body: JSON.parse(r.body) as { type: string; data: { appealId: number; visibility: string } } }));
      expect(got.filter((g) => g.body.data.appealId === here.id).map((g) => g.body.type)).toEqual(['appeal.submit']);
      // A claimed batch is delivered concurrently: no order between the two deliveries is promised.
      const thereDeliveries = got.filter((g) => g.body.data.appealId === there.id).map((g) => [g.body.type, g.body.data.visibility]);
      expect(thereDeliveries.sort((a, b) => a[0].localeCompare(b[0]))).toEqual([
        ['appeal.comment', 'internal'],
        ['appeal.submit', 'public'],
      ]);
      const verifier = new Webhook(deploymentSecret, { format: 'raw' });
      for (const { request } of got) {
        verifier.verify(request.body, request.headers as Record<string, string>);
        // The old body signature too, for receivers still moving over.
        expect(request.headers['x-qiyuan-signature']).toBe(`sha256=${createHmac('sha256', deploymentSecret).update(request.body).digest('hex')}`);
      }

      // A test event and the delivery log, as for any subscription (admins only).
      const test = await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', admin.bearer).send({}).expect(202);
      await deliverAs();
      expect(receiver.requestsFor(test.body.deliveryId)).toHaveLength(1);
      const log = await ctx.http().get(`/api/webhook-subscriptions/${id}/deliveries`).set('Authorization', admin.bearer).expect(200);
      expect(log.body.items[0]).toMatchObject({ id: test.body.deliveryId, eventType: 'webhook.test', status: 'sent' });
      expect(log.body.total).toBe(got.length + 1);

      // The configuration owns it.
      await ctx.http().patch(`/api/webhook-subscriptions/${id}`).set('Authorization', admin.bearer).send({ url: 'https://example.org/x' }).expect(409);
      await ctx.http().delete(`/api/webhook-subscriptions/${id}`).set('Authorization', admin.bearer).expect(409);
      await ctx.http().post(`/api/webhook-subscriptions/${id}/secrets`).set('Authorization', admin.bearer).send({}).expect(409);

      // Unset: stopped at the next start, and nothing is queued meanwhile; set again: resumes from then on.
      delete process.env.WEBHOOK_URL;
      await start();
      expect(await systemRow()).toEqual([expect.objectContaining({ status: 'disabled', disabled_reason: 'WEBHOOK_URL is not set' })]);
      const quiet = await submit(home);
      await dispatch();
      process.env.WEBHOOK_URL = receiver.url;
      await start();
      expect(await systemRow()).toEqual([expect.objectContaining({ status: 'active', disabled_reason: null })]);
      const loud = await submit(home);
      await dispatch();
      await deliverAs();
      const ids = forSubscription(id).map((r) => (JSON.parse(r.body) as { data: { appealId?: number } }).data.appealId);
      expect(ids).not.toContain(quiet.id);
      expect(ids).toContain(loud.id);

      // A new WEBHOOK_SECRET: the old one keeps signing beside it for a day.
      process.env.WEBHOOK_SECRET = 'the-next-deployment-webhook-secret';
      const renewed = await start();
      deliverAs = () => renewed.app.get(OutboxWorker).runOnce();
      const overlap = await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', admin.bearer).send({}).expect(202);
      await deliverAs();
      const [signed] = receiver.requestsFor(overlap.body.deliveryId);
      expect(String(signed.headers['webhook-signature']).split(' ')).toHaveLength(2);
      new Webhook('the-next-deployment-webhook-secret', { format: 'raw' }).verify(signed.body, signed.headers as Record<string, string>);
      verifier.verify(signed.body, signed.headers as Record<string, string>);
    } finally {
      restore();
    }
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
