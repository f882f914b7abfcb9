import { createHmac } from 'node:crypto';
import { webhookSignature } from './channels/webhook.channel';
import { nextAttemptDelayMs, OUTBOX_MAX_ATTEMPTS } from './outbox-worker.service';

describe('outbox retry schedule', () => {
  it('backs off exponentially from 30 seconds, capped at an hour', () => {
    expect([1, 2, 3, 4].map(nextAttemptDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(nextAttemptDelayMs(OUTBOX_MAX_ATTEMPTS - 1)).toBeLessThanOrEqual(3600_000);
  });

  it('gives up after the last attempt', () => {
    expect(nextAttemptDelayMs(OUTBOX_MAX_ATTEMPTS)).toBeNull();
  });
});

describe('webhookSignature', () => {
  it('is the hex HMAC-SHA256 of the exact body', () => {
    const body = JSON.stringify({ deliveryId: 'webhook:appeal:1:event:2' });
    expect(webhookSignature(body, 's3cret')).toBe(`sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`);
    expect(webhookSignature(`${body} `, 's3cret')).not.toBe(webhookSignature(body, 's3cret'));
  });
});
