import { Body, Controller, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { ClientsService } from '../../integrations/clients/clients.service';
import {
  CreateSubscriptionDto,
  RotateSubscriptionSecretDto,
  UpdateSubscriptionDto,
} from '../../integrations/webhooks/dto/subscription.dto';
import { SubscriptionsService } from '../../integrations/webhooks/subscriptions.service';
import { validatePicked } from '../pickers/picked-form';
import { RegionChoices } from '../pickers/region-choices';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import {
  checked,
  integer,
  queryAs,
  readFields,
  text,
  texts,
  validateAs,
  yesNo,
  type FormBody,
  type QueryString,
} from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { attemptAdminChange, renderAdminPage, type Refusal } from './admin-form';
import { AdminRecordPages } from './admin-list-pages';
import {
  DELIVERY_STATUS_TEXT,
  EVENT_TYPE_CHOICES,
  attemptIntegrationForm,
  OVERLAP_CHOICES,
  overlapText,
  showSecretOnce,
  unconfirmed,
} from './integration-forms';

/**
 * Webhook subscriptions for admins: every client's and the deployment-wide one (WEBHOOK_URL).
 * Create, edit, disable, delete, rotate the signing secret (shown once), send a test event and
 * read the per-subscription delivery log — all through SubscriptionsService, as the API does.
 */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/webhooks')
export class WebhooksAdminPagesController extends AdminRecordPages {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly clients: ClientsService,
    private readonly regionChoices: RegionChoices,
    pages: ConsoleRenderer,
  ) {
    super(pages);
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString, @Body() body: FormBody) {
    await attemptIntegrationForm(
      async () => {
        const dto = await validatePicked(
          CreateSubscriptionDto,
          readFields(body, { clientId: integer, url: text, eventTypes: texts, regionCode: text }),
          [await this.regionChoices.problem(s.user, text(body, 'regionCode'))],
        );
        const created = await this.subscriptions.create(s.user, dto);
        await showSecretOnce(this.pages, reply, {
          title: `事件推送订阅 #${created.id} 已创建`,
          kind: 'webhook',
          secret: created.secret,
          url: created.url,
          back: `/admin/webhooks/${created.id}`,
        });
      },
      (refused) => this.renderList(s, reply, raw, { ...refused, values: { ...body, eventTypes: texts(body, 'eventTypes') } }),
    );
  }

  @Post(':id')
  async update(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptIntegrationForm(
      async () => {
        const current = await this.subscriptions.get(s.user, id);
        // The deployment-wide subscription follows WEBHOOK_URL: its form only switches it on or off.
        const fixed = current.kind === 'deployment';
        const dto = await validateAs(UpdateSubscriptionDto, {
          url: fixed ? undefined : text(body, 'url'),
          eventTypes: fixed ? undefined : texts(body, 'eventTypes'),
          active: yesNo(body, 'active'),
        });
        await this.subscriptions.update(s.user, id, dto);
        await this.pages.redirect(reply, `/admin/webhooks/${id}`, { kind: 'success', text: '订阅已保存' });
      },
      (refused) => this.renderDetail(s, reply, id, {}, { ...refused, values: { ...body, eventTypes: texts(body, 'eventTypes') } }),
    );
  }

  @Post(':id/delete')
  async remove(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    if (!checked(body, 'confirm')) {
      return this.renderDetail(s, reply, id, {}, unconfirmed('删除订阅未完成', '删除前请勾选确认：尚未投递的事件将不再投递'));
    }
    await attemptIntegrationForm(
      async () => {
        await this.subscriptions.remove(s.user, id);
        await this.pages.redirect(reply, '/admin/webhooks', { kind: 'success', text: `订阅 #${id} 已删除` });
      },
      (refused) => this.renderDetail(s, reply, id, {}, refused),
    );
  }

  @Post(':id/secrets')
  async rotate(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptIntegrationForm(
      async () => {
        const dto = await validateAs(RotateSubscriptionSecretDto, { overlapSeconds: integer(body, 'overlapSeconds') });
        const rotated = await this.subscriptions.rotateSecret(s.user, id, dto);
        await showSecretOnce(this.pages, reply, {
          title: `订阅 #${id} 的新签名密钥`,
          kind: 'webhook',
          rotated: true,
          overlapText: overlapText(dto.overlapSeconds),
          secret: rotated.secret,
          url: rotated.url,
          back: `/admin/webhooks/${id}`,
        });
      },
      (refused) => this.renderDetail(s, reply, id, {}, refused),
    );
  }

  @Post(':id/test')
  async sendTest(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    await attemptAdminChange(this.pages, reply, `/admin/webhooks/${id}`, '发送测试事件', async () => {
      const { deliveryId } = await this.subscriptions.sendTest(s.user, id);
      return `测试事件已排队（投递编号 ${deliveryId}），随下一轮投递发出，稍后刷新查看投递记录`;
    });
  }

  private async clientChoices() {
    const page = await this.clients.list(Object.assign(new PageQueryDto(), { page: 1, pageSize: 200 }));
    return page.items;
  }

  protected async renderList(s: ConsoleSession, reply: FastifyReply, raw: QueryString, refused?: Refusal) {
    const [page, clients, regions] = await Promise.all([
      this.subscriptions.list(s.user, await queryAs(PageQueryDto, raw, ['page'])),
      this.clientChoices(),
      this.regionChoices.for(s.user),
    ]);
    await renderAdminPage(
      this.pages,
      reply,
      'admin/webhooks',
      {
        title: '事件推送订阅',
        page,
        clients: clients.filter((c) => c.status === 'active'),
        clientNames: Object.fromEntries(clients.map((c) => [c.id, c.name])),
        eventTypeChoices: EVENT_TYPE_CHOICES,
        regions,
        // The client a list link was opened for (?clientId=) is the new subscription's preset.
        values: refused?.values ?? { clientId: typeof raw.clientId === 'string' ? raw.clientId : '', eventTypes: [] },
      },
      refused,
    );
  }

  protected async renderDetail(s: ConsoleSession, reply: FastifyReply, id: number, raw: QueryString, refused?: Refusal) {
    const subscription = await this.subscriptions.get(s.user, id);
    const [deliveries, client] = await Promise.all([
      this.subscriptions.deliveries(s.user, id, await queryAs(PageQueryDto, raw, ['page'])),
      subscription.clientId === null ? null : this.clients.get(subscription.clientId),
    ]);
    await renderAdminPage(
      this.pages,
      reply,
      'admin/webhook',
      {
        title: `事件推送订阅 #${subscription.id}`,
        sub: subscription,
        client,
        deliveries,
        deliveryStatusText: DELIVERY_STATUS_TEXT,
        // A type set through the API that the list does not offer stays visible (and kept when saved).
        eventTypeChoices: [
          ...EVENT_TYPE_CHOICES,
          ...subscription.eventTypes.filter((t) => !EVENT_TYPE_CHOICES.some((c) => c.value === t)).map((t) => ({ value: t, text: t })),
        ],
        overlapChoices: OVERLAP_CHOICES,
        values: {
          url: subscription.url,
          eventTypes: subscription.eventTypes,
          active: subscription.status === 'active' ? 'true' : 'false',
          ...refused?.values,
        },
      },
      refused,
    );
  }
}
