/**
 * Whether this process is shutting down. Set by the signal handler before anything stops, read by
 * the HTTP hook that turns requests away during the drain. One per application instance.
 */
export class ShutdownState {
  private startedAt: Date | null = null;

  begin(): void {
    this.startedAt ??= new Date();
  }

  get shuttingDown(): boolean {
    return this.startedAt !== null;
  }
}
