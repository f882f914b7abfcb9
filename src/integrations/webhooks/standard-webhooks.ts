import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks (standardwebhooks.com) signing: the receiver recomputes
 * `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` with the secret's bytes
 * (the base64 after `whsec_`), rejects a timestamp too far from now (replay), and deduplicates
 * on `webhook-id`. While a rotated secret overlaps the new one, `webhook-signature` carries one
 * signature per secret, space-separated (the spec's rotation rule): a receiver holding either verifies.
 */
/** The event type of a test delivery (POST /api/webhook-subscriptions/{id}/test). */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
/** How far a receiver should let `webhook-timestamp` be from its clock (the standardwebhooks libraries' default). */
export const WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS = 300;

/** The `data` of a test delivery. */
export function testEventPayload(subscriptionId: number, at: Date): { subscriptionId: number; message: string; sentAt: string } {
  return { subscriptionId, message: 'A test event from Qiyuan', sentAt: at.toISOString() };
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The deployment-wide subscription's secret from WEBHOOK_SECRET: used as is when it is a
 * `whsec_…` secret, otherwise its UTF-8 bytes are the key (`new Webhook(WEBHOOK_SECRET, { format: 'raw' })`
 * in the standardwebhooks package).
 */
export function deploymentSecret(webhookSecret: string): string {
  return webhookSecret.startsWith('whsec_') ? webhookSecret : `whsec_${Buffer.from(webhookSecret, 'utf8').toString('base64')}`;
}

export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** `secrets`: the current one first, then any still overlapping. */
export function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((secret) => signWebhook(secret, id, timestampSeconds, body)).join(' '),
  };
}
