import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OutboxWorker } from './outbox-worker.service';

const INTERVAL_NAME = 'outbox-worker';

/** Polls the outbox every OUTBOX_POLL_INTERVAL_SECONDS; OUTBOX_WORKER_ENABLED=false switches it off on this instance. */
@Injectable()
export class OutboxWorkerCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorkerCron.name);
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly worker: OutboxWorker,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.OUTBOX_WORKER_ENABLED) {
      this.logger.log('Outbox worker disabled on this instance (OUTBOX_WORKER_ENABLED=false)');
      return;
    }
    if (!this.config.WEBHOOK_URL) this.logger.warn('WEBHOOK_URL is not set: the deployment-wide webhook subscription is off (client subscriptions still deliver)');
    this.scheduler.addInterval(
      INTERVAL_NAME,
      setInterval(() => this.tick(), this.config.OUTBOX_POLL_INTERVAL_SECONDS * 1000),
    );
  }

  tick(): void {
    if (this.running) return;
    this.running = this.worker
      .runOnce()
      .catch((error: unknown) =>
        this.logger.error({ msg: 'outbox worker failed', err: error }, error instanceof Error ? error.stack : undefined),
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** No new batch; attempts under way finish, claimed rows not yet attempted are handed back. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    this.worker.stop();
    await this.running;
  }
}
