import { Body, Controller, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { DepartmentsService } from '../../departments/departments.service';
import { ClientsService } from '../../integrations/clients/clients.service';
import { CreateClientDto, RotateSecretDto, UpdateClientDto } from '../../integrations/clients/dto/client.dto';
import { SubscriptionsService } from '../../integrations/webhooks/subscriptions.service';
import { RegionsService } from '../../regions/regions.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { checked, integer, queryAs, readFields, text, texts, validateAs, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { EnterprisesService } from '../../enterprises/enterprises.service';
import { type FirmField, readFirmField } from '../pickers/firm-field';
import { validatePicked } from '../pickers/picked-form';
import { RegionChoices } from '../pickers/region-choices';
import { activeDepartments, attemptAdminChange, renderAdminPage, type Refusal } from './admin-form';
import { AdminRecordPages } from './admin-list-pages';
import {
  CLIENT_AUDIT_TEXT,
  CLIENT_ROLE_CHOICES,
  attemptIntegrationForm,
  OVERLAP_CHOICES,
  overlapText,
  SCOPE_CHOICES,
  SCOPE_TEXT,
  SECRET_STATE_TEXT,
  showSecretOnce,
  unconfirmed,
} from './integration-forms';

/** The token endpoint as another system calls it, shown beside a new secret. */
const TOKEN_PATH = '/api/oauth/token';

/**
 * Machine clients (another system: a 12345 hotline, a city platform) for admins: register one
 * (its secret shown on the answer page only), rotate its secret with the API's overlap, revoke a
 * secret or the client, and read its audit. Every change goes through ClientsService, exactly as
 * POST /api/clients and its siblings do.
 */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/clients')
export class ClientsAdminPagesController extends AdminRecordPages {
  constructor(
    private readonly clients: ClientsService,
    private readonly subscriptions: SubscriptionsService,
    private readonly regions: RegionsService,
    private readonly departments: DepartmentsService,
    private readonly regionChoices: RegionChoices,
    private readonly enterprises: EnterprisesService,
    pages: ConsoleRenderer,
  ) {
    super(pages);
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString, @Body() body: FormBody) {
    const role = text(body, 'role');
    await attemptIntegrationForm(
      async () => {
        // The other role's field may still hold what was chosen before the role changed.
        const firm: FirmField = role === 'enterprise' ? await readFirmField(this.enterprises, s.user, body, 'enterpriseId') : { problem: null };
        const dto = await validatePicked(
          CreateClientDto,
          {
            name: text(body, 'name'),
            source: text(body, 'source'),
            role,
            regionCode: text(body, 'regionCode'),
            departmentId: role === 'handler' ? integer(body, 'departmentId') : undefined,
            enterpriseId: firm.id,
            scopes: texts(body, 'scopes'),
          },
          [await this.regionChoices.problem(s.user, text(body, 'regionCode')), firm.problem],
        );
        const created = await this.clients.create(s.user, dto);
        await showSecretOnce(this.pages, reply, {
          title: `客户端 ${created.name} 已注册`,
          ...this.secretOf(created),
          back: `/admin/clients/${created.id}`,
        });
      },
      (refused) => this.renderList(s, reply, raw, { ...refused, values: { ...body, scopes: texts(body, 'scopes') } }),
    );
  }

  @Post(':id')
  async update(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptIntegrationForm(
      async () => {
        const dto = await validateAs(UpdateClientDto, readFields(body, { name: text, scopes: texts }));
        await this.clients.update(s.user, id, dto);
        await this.pages.redirect(reply, `/admin/clients/${id}`, { kind: 'success', text: '已保存；已签发的令牌立即失去被移除的权限' });
      },
      (refused) => this.renderDetail(s, reply, id, {}, { ...refused, values: { ...body, scopes: texts(body, 'scopes') } }),
    );
  }

  /** Rotate: a new secret, shown on the answer page only; the current ones keep working for the overlap chosen. */
  @Post(':id/secrets')
  async rotate(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await attemptIntegrationForm(
      async () => {
        const dto = await validateAs(RotateSecretDto, { overlapSeconds: integer(body, 'overlapSeconds') });
        const rotated = await this.clients.rotate(s.user, id, dto);
        await showSecretOnce(this.pages, reply, {
          title: `客户端 ${rotated.name} 的新密钥`,
          ...this.secretOf(rotated),
          rotated: true,
          overlapText: overlapText(dto.overlapSeconds),
          back: `/admin/clients/${id}`,
        });
      },
      (refused) => this.renderDetail(s, reply, id, {}, { ...refused, values: { ...body, form: 'rotate' } }),
    );
  }

  @Post(':id/secrets/:secretId/revoke')
  async revokeSecret(
    @Session() s: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('secretId', ParseIntPipe) secretId: number,
  ) {
    await attemptAdminChange(this.pages, reply, `/admin/clients/${id}`, '吊销密钥', async () => {
      await this.clients.revokeSecret(s.user, id, secretId);
      return `密钥 #${secretId} 已吊销，用它签发的令牌立即失效`;
    });
  }

  @Post(':id/revoke')
  async revoke(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    if (!checked(body, 'confirm')) {
      const refused = unconfirmed('吊销客户端未完成', '吊销前请勾选确认：吊销后该客户端的所有密钥和令牌立即失效，且不能恢复');
      return this.renderDetail(s, reply, id, {}, { ...refused, values: { form: 'revoke' } });
    }
    await attemptAdminChange(this.pages, reply, `/admin/clients/${id}`, '吊销客户端', async () => {
      const client = await this.clients.revoke(s.user, id);
      return `客户端 ${client.name} 已吊销：所有密钥和令牌立即失效，记录和审计保留`;
    });
  }

  /** The part of the secret's page that says which client it is for and how it gets a token. */
  private secretOf(client: { clientId: string; clientSecret: string; scopes: string[] }) {
    return { kind: 'client', clientId: client.clientId, secret: client.clientSecret, tokenPath: TOKEN_PATH, scopes: client.scopes.join(' ') } as const;
  }

  protected async renderList(s: ConsoleSession, reply: FastifyReply, raw: QueryString, refused?: Refusal) {
    const page = await this.clients.list(await queryAs(PageQueryDto, raw, ['page']));
    await renderAdminPage(
      this.pages,
      reply,
      'admin/clients',
      {
        title: '接口客户端',
        page,
        regionNames: await this.regionNames(page.items.map((c) => c.regionCode)),
        roles: CLIENT_ROLE_CHOICES,
        scopeChoices: SCOPE_CHOICES,
        regions: await this.regionChoices.for(s.user),
        departments: await activeDepartments(this.departments, s.user),
        values: refused?.values ?? { scopes: [] },
      },
      refused,
    );
  }

  protected async renderDetail(s: ConsoleSession, reply: FastifyReply, id: number, raw: QueryString, refused?: Refusal) {
    const client = await this.clients.get(id);
    const [audit, subscriptions, regionNames] = await Promise.all([
      this.clients.audit(id, await queryAs(PageQueryDto, raw, ['page'])),
      this.subscriptionsOf(s, id),
      this.regionNames([client.regionCode]),
    ]);
    await renderAdminPage(
      this.pages,
      reply,
      'admin/client',
      {
        title: `接口客户端 ${client.name}`,
        client,
        regionName: regionNames[client.regionCode],
        audit,
        auditText: CLIENT_AUDIT_TEXT,
        secretStateText: SECRET_STATE_TEXT,
        scopeText: SCOPE_TEXT,
        scopeChoices: SCOPE_CHOICES,
        overlapChoices: OVERLAP_CHOICES,
        subscriptions,
        values: { name: client.name, scopes: client.scopes, ...refused?.values },
      },
      refused);
  }

  /** The client's subscriptions (admins see every one; a deployment has a handful per client). */
  private async subscriptionsOf(s: ConsoleSession, clientId: number) {
    const all = await this.subscriptions.list(s.user, Object.assign(new PageQueryDto(), { page: 1, pageSize: 200 }));
    return all.items.filter((item) => item.clientId === clientId);
  }

  private async regionNames(codes: string[]): Promise<Record<string, string>> {
    const names: Record<string, string> = {};
    for (const code of new Set(codes)) names[code] = (await this.regions.get(code).catch(() => null))?.name ?? code;
    return names;
  }
}
