import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

export interface PeriodicJobSpec {
  /** The interval's name in the scheduler registry (unique per instance). */
  name: string;
  /** What the log says when a run fails, e.g. 'sla sweep failed'. */
  failure: string;
  run: () => Promise<unknown>;
}

/**
 * Work this instance does every so often. Never two runs at once: a tick while one is under way
 * is a no-op, so a slow run delays the next instead of piling up behind it. A failed run is
 * logged and the next tick tries again. Shutdown removes the interval and waits for the run
 * under way (asking the work itself to stop early is the owner's part, before `stop`).
 */
export class PeriodicJob {
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: Logger,
    private readonly spec: PeriodicJobSpec,
  ) {}

  every(ms: number): void {
    this.scheduler.addInterval(
      this.spec.name,
      setInterval(() => this.tick(), ms),
    );
  }

  tick(): void {
    if (this.running) return;
    this.running = this.spec
      .run()
      .catch((error: unknown) =>
        this.logger.error({ msg: this.spec.failure, err: error }, error instanceof Error ? error.stack : undefined),
      )
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves once the run under way (if any) has finished. */
  settled(): Promise<unknown> {
    return this.running ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    if (this.scheduler.doesExist('interval', this.spec.name)) this.scheduler.deleteInterval(this.spec.name);
    await this.running;
  }
}
