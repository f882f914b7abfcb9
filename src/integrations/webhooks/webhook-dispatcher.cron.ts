import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { WebhookDispatcher } from './webhook-dispatcher.service';

const INTERVAL_NAME = 'webhook-dispatch';

/** Every WEBHOOK_DISPATCH_INTERVAL_SECONDS, on instances that run the outbox worker (OUTBOX_WORKER_ENABLED). */
@Injectable()
export class WebhookDispatcherCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcherCron.name);
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.OUTBOX_WORKER_ENABLED) return;
    this.scheduler.addInterval(INTERVAL_NAME, setInterval(() => this.tick(), this.config.WEBHOOK_DISPATCH_INTERVAL_SECONDS * 1000));
  }

  tick(): void {
    if (this.running) return;
    this.running = this.dispatcher
      .runOnce()
      .catch((error: unknown) => this.logger.error({ msg: 'webhook dispatch failed', err: error }))
      .finally(() => {
        this.running = null;
      });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running;
  }
}
