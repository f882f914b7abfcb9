import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
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
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly sweep: SlaSweepService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SWEEP_ENABLED) {
      this.logger.log('SLA sweep disabled on this instance (SWEEP_ENABLED=false)');
      return;
    }
    const handle = setInterval(() => this.tick(), this.config.SWEEP_INTERVAL_SECONDS * 1000);
    this.scheduler.addInterval(INTERVAL_NAME, handle);
    this.logger.log(`SLA sweep every ${this.config.SWEEP_INTERVAL_SECONDS}s (holder ${this.sweep.holder})`);
  }

  /** Never two runs at once on one instance: a slow run makes the next tick a no-op. */
  tick(): void {
    if (this.running) return;
    this.running = this.sweep
      .runOnce()
      .catch((error: unknown) =>
        this.logger.error({ msg: 'sla sweep failed', err: error }, error instanceof Error ? error.stack : undefined),
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** A run in progress stops after its current batch (releasing the lease) before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    this.sweep.stop();
    await this.running;
  }
}
