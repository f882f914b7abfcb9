import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from '../../common/lifecycle/periodic-job';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { SlaSweepService } from './sla-sweep.service';

const INTERVAL_NAME = 'sla-sweep';

/**
 * Fires the sweep every SWEEP_INTERVAL_SECONDS on every instance; the lease decides which one
 * works. SWEEP_ENABLED=false switches it off on this instance (e.g. on API-only nodes).
 */
@Injectable()
export class SlaSweepCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SlaSweepCron.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly sweep: SlaSweepService,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob(scheduler, this.logger, {
      name: INTERVAL_NAME,
      failure: 'sla sweep failed',
      run: () => this.sweep.runOnce(),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.SWEEP_ENABLED) {
      this.logger.log('SLA sweep disabled on this instance (SWEEP_ENABLED=false)');
      return;
    }
    this.job.every(this.config.SWEEP_INTERVAL_SECONDS * 1000);
    this.logger.log(`SLA sweep every ${this.config.SWEEP_INTERVAL_SECONDS}s (holder ${this.sweep.holder})`);
  }

  /** A run in progress stops after its current batch (releasing the lease) before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.sweep.stop();
    await this.job.stop();
  }
}
