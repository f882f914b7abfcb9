import { Module } from '@nestjs/common';
import { AppealEventNotifier } from './appeal-event-notifier';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { SmsChannel, WeComChannel } from './outbox/channels/logging.channels';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './outbox/channels/notification-channel';
import { WebhookChannel } from './outbox/channels/webhook.channel';
import { SubscriptionWebhookChannel } from '../integrations/webhooks/subscription.channel';
import { SubscriptionsRepository } from '../integrations/webhooks/subscriptions.repository';
import { OutboxWorkerCron } from './outbox/outbox-worker.cron';
import { OutboxWorker } from './outbox/outbox-worker.service';
import { OutboxRepository } from './outbox/outbox.repository';

/** The in-app inbox, the outbox of outgoing deliveries and the worker that sends them. */
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    AppealEventNotifier,
    OutboxRepository,
    OutboxWorker,
    OutboxWorkerCron,
    WebhookChannel,
    SmsChannel,
    WeComChannel,
    // Webhook subscriptions' deliveries (src/integrations/webhooks) go through the same outbox.
    SubscriptionsRepository,
    SubscriptionWebhookChannel,
    {
      provide: NOTIFICATION_CHANNELS,
      inject: [WebhookChannel, SmsChannel, WeComChannel, SubscriptionWebhookChannel],
      useFactory: (...channels: NotificationChannel[]) => channels,
    },
  ],
  exports: [AppealEventNotifier, OutboxWorker, NotificationsService],
})
export class NotificationsModule {}
