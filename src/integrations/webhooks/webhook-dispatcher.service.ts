import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../common/clock/clock';
import { LeaseRepository } from '../../sla/sweep/lease.repository';
import { FeedRepository, type FeedEventRow } from '../feed/feed.repository';
import { FeedSequencerRepository } from '../feed/feed-sequencer.repository';
import { FEED_SCAN_WINDOW, toFeedEvent } from '../feed/feed.service';
import { type NewDelivery, type SubscriptionRow, SubscriptionsRepository } from './subscriptions.repository';

const LEASE = 'webhook-dispatch';
const PER_SUBSCRIPTION = 500;

export function matchesSubscription(subscription: Pick<SubscriptionRow, 'eventTypes' | 'regionCode'>, event: FeedEventRow): boolean {
  const type = `appeal.${event.action}`;
  const typed = subscription.eventTypes.some((t) => t === '*' || t === 'appeal.*' || t === type);
  const prefix = subscription.regionCode ? subscriptionRegionPrefix(subscription.regionCode) : '';
  return typed && event.regionCode.startsWith(prefix);
}

function subscriptionRegionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export interface DispatchReport {
  subscriptions: number;
  queued: number;
}

/**
 * Turns new feed events into deliveries: each active subscription reads the feed from its own
 * cursor with its client's identity (the same reach and scopes as the client's own feed reads),
 * keeps the events it subscribed to, and queues them in the outbox while moving its cursor, in
 * one transaction. One instance at a time (a lease); idempotent (unique delivery ids, and the
 * cursor moves only from where it was read).
 */
@Injectable()
export class WebhookDispatcher {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly holder = `dispatch:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly subscriptions: SubscriptionsRepository,
    private readonly feed: FeedRepository,
    private readonly sequencer: FeedSequencerRepository,
    private readonly leases: LeaseRepository,
    private readonly clock: Clock,
  ) {}

  async runOnce(): Promise<DispatchReport | null> {
    const report: DispatchReport = { subscriptions: 0, queued: 0 };
    const done = await this.leases.hold(LEASE, this.holder, async () => {
      const head = await this.sequencer.sequencePending();
      for (const subscription of await this.subscriptions.activeBehind(head)) {
        report.subscriptions += 1;
        report.queued += await this.dispatch(subscription, head);
      }
      return report;
    });
    if (done && done.queued) this.logger.log({ msg: 'webhook deliveries queued', ...done });
    return done;
  }

  private async dispatch(subscription: SubscriptionRow, head: number): Promise<number> {
    const identity = await this.subscriptions.clientIdentity(subscription.clientPk);
    if (!identity) return 0;
    const from = subscription.lastPosition;
    const upTo = Math.min(head, from + FEED_SCAN_WINDOW);
    const rows = await this.feed.page(identity, from, upTo, PER_SUBSCRIPTION);
    const to = rows.length === PER_SUBSCRIPTION ? rows[rows.length - 1].position : upTo;
    const deliveries: NewDelivery[] = rows
      .filter((row) => matchesSubscription(subscription, row))
      .map((row) => ({ dedupeKey: `msg_${subscription.id}_${row.eventId}`, eventType: `appeal.${row.action}`, payload: toFeedEvent(row) }));
    const moved = await this.subscriptions.queue(subscription.id, from, to, deliveries, this.clock.now());
    return moved ? deliveries.length : 0;
  }
}
