import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { Page } from '../common/pagination/page-query.dto';
import { ListNotificationsQuery, NotificationDto, ReadAllDto, UnreadCountDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { ApiPagedResponse } from '../common/http/openapi/api-docs.decorators';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** My inbox, newest first */
  @Get()
  @ApiPagedResponse(NotificationDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    return this.notifications.list(user, query);
  }

  /** The badge on the bell */
  @Get('unread-count')
  async unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return { count: await this.notifications.unreadCount(user) };
  }

  /** Mark all my notifications read */
  @Post('read-all')
  @HttpCode(200)
  async readAll(@CurrentUser() user: AuthUser): Promise<ReadAllDto> {
    return { updated: await this.notifications.markAllRead(user) };
  }

  /** Mark one of my notifications read */
  @Post(':id/read')
  @HttpCode(204)
  markRead(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.notifications.markRead(user, id);
  }
}
