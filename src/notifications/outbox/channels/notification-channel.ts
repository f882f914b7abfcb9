/** One outgoing delivery as the worker hands it to a channel. */
export interface OutboxMessage {
  id: number;
  channel: string;
  /** Where it goes: a URL for the webhook, a phone number for SMS, a WeCom user id. */
  receiver: string;
  /**
   * The delivery id: unique per event and receiver and the same on every attempt. Delivery is
   * at-least-once (a slow receiver or a crash between sending and recording can repeat one), so
   * a receiver deduplicates on it.
   */
  dedupeKey: string;
  eventType: string;
  payload: Record<string, unknown>;
  /** 1 for the first attempt; attempts abandoned by a crashed worker count too. */
  attempt: number;
}

/** What the worker gives a channel for one attempt. */
export interface DeliveryContext {
  /** Aborted when the attempt's time (OUTBOX_DELIVERY_TIMEOUT_SECONDS) is up; pass it to the I/O. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
}

/** What a channel may report about a successful attempt (recorded with it). */
export interface DeliveryReceipt {
  /** The receiver's status code, for channels that have one (HTTP). */
  readonly responseStatus?: number;
}

/** A failed attempt; the worker retries it with backoff. `responseStatus` is recorded when known. */
export class DeliveryError extends Error {
  override readonly name: string = 'DeliveryError';

  constructor(
    message: string,
    readonly responseStatus?: number,
  ) {
    super(message);
  }
}

/**
 * An outgoing channel. Resolving means delivered; throwing (a DeliveryError, ideally) means
 * "not delivered, try again later". A channel must honour `context.signal`.
 */
export interface NotificationChannel {
  readonly name: string;
  deliver(message: OutboxMessage, context: DeliveryContext): Promise<DeliveryReceipt | void>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
