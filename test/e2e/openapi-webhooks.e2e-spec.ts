import { Webhook } from 'standardwebhooks';
import { WebhookDispatcher } from '../../src/integrations/webhooks/webhook-dispatcher.service';
import { OutboxWorker } from '../../src/notifications/outbox/outbox-worker.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { ContractValidator } from '../helpers/contract-validator';
import { signedIn, unique } from '../helpers/factories';
import { clientToken, registerClient } from '../helpers/machine-clients';
import { useOwnDatabase } from '../helpers/server-process';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../helpers/webhook-receiver';

type Json = Record<string, unknown>;

/**
 * The document's `webhooks` section is the contract of what a receiver gets: real deliveries
 * (an appeal event, a test event, a delivery signed with two secrets during a rotation) are
 * received over HTTP and held to the served document with the same ajv validator the response
 * hook uses — body exactly (no undocumented field), the three Standard Webhooks headers.
 */
describe('The webhooks of the published contract match real deliveries', () => {
  let ctx: TestContext;
  let receiver: WebhookReceiver;
  let database: Awaited<ReturnType<typeof useOwnDatabase>>;
  let doc: Json & { webhooks: Record<string, { post: { parameters: { name: string; in: string }[] } }> };
  let validator: ContractValidator;
  const previous = process.env.WEBHOOK_ALLOW_PRIVATE_URLS;

  beforeAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'true';
    // One outbox pass claims the oldest due rows: other specs' undelivered rows must not be those.
    database = await useOwnDatabase('webhookdoc');
    ctx = await createTestApp();
    receiver = await startWebhookReceiver();
    doc = (await ctx.http().get('/api/docs-json').expect(200)).body;
    validator = new ContractValidator(doc as never);
  });
  afterAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = previous;
    await receiver.close();
    await ctx.close();
    database.restore();
  });

  const dispatch = () => ctx.app.get(WebhookDispatcher).runOnce();
  const deliver = () => ctx.app.get(OutboxWorker).runOnce();
  const headersOf = (request: ReceivedWebhook) => request.headers as Record<string, string>;
  const webhookHeaderNames = (request: ReceivedWebhook) =>
    Object.keys(request.headers)
      .filter((h) => h.startsWith('webhook-'))
      .sort();

  it('documents both deliveries with the three Standard Webhooks headers required, the older X-Qiyuan ones optional', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual(['appealEvent', 'testEvent']);
    for (const name of ['appealEvent', 'testEvent']) {
      const parameters = doc.webhooks[name].post.parameters as { name: string; in: string; required: boolean }[];
      expect(parameters.filter((p) => p.required).map((p) => `${p.in}:${p.name}`)).toEqual([
        'header:webhook-id',
        'header:webhook-timestamp',
        'header:webhook-signature',
      ]);
      expect(parameters.filter((p) => !p.required).map((p) => `${p.in}:${p.name}`)).toEqual([
        'header:X-Qiyuan-Delivery',
        'header:X-Qiyuan-Attempt',
        'header:X-Qiyuan-Signature',
      ]);
    }
  });

  it('an appeal event and a test event as received match the document exactly, and verify', async () => {
    const cast = await appealCast(ctx, '510104');
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    const client = await registerClient(ctx, admin.bearer, {
      role: 'supervisor',
      regionCode: cast.city,
      scopes: ['appeals:read', 'events:read', 'webhooks:manage'],
    });
    const bearer = await clientToken(ctx, client);
    const created = await ctx
      .http()
      .post('/api/webhook-subscriptions')
      .set('Authorization', bearer)
      .send({ url: receiver.url, eventTypes: ['appeal.submit', 'appeal.accept'] })
      .expect(201);
    const id = created.body.id as number;
    const secret = created.body.secret as string;

    const appeal = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.officer.bearer)
      .send({
        enterpriseId: cast.firmId,
        categoryId: await categoryId(ctx.db, 'labour'),
        kind: 'help',
        title: unique('招工难'),
        description: '企业反映近期招工难，一线岗位缺口较大。',
      })
      .expect(201);
    await ctx
      .http()
      .post(`/api/appeals/${appeal.body.id}/accept`)
      .set('Authorization', cast.officer.bearer)
      .set('If-Match', `"${appeal.body.version}"`)
      .send({})
      .expect(200);
    await dispatch();
    const test = await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', bearer).send({}).expect(202);
    await deliver();

    const mine = receiver.received.filter((r) => String(r.headers['webhook-id']).startsWith(`msg_${id}_`));
    expect(mine).toHaveLength(3);
    const verifier = new Webhook(secret);
    for (const request of mine) {
      const body = JSON.parse(request.body) as { type: string };
      const name = body.type === 'webhook.test' ? 'testEvent' : 'appealEvent';
      expect({ name, problems: validator.webhookProblems(name, request.headers, request.body) }).toEqual({ name, problems: [] });
      expect(webhookHeaderNames(request)).toEqual(['webhook-id', 'webhook-signature', 'webhook-timestamp']);
      // The older headers are sent too and held to their documented schemas by webhookProblems.
      expect([request.headers['x-qiyuan-delivery'], request.headers['x-qiyuan-attempt']]).toEqual([request.headers['webhook-id'], '1']);
      expect(verifier.verify(request.body, headersOf(request))).toEqual(body);
    }
    const [testRequest] = receiver.requestsFor(test.body.deliveryId);
    expect(JSON.parse(testRequest.body)).toMatchObject({ type: 'webhook.test', data: { subscriptionId: id } });
    // The event body is the feed's event: the same object GET /api/events answers.
    const event = mine.map((r) => JSON.parse(r.body)).find((b) => b.type === 'appeal.accept');
    const feed = await ctx.http().get('/api/events').set('Authorization', bearer).expect(200);
    expect(feed.body.items).toContainEqual(event.data);

    // A document that disagreed would be caught: an extra field, a missing header.
    expect(validator.webhookProblems('appealEvent', testRequest.headers, testRequest.body).length).toBeGreaterThan(0);
    const { ['webhook-signature']: _dropped, ...unsigned } = mine[0].headers;
    expect(validator.webhookProblems('appealEvent', unsigned, JSON.stringify({ ...JSON.parse(mine[0].body), extra: 1 }))).toEqual(
      expect.arrayContaining([expect.stringContaining('webhook-signature is missing'), expect.stringContaining('additional properties')]),
    );

    // While a rotated secret overlaps, two signatures: still the documented header.
    const rotated = await ctx
      .http()
      .post(`/api/webhook-subscriptions/${id}/secrets`)
      .set('Authorization', bearer)
      .send({ overlapSeconds: 3600 })
      .expect(201);
    const second = await ctx.http().post(`/api/webhook-subscriptions/${id}/test`).set('Authorization', bearer).send({}).expect(202);
    await deliver();
    const [both] = receiver.requestsFor(second.body.deliveryId);
    expect(String(both.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(validator.webhookProblems('testEvent', both.headers, both.body)).toEqual([]);
    expect(new Webhook(rotated.body.secret).verify(both.body, headersOf(both))).toMatchObject({ type: 'webhook.test' });
    expect(verifier.verify(both.body, headersOf(both))).toMatchObject({ type: 'webhook.test' });
  });
});
