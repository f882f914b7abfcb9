import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config';
import {
  type DeliveryContext,
  DeliveryError,
  type DeliveryReceipt,
  type NotificationChannel,
  type OutboxMessage,
} from './notification-channel';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, what a receiver recomputes with the shared secret. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookDeliveryError extends DeliveryError {
  override readonly name = 'WebhookDeliveryError';
}

/**
 * POSTs the event as JSON, signed with WEBHOOK_SECRET. Any 2xx is a delivery; anything else, a
 * timeout or a network error is retried by the worker. `X-Qiyuan-Delivery` (and `deliveryId` in
 * the body) is the same on every attempt: receivers deduplicate on it.
 */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async deliver(message: OutboxMessage, { signal }: DeliveryContext): Promise<DeliveryReceipt> {
    const body = JSON.stringify({ deliveryId: message.dedupeKey, eventType: message.eventType, data: message.payload });
    let response: Response;
    try {
      response = await fetch(message.receiver, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Qiyuan-Webhook/1',
          'X-Qiyuan-Signature': webhookSignature(body, this.config.WEBHOOK_SECRET),
          'X-Qiyuan-Delivery': message.dedupeKey,
          'X-Qiyuan-Event': message.eventType,
          'X-Qiyuan-Attempt': String(message.attempt),
        },
        body,
        signal,
      });
    } catch (error) {
      throw new WebhookDeliveryError(`POST ${message.receiver} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Drain the body so the connection can be reused.
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new WebhookDeliveryError(`POST ${message.receiver} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
    }
    return { responseStatus: response.status };
  }
}
