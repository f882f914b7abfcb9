import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Clock } from '../../common/clock/clock';
import { NOTIFICATION_CHANNELS, type NotificationChannel, type OutboxMessage } from './channels/notification-channel';
import { OutboxRepository } from './outbox.repository';

export const OUTBOX_BATCH = 50;
/** Longer than a batch's deliveries can take (10 s timeout each, a few in parallel). */
export const OUTBOX_CLAIM_MS = 5 * 60_000;
export const OUTBOX_MAX_ATTEMPTS = 8;
const PARALLEL = 5;

/** 30 s, 1 min, 2 min ... capped at 1 hour; null once the attempts are used up (the row goes 'dead'). */
export function nextAttemptDelayMs(attemptsMade: number): number | null {
  if (attemptsMade >= OUTBOX_MAX_ATTEMPTS) return null;
  return Math.min(30_000 * 2 ** (attemptsMade - 1), 3600_000);
}

export interface OutboxRunReport {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
}

/**
 * Delivers the outbox. Each row is claimed by one worker (conditional UPDATE with an expiry),
 * delivered, and marked sent while still claimed, so a restarted or second worker never sends a
 * delivered row again; a failure is retried with exponential backoff, then given up ('dead').
 */
@Injectable()
export class OutboxWorker {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly channels: Map<string, NotificationChannel>;
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private runs = 0;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_CHANNELS) channels: NotificationChannel[],
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
  }

  async runOnce(): Promise<OutboxRunReport> {
    this.runs += 1;
    const claimToken = `${this.workerId}:${this.runs}`;
    const messages = await this.outbox.claimDue(claimToken, this.clock.now(), OUTBOX_CLAIM_MS, OUTBOX_BATCH);
    const report: OutboxRunReport = { claimed: messages.length, sent: 0, failed: 0, dead: 0 };
    for (let i = 0; i < messages.length; i += PARALLEL) {
      await Promise.all(messages.slice(i, i + PARALLEL).map((m) => this.deliver(m, claimToken, report)));
    }
    if (messages.length) this.logger.log({ msg: 'outbox delivered', ...report });
    return report;
  }

  private async deliver(message: OutboxMessage, claimToken: string, report: OutboxRunReport): Promise<void> {
    const channel = this.channels.get(message.channel);
    try {
      if (!channel) throw new Error(`No channel named ${message.channel} is configured`);
      await channel.deliver(message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const delay = channel ? nextAttemptDelayMs(message.attempt) : null;
      const next = delay === null ? null : new Date(this.clock.now().getTime() + delay);
      await this.outbox.markFailed(message.id, claimToken, reason, next);
      if (next) report.failed += 1;
      else report.dead += 1;
      const log = {
        msg: next ? 'outbox delivery failed; will retry' : 'outbox delivery given up',
        id: message.id,
        channel: message.channel,
        attempt: message.attempt,
        nextAttemptAt: next,
        reason,
      };
      if (next) this.logger.warn(log);
      else this.logger.error(log);
      return;
    }
    await this.outbox.markSent(message.id, claimToken, this.clock.now());
    report.sent += 1;
  }
}
