import { Inject, Injectable, Logger } from '@nestjs/common';
import { instanceId } from '../../common/lifecycle/instance-id';
import { performance } from 'node:perf_hooks';
import { Clock } from '../../common/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DeliveryError, NOTIFICATION_CHANNELS, type NotificationChannel, type OutboxMessage } from './channels/notification-channel';
import { type AttemptOutcome, OutboxRepository } from './outbox.repository';

export const OUTBOX_BATCH = 50;
export const OUTBOX_MAX_ATTEMPTS = 8;
/** Deliveries attempted at once by one worker. */
const PARALLEL = 5;
/** A run keeps claiming while batches come back full, up to this many (then the next poll goes on). */
const MAX_BATCHES_PER_RUN = 20;

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
  /** Claimed but handed back unattempted because the worker is stopping. */
  released: number;
}

/** Rejects when the attempt's time is up, even if a channel ignores its abort signal. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
}

/**
 * Delivers the outbox, at least once. Each batch is claimed by one worker with a short lease
 * (OUTBOX_CLAIM_SECONDS) that it renews every third of it while it works, so a worker that died
 * has its rows taken over by another within one lease and one poll. Each attempt is recorded
 * (`outbox_attempts`: status, duration, response status, error) and bounded by
 * OUTBOX_DELIVERY_TIMEOUT_SECONDS; a failure is retried with exponential backoff, then given up
 * ('dead'). A delivery can still be repeated — a receiver that answered after our timeout, or a
 * crash between sending and recording — which is why every attempt carries the same delivery id.
 */
@Injectable()
export class OutboxWorker {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly channels: Map<string, NotificationChannel>;
  readonly workerId = instanceId();
  private runs = 0;
  private stopping = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_CHANNELS) channels: NotificationChannel[],
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
  }

  private get claimMs(): number {
    return this.config.OUTBOX_CLAIM_SECONDS * 1000;
  }

  /**
   * Stops at the next safe point: attempts under way finish (each within its timeout), rows
   * claimed but not yet attempted are handed back at once, and no new batch is claimed.
   */
  stop(): void {
    this.stopping = true;
  }

  async runOnce(): Promise<OutboxRunReport> {
    const report: OutboxRunReport = { claimed: 0, sent: 0, failed: 0, dead: 0, released: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN && !this.stopping; batch += 1) {
      if ((await this.runBatch(report)) < OUTBOX_BATCH) break;
    }
    if (report.claimed) this.logger.log({ msg: 'outbox delivered', ...report });
    return report;
  }

  private async runBatch(report: OutboxRunReport): Promise<number> {
    this.runs += 1;
    const claimToken = `${this.workerId}:${this.runs}`;
    const messages = await this.outbox.claimDue(claimToken, this.clock.now(), this.claimMs, OUTBOX_BATCH);
    report.claimed += messages.length;
    if (!messages.length) return 0;
    const renewal = setInterval(
      () => {
        this.outbox
          .renewClaims(claimToken, this.clock.now(), this.claimMs)
          .catch((error: unknown) => this.logger.warn({ msg: 'outbox claim renewal failed', err: error }));
      },
      Math.max(1000, Math.floor(this.claimMs / 3)),
    );
    renewal.unref();
    try {
      for (let i = 0; i < messages.length && !this.stopping; i += PARALLEL) {
        const chunk = messages.slice(i, i + PARALLEL);
        const started = await this.outbox.startAttempts(chunk, claimToken, this.clock.now());
        await Promise.all(
          chunk
            .filter((m) => started.has(m.id))
            .map((m) => this.deliver({ ...m, attempt: started.get(m.id) as number }, claimToken, report)),
        );
      }
    } finally {
      clearInterval(renewal);
      if (this.stopping) report.released += await this.outbox.releaseClaims(claimToken);
    }
    return messages.length;
  }

  private async deliver(message: OutboxMessage, claimToken: string, report: OutboxRunReport): Promise<void> {
    const channel = this.channels.get(message.channel);
    const timeoutMs = this.config.OUTBOX_DELIVERY_TIMEOUT_SECONDS * 1000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeliveryError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const started = performance.now();
    const outcome = (status: AttemptOutcome['status'], responseStatus: number | null, error: string | null): AttemptOutcome => ({
      status,
      finishedAt: this.clock.now(),
      durationMs: performance.now() - started,
      responseStatus,
      error,
    });
    try {
      if (!channel) throw new DeliveryError(`No channel named ${message.channel} is configured`);
      const receipt = await Promise.race([
        channel.deliver(message, { signal: controller.signal, timeoutMs }),
        whenAborted(controller.signal),
      ]);
      await this.outbox.markSent(message.id, claimToken, message.attempt, outcome('delivered', receipt?.responseStatus ?? null, null));
      report.sent += 1;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const delay = channel ? nextAttemptDelayMs(message.attempt) : null;
      const next = delay === null ? null : new Date(this.clock.now().getTime() + delay);
      const responseStatus = error instanceof DeliveryError ? (error.responseStatus ?? null) : null;
      await this.outbox.markFailed(message.id, claimToken, message.attempt, outcome('failed', responseStatus, reason), next);
      if (next) report.failed += 1;
      else report.dead += 1;
      const log = {
        msg: next ? 'outbox delivery failed; will retry' : 'outbox delivery given up',
        id: message.id,
        deliveryId: message.dedupeKey,
        channel: message.channel,
        attempt: message.attempt,
        nextAttemptAt: next,
        reason,
      };
      if (next) this.logger.warn(log);
      else this.logger.error(log);
    } finally {
      clearTimeout(timer);
    }
  }
}
