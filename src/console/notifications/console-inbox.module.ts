import { Module } from '@nestjs/common';
import { NotificationsRepository } from '../../notifications/notifications.repository';
import { NotificationsService } from '../../notifications/notifications.service';

/**
 * The inbox service for the console (the page and the unread badge in the menu). The
 * notifications module does not export its service, so the console gets its own instance of the
 * same stateless service and repository: the same queries, always scoped to the signed-in user.
 */
@Module({
  providers: [NotificationsRepository, NotificationsService],
  exports: [NotificationsService],
})
export class ConsoleInboxModule {}
