import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from '../../common/lifecycle/periodic-job';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { WebhookDispatcher } from './webhook-dispatcher.service';

const INTERVAL_NAME = 'webhook-dispatch';

/** Every WEBHOOK_DISPATCH_INTERVAL_SECONDS, on instances that run the outbox worker (OUTBOX_WORKER_ENABLED). */
@Injectable()
export class WebhookDispatcherCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcherCron.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly dispatcher: WebhookDispatcher,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob(scheduler, this.logger, {
      name: INTERVAL_NAME,
      failure: 'webhook dispatch failed',
      run: () => this.dispatcher.runOnce(),
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.OUTBOX_WORKER_ENABLED) this.job.every(this.config.WEBHOOK_DISPATCH_INTERVAL_SECONDS * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }
}
