import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
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
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly recompute: DeadlineRecomputeService,
    private readonly yearDeclared: YearDeclaredHook,
    private readonly warnings: CoverageWarningsService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SWEEP_ENABLED) return;
    this.yearDeclared.listen(() => this.recompute.runPending());
    this.scheduler.addInterval(
      INTERVAL_NAME,
      setInterval(() => this.tick(), EVERY_MS),
    );
  }

  tick(): void {
    if (this.running) return;
    this.running = Promise.all([this.recompute.runPending(), this.warnings.check()])
      .catch((error: unknown) =>
        this.logger.error({ msg: 'calendar job failed', err: error }, error instanceof Error ? error.stack : undefined),
      )
      .finally(() => {
        this.running = null;
      });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.running;
  }
}
