/**
 * Reports frozen in the background, so that no interactive request waits for one: a request that
 * finds an ended month without its report answers from a count and hands the freezing here.
 * Each key is frozen once at a time (a second request for it while it is queued or running joins
 * it), `concurrency` at a time (a freeze is heavy: a province month reads every appeal changed
 * since its end), errors go to `onError` and never reject, and `settled()` waits until nothing
 * is queued or running (shutdown, and tests that want the report that follows an answer).
 */
export class BackgroundFreezes {
  private readonly pending = new Map<string, Promise<void>>();
  private readonly queue: Array<() => void> = [];
  private running = 0;
  private closed = false;

  constructor(
    private readonly onError: (key: string, error: unknown) => void,
    private readonly concurrency = 1,
  ) {}

  /** Queues `work` under `key` unless it is queued or running already; returns false when it was (or when closed). */
  start(key: string, work: () => Promise<unknown>): boolean {
    if (this.closed || this.pending.has(key)) return false;
    const done = new Promise<void>((resolve) => {
      this.queue.push(() => {
        this.running += 1;
        let result: Promise<unknown>;
        try {
          result = work();
        } catch (error) {
          result = Promise.reject(error);
        }
        result
          .catch((error: unknown) => this.onError(key, error))
          .finally(() => {
            this.running -= 1;
            this.pending.delete(key);
            resolve();
            this.next();
          });
      });
    });
    this.pending.set(key, done);
    this.next();
    return true;
  }

  /** Whether `key` is queued or running. */
  has(key: string): boolean {
    return this.pending.has(key);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves once nothing is queued or running, including work queued meanwhile. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending.values()]);
  }

  /** Starts nothing new (what is queued still runs) and waits for the rest. */
  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
  }

  private next(): void {
    while (this.running < this.concurrency && this.queue.length > 0) this.queue.shift()?.();
  }
}
