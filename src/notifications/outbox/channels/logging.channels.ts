import { Injectable, Logger } from '@nestjs/common';
import type { NotificationChannel, OutboxMessage } from './notification-channel';

/**
 * A channel whose gateway contract does not exist yet: it only logs each delivery, so the outbox,
 * retries and dedupe are exercised end to end and a real gateway is one class away.
 */
abstract class LoggingChannel implements NotificationChannel {
  abstract readonly name: string;
  private readonly logger = new Logger(this.constructor.name);

  async deliver(message: OutboxMessage): Promise<void> {
    this.logger.log({
      msg: `${this.name} (logging channel)`,
      to: message.receiver,
      deliveryId: message.dedupeKey,
      text: message.payload.text,
    });
  }
}

/** SMS behind the channel interface (logging only, see LoggingChannel). */
@Injectable()
export class SmsChannel extends LoggingChannel {
  readonly name = 'sms';
}

/** WeCom (企业微信) application messages (logging only, see LoggingChannel). */
@Injectable()
export class WeComChannel extends LoggingChannel {
  readonly name = 'wecom';
}
