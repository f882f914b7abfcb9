import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from '../../common/lifecycle/periodic-job';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OutboxWorker } from './outbox-worker.service';

const INTERVAL_NAME = 'outbox-worker';

/** Polls the outbox every OUTBOX_POLL_INTERVAL_SECONDS; OUTBOX_WORKER_ENABLED=false switches it off on this instance. */
@Injectable()
export class OutboxWorkerCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorkerCron.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly worker: OutboxWorker,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob(scheduler, this.logger, {
      name: INTERVAL_NAME,
      failure: 'outbox worker failed',
      run: () => this.worker.runOnce(),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.OUTBOX_WORKER_ENABLED) {
      this.logger.log('Outbox worker disabled on this instance (OUTBOX_WORKER_ENABLED=false)');
      return;
    }
    if (!this.config.WEBHOOK_URL)
      this.logger.warn('WEBHOOK_URL is not set: the deployment-wide webhook subscription is off (client subscriptions still deliver)');
    this.job.every(this.config.OUTBOX_POLL_INTERVAL_SECONDS * 1000);
  }

  /** No new batch; attempts under way finish, claimed rows not yet attempted are handed back. */
  async beforeApplicationShutdown(): Promise<void> {
    this.worker.stop();
    await this.job.stop();
  }
}
