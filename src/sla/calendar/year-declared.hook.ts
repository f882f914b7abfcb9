import { Injectable, Logger } from '@nestjs/common';

/**
 * Tells whoever listens (the deadline recompute) that a year was declared, so the recompute
 * starts at once on this instance instead of at the next tick of the calendar job. The job row
 * is already queued in the declaring transaction: a lost notification only delays the work.
 */
@Injectable()
export class YearDeclaredHook {
  private readonly logger = new Logger(YearDeclaredHook.name);
  private readonly listeners: Array<(year: number) => Promise<unknown>> = [];

  listen(listener: (year: number) => Promise<unknown>): void {
    this.listeners.push(listener);
  }

  notify(year: number): void {
    for (const listener of this.listeners) {
      listener(year).catch((error: unknown) => this.logger.error({ msg: 'after declaring a year', year, err: error }));
    }
  }
}
