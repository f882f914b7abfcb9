import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { Page, pageOf } from '../common/pagination/page-query.dto';
import { ListNotificationsQuery, NotificationDto } from './dto/notification.dto';
import { NotificationsRepository } from './notifications.repository';

/** The in-app inbox: every user sees only their own notifications. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, query: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    const [items, total] = await this.notifications.listInbox(
      user.id,
      query.unread ?? false,
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return pageOf(items, total, query);
  }

  unreadCount(user: AuthUser): Promise<number> {
    return this.notifications.countUnread(user.id);
  }

  /** Someone else's notification answers 404, exactly like a missing one. */
  async markRead(user: AuthUser, id: number): Promise<void> {
    if (!(await this.notifications.markRead(user.id, id, this.clock.now()))) throw AppError.notFound('Notification', id);
  }

  markAllRead(user: AuthUser): Promise<number> {
    return this.notifications.markAllRead(user.id, this.clock.now());
  }
}
