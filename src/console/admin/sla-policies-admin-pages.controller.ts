import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CategoriesService } from '../../categories/categories.service';
import { CreateSlaPolicyDto, ListSlaPoliciesQuery } from '../../sla/policies/dto/sla-policy.dto';
import { SlaPoliciesService } from '../../sla/policies/sla-policies.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { integer, text, validateAs, type FormBody } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { attemptAdminChange } from './admin-form';

/** SLA policies (时限策略): current versions (or the history) and a new version, through SlaPoliciesService. */
@ConsoleController()
@ConsoleRoles('admin')
@Controller('admin/sla-policies')
export class SlaPoliciesAdminPagesController {
  constructor(
    private readonly policies: SlaPoliciesService,
    private readonly categories: CategoriesService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  async list(@Res() reply: FastifyReply, @Query('history') history?: string) {
    const policies = await this.policies.list(Object.assign(new ListSlaPoliciesQuery(), { currentOnly: history !== 'true' }));
    await this.pages.page(reply, 'admin/sla-policies', {
      title: '时限策略',
      policies,
      history: history === 'true',
      categories: await this.categories.list(),
    });
  }

  @Post()
  async create(@Session() s: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    await attemptAdminChange(this.pages, reply, '/admin/sla-policies', '保存时限策略', async () => {
      const dto = await validateAs(CreateSlaPolicyDto, {
        categoryId: integer(body, 'categoryId') ?? null,
        urgency: text(body, 'urgency'),
        level: text(body, 'level') ?? null,
        responseAmount: integer(body, 'responseAmount'),
        responseUnit: text(body, 'responseUnit'),
        resolutionDays: integer(body, 'resolutionDays'),
        resolutionDaysCohandled: integer(body, 'resolutionDaysCohandled'),
        verificationDays: integer(body, 'verificationDays'),
      });
      const p = await this.policies.create(s.user, dto);
      return `已生效：第 ${p.policyVersion} 版（已在办的诉求仍按原版本计时）`;
    });
  }
}
