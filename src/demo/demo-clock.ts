import { Clock } from '../common/clock/clock';

/**
 * The demo drives the real use cases through simulated weeks so warning lights, overdue cases
 * and the ladder look like a running system; once the data is loaded the clock follows real time.
 */
export class DemoClock extends Clock {
  private pinned: Date | null = null;

  now(): Date {
    return this.pinned ? new Date(this.pinned.getTime()) : new Date();
  }

  pin(instant: Date): void {
    this.pinned = new Date(instant.getTime());
  }

  release(): void {
    this.pinned = null;
  }
}
