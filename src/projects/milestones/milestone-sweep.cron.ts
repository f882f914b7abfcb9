import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { MilestoneSweepService } from './milestone-sweep.service';

const INTERVAL_NAME = 'project-milestone-sweep';

/** Runs the milestone job on the SLA sweep's schedule (SWEEP_ENABLED, SWEEP_INTERVAL_SECONDS); the lease picks one instance. */
@Injectable()
export class MilestoneSweepCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MilestoneSweepCron.name);
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly sweep: MilestoneSweepService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SWEEP_ENABLED) return;
    this.scheduler.addInterval(
      INTERVAL_NAME,
      setInterval(() => this.tick(), this.config.SWEEP_INTERVAL_SECONDS * 1000),
    );
  }

  tick(): void {
    if (this.running) return;
    this.running = this.sweep
      .runOnce()
      .catch((error: unknown) =>
        this.logger.error({ msg: 'milestone sweep failed', err: error }, error instanceof Error ? error.stack : undefined),
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
