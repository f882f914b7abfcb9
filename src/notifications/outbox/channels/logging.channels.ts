import { Injectable, Logger } from '@nestjs/common';
import type { NotificationChannel, OutboxMessage } from './notification-channel';

/**
 * SMS behind the channel interface. Until a gateway contract exists it only logs, so the
 * outbox, retries and dedupe are exercised end to end and a real gateway is one class away.
 */
@Injectable()
export class SmsChannel implements NotificationChannel {
  readonly name = 'sms';
  private readonly logger = new Logger(SmsChannel.name);

  async deliver(message: OutboxMessage): Promise<void> {
    this.logger.log({ msg: 'sms (logging channel)', to: message.receiver, deliveryId: message.dedupeKey, text: message.payload.text });
  }
}

/** WeCom (企业微信) application messages; logging only for now, like SmsChannel. */
@Injectable()
export class WeComChannel implements NotificationChannel {
  readonly name = 'wecom';
  private readonly logger = new Logger(WeComChannel.name);

  async deliver(message: OutboxMessage): Promise<void> {
    this.logger.log({ msg: 'wecom (logging channel)', to: message.receiver, deliveryId: message.dedupeKey, text: message.payload.text });
  }
}
