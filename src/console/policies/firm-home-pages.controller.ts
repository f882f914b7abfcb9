import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DeliveriesService } from '../../policies/deliveries.service';
import { DELIVERY_STATE_LABELS, OBTAIN_MODE_LABELS } from '../../policies/domain/policy-vocabulary';
import { ListDeliveriesQuery } from '../../policies/dto/delivery.dto';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleSession } from '../session/console-session.service';
import { byNextStep, nextStepFor } from './policy-next-step';
import { ListVisitsQuery } from '../../visits/dto/visit.dto';
import { VisitsService } from '../../visits/visits.service';
import { VISIT_CONFIRMATION_LABELS, VISIT_STATUS_LABELS } from '../visits/visit-labels';

/** Visits to answer shown on the home page (plans to accept or move, logs to confirm); the rest are on 走访安排 (/visits). */
const HOME_VISITS = 20;

/** Shown on the home page; the rest are on 我的政策 (/policies/deliveries). */
const HOME_POLICIES = 50;

/**
 * The firm's home page (an enterprise user's landing page): the policies it is entitled to with
 * their delivery state and what to do next — confirm, apply, wait — those to act on first, with
 * the confirmations at hand; the visits planned to it that it should answer (走访安排) and logged
 * visits to confirm, in 待您处理; and the way to its appeals.
 */
@ConsoleController()
@Controller('home')
export class FirmHomePagesController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly visits: VisitsService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  @ConsoleRoles('enterprise')
  async home(@Session() session: ConsoleSession, @Res() reply: FastifyReply) {
    const query = Object.assign(new ListDeliveriesQuery(), { pageSize: HOME_POLICIES, eligible: true });
    const [page, visits] = await Promise.all([
      this.deliveries.list(session.user, query),
      // 待您处理 · 走访安排: plans awaiting the firm's answer and logged visits awaiting its confirmation, soonest first.
      Promise.all([
        this.visits.list(session.user, Object.assign(new ListVisitsQuery(), { active: true, pageSize: HOME_VISITS })),
        this.visits.list(session.user, Object.assign(new ListVisitsQuery(), { status: 'done', pageSize: HOME_VISITS })),
      ]).then(([plans, done]) =>
        [...plans.items, ...done.items]
          .filter((v) => v.allowedActions.includes('accept') || (v.allowedActions.includes('confirm') && v.confirmation === 'pending'))
          .sort((a, b) => (a.visitDate < b.visitDate ? -1 : a.visitDate > b.visitDate ? 1 : a.id - b.id)),
      ),
    ]);
    const policies = byNextStep(page.items.map((d) => ({ ...d, next: nextStepFor(d) })));
    await this.pages.page(reply, 'policies/firm-home', {
      title: '企业首页',
      policies,
      total: page.total,
      toDo: policies.filter((p) => p.next.kind === 'act').length,
      visits,
      visitStatus: VISIT_STATUS_LABELS,
      visitConfirmation: VISIT_CONFIRMATION_LABELS,
      W: { state: DELIVERY_STATE_LABELS, obtainMode: OBTAIN_MODE_LABELS },
      confirm: { informed: '确认已知悉', applied: '确认已申请', benefited: '确认已兑现', exempt: '确认免申' },
    });
  }
}
