import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Role } from '../../common/auth/role';
import { Clock } from '../../common/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { NotificationsService } from '../../notifications/notifications.service';
import { CoverageWarningsService } from '../../sla/calendar/coverage-warnings.service';
import { cookieOptions, FLASH_COOKIE } from '../session/session-cookie';
import { VOCABULARY } from '../shared/labels';
import type { ConsoleRequest } from './console-request';

export type FlashKind = 'success' | 'error' | 'info';

export interface Flash {
  kind: FlashKind;
  text: string;
  details?: string[];
}

interface NavItem {
  href: string;
  text: string;
  /** A count shown next to the text (the unread messages). */
  badge?: number;
}

/** The menu per role; pages check roles themselves, the menu only leaves out what would be refused. */
const NAV: Record<Role, NavItem[]> = {
  enterprise: [
    { href: '/appeals', text: '我的诉求' },
    { href: '/appeals/new', text: '提交诉求' },
    { href: '/visits', text: '走访安排' },
    { href: '/policies/deliveries', text: '我的政策' },
  ],
  officer: [
    { href: '/work', text: '待办诉求' },
    { href: '/firms', text: '我的企业' },
    { href: '/visits', text: '走访计划' },
    { href: '/appeals', text: '诉求查询' },
    { href: '/appeals/new', text: '代企业提交' },
    { href: '/policies/deliveries', text: '待送政策' },
    { href: '/projects', text: '重点项目' },
    { href: '/groups', text: '包联工作组' },
  ],
  handler: [
    { href: '/work', text: '本单位待办' },
    { href: '/co-handler-tasks', text: '本单位协办任务' },
    { href: '/appeals', text: '诉求查询' },
    { href: '/common-problems', text: '牵头共性问题' },
    { href: '/projects', text: '重点项目' },
  ],
  supervisor: [
    { href: '/dashboard', text: '督办看板' },
    { href: '/supervision/queues/overdue', text: '超期督办' },
    { href: '/work', text: '辖区在办' },
    { href: '/supervision/approvals', text: '待审批(延期/退单)' },
    { href: '/appeals', text: '诉求查询' },
    { href: '/firms', text: '企业' },
    { href: '/visits', text: '走访' },
    { href: '/common-problems/pool', text: '共性问题池' },
    { href: '/common-problems', text: '共性问题' },
    { href: '/common-problems/topics', text: '每期一题' },
    { href: '/supervision/exports', text: '台账导出' },
    { href: '/reports', text: '冻结报表' },
    { href: '/supervision/integrity', text: '诚信预警' },
    { href: '/policies', text: '政策' },
    { href: '/projects', text: '重点项目' },
    { href: '/groups', text: '包联工作组' },
  ],
  admin: [
    { href: '/dashboard', text: '督办看板' },
    { href: '/appeals', text: '诉求查询' },
    { href: '/firms', text: '企业' },
    { href: '/admin/users', text: '用户' },
    { href: '/admin/departments', text: '责任单位' },
    { href: '/admin/categories', text: '诉求类别' },
    { href: '/admin/routing-rules', text: '交办规则' },
    { href: '/admin/task-forces', text: '专班管理' },
    { href: '/admin/sla-policies', text: '时限策略' },
    { href: '/admin/calendar', text: '工作日历' },
    { href: '/admin/import', text: '企业导入' },
    { href: '/admin/clients', text: '接口客户端' },
    { href: '/admin/webhooks', text: '事件推送' },
    { href: '/policies', text: '政策' },
    { href: '/projects', text: '重点项目' },
    { href: '/groups', text: '包联工作组' },
  ],
};

/** Who sees the calendar warning on every page: those who enter the schedule and those who supervise deadlines. */
const CALENDAR_BANNER_ROLES: ReadonlySet<Role> = new Set<Role>(['admin', 'supervisor']);

/** Every role's last item: the user's own inbox, with the unread count. */
const INBOX: NavItem = { href: '/notifications', text: '消息' };

/** The menu with the one item the page belongs to marked: the longest href that is the path or a prefix of it. */
function navFor(role: Role, path: string, unread: number | null): Array<NavItem & { active: boolean }> {
  const items = [...NAV[role], { ...INBOX, badge: unread ?? undefined }];
  const matches = (href: string) => path === href || path.startsWith(`${href}/`);
  const best = items.filter((item) => matches(item.href)).sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((item) => ({ ...item, active: item === best }));
}

/**
 * Scripts only from our own origin (no inline script, no eval), so an injected string can never
 * run; styles may be inline because ECharts positions its tooltip with style attributes.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Renders console pages with the context every template needs, and carries flash messages across redirects. */
@Injectable()
export class ConsoleRenderer {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly calendarCoverage: CoverageWarningsService,
  ) {}

  /** Renders `template` as the answer to the request `reply` belongs to. */
  async page(reply: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200): Promise<void> {
    const request = reply.request as ConsoleRequest;
    const session = request.consoleSession;
    const user: AuthUser | undefined = session?.user;
    const path = request.url.split('?')[0];
    // The badge is best effort: an error page must still render when the count cannot be read.
    const inboxUnread = user ? await this.notifications.unreadCount(user).catch(() => null) : null;
    const calendarBanner = user && CALENDAR_BANNER_ROLES.has(user.role) ? await this.calendarBanner() : null;
    const context = {
      ...data,
      me: user,
      csrfToken: session?.csrfToken,
      nav: user ? navFor(user.role, path, inboxUnread) : [],
      inboxUnread,
      calendarBanner,
      flash: this.takeFlash(request, reply),
      path,
      now: this.clock.now(),
      L: VOCABULARY,
    };
    const html = await reply.viewAsync(`${template}.njk`, context);
    void reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', CSP)
      .header('referrer-policy', 'same-origin');
    await reply.send(html);
  }

  /** The warning before (or after) the working-day calendar runs out; best effort like the badge. */
  private async calendarBanner(): Promise<{ level: string; text: string } | null> {
    const state = await this.calendarCoverage.state().catch(() => null);
    if (!state || state.status === 'ok') return null;
    if (state.lastDay === null || state.daysRemaining === null) {
      return { level: 'critical', text: '工作日历为空：所有时限均按暂定计算，请管理员录入节假日安排。' };
    }
    const next = Number(state.lastDay.slice(0, 4)) + 1;
    const text =
      state.daysRemaining >= 0
        ? `工作日历将于 ${state.lastDay} 到期（剩 ${state.daysRemaining} 天）：请尽快录入 ${next} 年节假日安排。到期后超出日历的时限按周末休息暂定计算。`
        : `工作日历已于 ${state.lastDay} 到期：超出日历的时限按暂定计算（暂定），录入 ${next} 年节假日安排后自动重算。`;
    return { level: state.status, text };
  }

  /** 303 so the browser follows with GET: reloading the next page never re-posts the form. */
  async redirect(reply: FastifyReply, location: string, flash?: Flash): Promise<void> {
    if (flash) this.setFlash(reply, flash);
    await reply.status(303).header('location', location).header('cache-control', 'no-store').send();
  }

  setFlash(reply: FastifyReply, flash: Flash): void {
    // A cookie holds about 4 KB: keep the message short enough to always fit.
    const trimmed: Flash = {
      kind: flash.kind,
      text: flash.text.slice(0, 300),
      details: flash.details?.slice(0, 8).map((d) => d.slice(0, 160)),
    };
    const value = Buffer.from(JSON.stringify(trimmed)).toString('base64url');
    void reply.setCookie(FLASH_COOKIE, value, cookieOptions(this.config.COOKIE_SECURE, 60));
  }

  private takeFlash(request: ConsoleRequest, reply: FastifyReply): Flash | null {
    const raw = request.cookies?.[FLASH_COOKIE];
    if (!raw) return null;
    void reply.clearCookie(FLASH_COOKIE, cookieOptions(this.config.COOKIE_SECURE));
    try {
      const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Flash>;
      const kind: FlashKind = parsed.kind === 'success' || parsed.kind === 'error' ? parsed.kind : 'info';
      const details = Array.isArray(parsed.details) ? parsed.details.map(String).slice(0, 20) : undefined;
      return typeof parsed.text === 'string' ? { kind, text: parsed.text.slice(0, 500), details } : null;
    } catch {
      return null;
    }
  }
}
