import { Module } from '@nestjs/common';
import { AppealEventNotifier } from './appeal-event-notifier';
import { NotificationsRepository } from './notifications.repository';

/** The in-app inbox and the outbox of outgoing deliveries. */
@Module({
  providers: [NotificationsRepository, AppealEventNotifier],
  exports: [AppealEventNotifier],
})
export class NotificationsModule {}
