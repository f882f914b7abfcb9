/** One outgoing delivery as the worker hands it to a channel. */
export interface OutboxMessage {
  id: number;
  channel: string;
  /** Where it goes: a URL for the webhook, a phone number for SMS, a WeCom user id. */
  receiver: string;
  /** Unique per event and receiver; sent along so a receiver can drop a repeated delivery. */
  dedupeKey: string;
  eventType: string;
  payload: Record<string, unknown>;
  attempt: number;
}

/** An outgoing channel. Throwing means "not delivered, try again later". */
export interface NotificationChannel {
  readonly name: string;
  deliver(message: OutboxMessage): Promise<void>;
}

export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
