import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ListNotificationsQuery } from '../../notifications/dto/notification.dto';
import { NotificationsService } from '../../notifications/notifications.service';
import { ConsoleController, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { echo, queryAs, text, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { withQuery } from '../shared/view-helpers';

const INBOX_KEYS = ['unread', 'page'] as const;
const INBOX_PATH = '/notifications';

/** Only the inbox itself (with its own filters) is a place to go back to after a form. */
export function inboxReturnPath(value: string | undefined): string {
  return value !== undefined && value.length <= 200 && /^\/notifications(\?[A-Za-z0-9=&%._-]*)?$/.test(value) ? value : INBOX_PATH;
}

/**
 * 消息: the signed-in user's in-app inbox, for every role. Reads and changes go through
 * NotificationsService with the session's user — the same calls as /api/notifications — so a
 * notification of someone else is a 404 here exactly as it is there.
 */
@ConsoleController()
@Controller('notifications')
export class NotificationsPagesController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly pages: ConsoleRenderer,
  ) {}

  /** The unread count for the menu's badge, polled by console.js (a small JSON answer, never cached). */
  @Get('unread-count')
  async unreadCount(@Session() session: ConsoleSession, @Res() reply: FastifyReply): Promise<void> {
    const unread = await this.notifications.unreadCount(session.user);
    await reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ unread });
  }

  @Get()
  async inbox(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString): Promise<void> {
    const query = await queryAs(ListNotificationsQuery, raw, INBOX_KEYS);
    const page = await this.notifications.list(session.user, query);
    const filters = echo(raw, INBOX_KEYS);
    // Past the last page (e.g. after marking the last unread ones of it read): go to the last page there is.
    if (!page.items.length && page.total > 0 && page.page > 1) {
      const last = Math.ceil(page.total / page.pageSize);
      return this.pages.redirect(reply, `${INBOX_PATH}${withQuery(filters, { page: last })}`);
    }
    await this.pages.page(reply, 'notifications/inbox', {
      title: '消息',
      page,
      filters,
      unreadOnly: query.unread === true,
      back: `${INBOX_PATH}${withQuery(filters, {})}`,
    });
  }

  @Post('read-all')
  async markAllRead(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody): Promise<void> {
    const updated = await this.notifications.markAllRead(session.user);
    await this.pages.redirect(
      reply,
      inboxReturnPath(text(body, 'back')),
      updated > 0 ? { kind: 'success', text: `已将 ${updated} 条消息标为已读` } : { kind: 'info', text: '没有未读消息' },
    );
  }

  @Post(':id/read')
  async markRead(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ): Promise<void> {
    // Someone else's notification (or a missing one) throws NOT_FOUND: the console's 404 page.
    await this.notifications.markRead(session.user, id);
    await this.pages.redirect(reply, inboxReturnPath(text(body, 'back')), { kind: 'success', text: '消息已标为已读' });
  }
}
