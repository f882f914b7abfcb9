import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from '../../common/lifecycle/periodic-job';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MilestoneSweepService } from './milestone-sweep.service';

const INTERVAL_NAME = 'project-milestone-sweep';

/** Runs the milestone job on the SLA sweep's schedule (SWEEP_ENABLED, SWEEP_INTERVAL_SECONDS); the lease picks one instance. */
@Injectable()
export class MilestoneSweepCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MilestoneSweepCron.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly sweep: MilestoneSweepService,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob(scheduler, this.logger, {
      name: INTERVAL_NAME,
      failure: 'milestone sweep failed',
      run: () => this.sweep.runOnce(),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.SWEEP_ENABLED) return;
    this.job.every(this.config.SWEEP_INTERVAL_SECONDS * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }
}
