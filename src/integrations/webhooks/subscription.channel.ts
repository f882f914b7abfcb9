import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { webhookSignature } from '../../notifications/outbox/channels/webhook.channel';
import {
  type DeliveryContext,
  DeliveryError,
  type DeliveryReceipt,
  type NotificationChannel,
  type OutboxMessage,
} from '../../notifications/outbox/channels/notification-channel';
import { webhookHeaders } from './standard-webhooks';
import { SubscriptionsRepository } from './subscriptions.repository';

/**
 * Delivers a subscription's outbox rows, signed per Standard Webhooks with the subscription's
 * secret. The delivery id (webhook-id) is the same on every attempt; the timestamp is the
 * attempt's wall-clock time (receivers compare it with theirs to refuse replays), not the
 * business clock. Any 2xx is a delivery; a failure is retried by the outbox worker with backoff
 * and counted against the subscription, which is disabled after repeated failures.
 * A rotated secret signs beside the current one until its overlap ends (business clock).
 * The deployment-wide subscription (WEBHOOK_URL) also carries the old `X-Qiyuan-Signature` over
 * the body, for receivers that have not moved to Standard Webhooks yet.
 */
@Injectable()
export class SubscriptionWebhookChannel implements NotificationChannel {
  readonly name = 'subscription';

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(message: OutboxMessage, { signal }: DeliveryContext): Promise<DeliveryReceipt> {
    const subscription = await this.subscriptions.find(Number(message.receiver), null);
    if (!subscription) throw new DeliveryError('The subscription was deleted');
    if (subscription.status !== 'active') throw new DeliveryError('The subscription is disabled');
    const body = JSON.stringify({ type: message.eventType, timestamp: new Date().toISOString(), data: message.payload });
    const timestamp = Math.floor(Date.now() / 1000);
    const overlapping = subscription.previousSecret && subscription.previousSecretExpiresAt && subscription.previousSecretExpiresAt > this.clock.now();
    const secrets = overlapping ? [subscription.secret, subscription.previousSecret as string] : [subscription.secret];
    const legacy: Record<string, string> = subscription.systemKey ? { 'X-Qiyuan-Signature': webhookSignature(body, this.config.WEBHOOK_SECRET) } : {};
    try {
      let response: Response;
      try {
        response = await fetch(subscription.url, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'Qiyuan-Webhook/2',
            ...webhookHeaders(secrets, message.dedupeKey, timestamp, body),
            ...legacy,
            'X-Qiyuan-Delivery': message.dedupeKey,
            'X-Qiyuan-Attempt': String(message.attempt),
          },
          body,
          signal,
        });
      } catch (error) {
        throw new DeliveryError(`POST ${subscription.url} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) throw new DeliveryError(`POST ${subscription.url} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
      await this.subscriptions.recordOutcome(subscription.id, true, null, this.clock.now());
      return { responseStatus: response.status };
    } catch (error) {
      await this.subscriptions.recordOutcome(subscription.id, false, error instanceof Error ? error.message : String(error), this.clock.now());
      throw error;
    }
  }
}
