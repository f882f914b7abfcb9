import { Controller, Get, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DeliveriesService } from '../../policies/deliveries.service';
import { DELIVERY_STATE_LABELS, OBTAIN_MODE_LABELS } from '../../policies/domain/policy-vocabulary';
import { ListDeliveriesQuery } from '../../policies/dto/delivery.dto';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import type { ConsoleSession } from '../session/console-session.service';
import { byNextStep, nextStepFor } from './policy-next-step';

/** Shown on the home page; the rest are on 我的政策 (/policies/deliveries). */
const HOME_POLICIES = 50;

/**
 * The firm's home page (an enterprise user's landing page): the policies it is entitled to with
 * their delivery state and what to do next — confirm, apply, wait — those to act on first, with
 * the confirmations at hand; and the way to its appeals.
 */
@ConsoleController()
@Controller('home')
export class FirmHomePagesController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  @ConsoleRoles('enterprise')
  async home(@Session() session: ConsoleSession, @Req() request: ConsoleRequest, @Res() reply: FastifyReply) {
    const query = Object.assign(new ListDeliveriesQuery(), { pageSize: HOME_POLICIES, eligible: true });
    const page = await this.deliveries.list(session.user, query);
    const policies = byNextStep(page.items.map((d) => ({ ...d, next: nextStepFor(d) })));
    await this.pages.page(request, reply, 'policies/firm-home', {
      title: '企业首页',
      policies,
      total: page.total,
      toDo: policies.filter((p) => p.next.kind === 'act').length,
      W: { state: DELIVERY_STATE_LABELS, obtainMode: OBTAIN_MODE_LABELS },
      confirm: { informed: '确认已知悉', applied: '确认已申请', benefited: '确认已兑现', exempt: '确认免申' },
    });
  }
}
