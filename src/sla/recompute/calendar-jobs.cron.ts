import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJob } from '../../common/lifecycle/periodic-job';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CoverageWarningsService } from '../calendar/coverage-warnings.service';
import { YearDeclaredHook } from '../calendar/year-declared.hook';
import { DeadlineRecomputeService } from './deadline-recompute.service';

const INTERVAL_NAME = 'calendar-jobs';
const EVERY_MS = 60_000;

/**
 * The calendar's own work: recompute provisional deadlines once a year is declared (at once on
 * the declaring instance, and resumed every minute on any instance after a crash), and the
 * warnings before coverage ends (each threshold once, recorded in the database). On the SLA
 * sweep's switch (SWEEP_ENABLED); the lease and the locked job row pick one instance.
 */
@Injectable()
export class CalendarJobsCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CalendarJobsCron.name);
  private readonly job: PeriodicJob;

  constructor(
    private readonly recompute: DeadlineRecomputeService,
    private readonly yearDeclared: YearDeclaredHook,
    private readonly warnings: CoverageWarningsService,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.job = new PeriodicJob(scheduler, this.logger, {
      name: INTERVAL_NAME,
      failure: 'calendar job failed',
      run: () => Promise.all([this.recompute.runPending(), this.warnings.check()]),
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.SWEEP_ENABLED) return;
    this.yearDeclared.listen(() => this.recompute.runPending());
    this.job.every(EVERY_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }
}
