import type { OpenAPIObject } from '@nestjs/swagger';
import { WEBHOOK_TEST_EVENT, WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS } from './standard-webhooks';

type Json = Record<string, unknown>;

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The three Standard Webhooks headers every delivery carries (standard-webhooks.ts `webhookHeaders`). */
const HEADERS: Json[] = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description:
      'The delivery id (`msg_<subscription>_<event>`; `msg_<subscription>_test_<uuid>` for a test event), the same on every attempt: deduplicate on it',
    schema: { type: 'string', pattern: '^msg_\\d+_[A-Za-z0-9_-]+$', example: 'msg_3_9812' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: `The attempt's time in Unix seconds; refuse a delivery more than ${WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS} s from your clock (replay)`,
    schema: { type: 'string', pattern: '^\\d{10}$', example: '1772431200' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>">`, keyed by the base64-decoded part of the `whsec_` secret. ' +
      'While a rotated secret overlaps the new one, one signature per secret, space-separated: accept the delivery when any of them verifies',
    schema: {
      type: 'string',
      pattern: '^v1,[A-Za-z0-9+/]{43}=( v1,[A-Za-z0-9+/]{43}=)*$',
      example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
    },
  },
];

/** Sent too, outside Standard Webhooks: for receivers written before it (rely on the three above). */
const QIYUAN_HEADERS: Json[] = [
  {
    name: 'X-Qiyuan-Delivery',
    in: 'header',
    required: false,
    description: 'The same as webhook-id (kept for receivers written before Standard Webhooks)',
    schema: { type: 'string', pattern: '^msg_\\d+_[A-Za-z0-9_-]+$', example: 'msg_3_9812' },
  },
  {
    name: 'X-Qiyuan-Attempt',
    in: 'header',
    required: false,
    description: 'Which attempt this is (1 the first; a retry counts on)',
    schema: { type: 'string', pattern: '^[1-9]\\d*$', example: '1' },
  },
  {
    name: 'X-Qiyuan-Signature',
    in: 'header',
    required: false,
    description:
      'Only on the deployment-wide subscription (WEBHOOK_URL): `sha256=<hex HMAC-SHA256 of the body>` keyed by WEBHOOK_SECRET, the signature it carried before',
    schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
  },
];

const RESPONSES: Json = {
  '2XX': { description: 'Received: any 2xx acknowledges the delivery (answer quickly, process afterwards)' },
  '4XX': {
    description:
      'Refused (a bad signature, a stale timestamp): like any other non-2xx answer, a redirect or a timeout, the delivery is retried with backoff ' +
      '(30 s·2ⁿ, at most 1 h, 8 attempts) and counts against the subscription (disabled after 10 failures in a row)',
  },
};

const SCHEMAS: Record<string, Json> = {
  WebhookAppealEvent: {
    type: 'object',
    description: 'The body of an appeal event delivery: the event as the change feed (GET /api/events) gives it',
    required: ['type', 'timestamp', 'data'],
    properties: {
      type: { type: 'string', pattern: '^appeal\\.[a-z_]+$', example: 'appeal.accept', description: 'The same as `data.type`' },
      timestamp: { type: 'string', format: 'date-time', description: 'When this attempt was made' },
      data: schemaRef('FeedEventDto'),
    },
  },
  WebhookTestEventData: {
    type: 'object',
    required: ['subscriptionId', 'message', 'sentAt'],
    properties: {
      subscriptionId: { type: 'integer' },
      message: { type: 'string', example: 'A test event from Qiyuan' },
      sentAt: { type: 'string', format: 'date-time', description: 'When the test was asked for' },
    },
  },
  WebhookTestEvent: {
    type: 'object',
    description: 'The body of a test delivery (POST /api/webhook-subscriptions/{id}/test, or 发送测试事件 in the console)',
    required: ['type', 'timestamp', 'data'],
    properties: {
      type: { type: 'string', enum: [WEBHOOK_TEST_EVENT] },
      timestamp: { type: 'string', format: 'date-time', description: 'When this attempt was made' },
      data: schemaRef('WebhookTestEventData'),
    },
  },
};

const EXAMPLE_EVENT = {
  type: 'appeal.accept',
  timestamp: '2026-03-02T06:00:01.000Z',
  data: {
    id: 9812,
    type: 'appeal.accept',
    appealId: 123,
    appealNumber: '2026-000123',
    regionCode: '510104',
    seq: 2,
    action: 'accept',
    fromStatus: 'submitted',
    toStatus: 'accepted',
    visibility: 'public',
    actor: { id: 431, role: 'officer', name: '王专员', clientId: null },
    occurredAt: '2026-03-02T06:00:00.000Z',
  },
};

const EXAMPLE_TEST = {
  type: WEBHOOK_TEST_EVENT,
  timestamp: '2026-03-02T06:00:01.000Z',
  data: { subscriptionId: 3, message: 'A test event from Qiyuan', sentAt: '2026-03-02T06:00:00.000Z' },
};

function delivery(operationId: string, summary: string, description: string, schema: string, example: unknown): Json {
  return {
    post: {
      operationId,
      tags: ['integrations'],
      summary,
      description,
      security: [],
      parameters: [...HEADERS, ...QIYUAN_HEADERS],
      requestBody: { required: true, content: { 'application/json': { schema: schemaRef(schema), example } } },
      responses: RESPONSES,
    },
  };
}

/**
 * The requests Qiyuan sends to a subscription's URL (OpenAPI 3.1 `webhooks`): the body each
 * delivery carries and the Standard Webhooks headers, as subscription.channel.ts sends them.
 * Delivery is at least once; the `webhook-id` stays the same across attempts.
 */
export function addWebhooks(document: OpenAPIObject): OpenAPIObject {
  const doc = document as OpenAPIObject & { webhooks?: Json; components: { schemas?: Json } };
  doc.components.schemas = { ...(doc.components.schemas ?? {}), ...SCHEMAS };
  doc.webhooks = {
    appealEvent: delivery(
      'webhooks.appealEvent',
      'An appeal event a subscription asked for',
      'Sent to the subscription URL for each event of its types (`appeal.<action>`, `appeal.*`, `*`) in the client’s reach and the region filter, ' +
        'signed per Standard Webhooks. At least once: the same `webhook-id` may arrive again (a retry, a lost answer) — deduplicate on it. ' +
        'Events of one appeal may arrive out of order: order them by `data.seq`.',
      'WebhookAppealEvent',
      EXAMPLE_EVENT,
    ),
    testEvent: delivery(
      'webhooks.testEvent',
      'A test event',
      'Sent when a test is asked for, signed like any delivery, to check the receiver verifies and answers 2xx; the outcome shows in the delivery log.',
      'WebhookTestEvent',
      EXAMPLE_TEST,
    ),
  };
  return doc;
}
