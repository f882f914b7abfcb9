import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { Clock } from '../../common/clock/clock';
import { ListEnterprisesQuery } from '../../enterprises/dto/enterprise.dto';
import { EnterprisesService } from '../../enterprises/enterprises.service';
import { addDays, shanghaiDateOf } from '../../sla/domain/shanghai-date';
import { VISIT_STATUSES } from '../../visits/domain/visit-state';
import { ListVisitsQuery, VISIT_FORMS } from '../../visits/dto/visit.dto';
import { PlanVisitDto } from '../../visits/dto/visit-plan.dto';
import { VisitPlansService } from '../../visits/visit-plans.service';
import { VisitsService } from '../../visits/visits.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { checked, echo, integer, queryAs, readFields, text, validateAs, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { describeError } from '../shared/error-messages';
import { runVisitForm, VISIT_FORM_ACTIONS, visitErrorLines, type VisitFormAction } from './visit-forms';
import { budgetWarningZh, VISIT_ACTION_LABELS, VISIT_CONFIRMATION_LABELS, VISIT_EVENT_LABELS, VISIT_STATUS_LABELS } from './visit-labels';

const LIST_KEYS = ['status', 'active', 'enterpriseId', 'page'] as const;
const W = { status: VISIT_STATUS_LABELS, confirmation: VISIT_CONFIRMATION_LABELS, action: VISIT_ACTION_LABELS, event: VISIT_EVENT_LABELS };
/** How many of an officer's firms the plan form offers in its list (the firm page links straight to it for any other). */
const FIRM_CHOICES = 200;

/**
 * 走访计划 / 走访安排: planners plan, see clashes and the budget warning, merge and log; the firm
 * answers. Every read and change goes through the visit services with the session's user — the
 * same calls as /api/visits — so scoping (404) and versions (409) are the API's.
 */
@ConsoleController()
@Controller('visits')
export class VisitsPagesController {
  constructor(
    private readonly visits: VisitsService,
    private readonly plans: VisitPlansService,
    private readonly enterprises: EnterprisesService,
    private readonly clock: Clock,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  @ConsoleRoles('officer', 'enterprise', 'supervisor', 'admin', 'handler')
  async list(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListVisitsQuery, raw, LIST_KEYS);
    const page = await this.visits.list(session.user, query);
    const firm = session.user.role === 'enterprise';
    await this.pages.page(reply, 'visits/list', {
      title: firm ? '走访安排' : '走访计划',
      firm,
      page,
      filters: echo(raw, LIST_KEYS),
      statuses: VISIT_STATUSES,
      canPlan: session.user.role === 'officer',
      W,
    });
  }

  @Get('new')
  @ConsoleRoles('officer')
  async newForm(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const enterpriseId = typeof raw.enterpriseId === 'string' ? raw.enterpriseId : '';
    await this.renderForm(session, reply, {
      enterpriseId,
      visitDate: addDays(shanghaiDateOf(this.clock.now()), 1),
      form: 'on_site',
    });
  }

  @Post('new')
  @ConsoleRoles('officer')
  async plan(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    const values = {
      enterpriseId: text(body, 'enterpriseId') ?? '',
      visitDate: text(body, 'visitDate') ?? '',
      form: text(body, 'form') ?? 'on_site',
      purpose: text(body, 'purpose') ?? '',
      participants: text(body, 'participants') ?? '',
    };
    try {
      const dto = await validateAs(
        PlanVisitDto,
        readFields(body, {
          enterpriseId: integer,
          visitDate: text,
          form: text,
          purpose: text,
          participants: text,
          overBudgetConfirmed: checked,
        }),
      );
      const result = await this.plans.plan(session.user, dto);
      if (!result.planned || !result.visit) {
        // A warning, not a refusal: the same form again with the budget explained and "仍要安排" to tick.
        return await this.renderForm(session, reply, values, { budget: budgetWarningZh(result.budget), clashes: result.clashes });
      }
      await this.showPlanned(reply, result.visit.id, result.clashes);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === ErrorCode.Internal) throw error;
      const title = describeError({ statusCode: 400, code: error.code, message: error.message }).title;
      await this.renderForm(session, reply, values, { error: { title, lines: visitErrorLines(error) } });
    }
  }

  /** A planned visit's page, telling when other departments visit the same firm that week. */
  private async showPlanned(reply: FastifyReply, visitId: number, clashes: readonly unknown[]): Promise<void> {
    const clashNote = clashes.length ? `；本周另有 ${clashes.length} 个单位安排走访该企业，可在详情页合并为联合走访` : '';
    await this.pages.redirect(reply, `/visits/${visitId}`, { kind: clashes.length ? 'info' : 'success', text: `走访已安排，已通知企业确认${clashNote}` });
  }

  private async renderForm(
    session: ConsoleSession,
    reply: FastifyReply,
    values: Record<string, string>,
    extra: { budget?: string; clashes?: unknown[]; error?: { title: string; lines: string[] } } = {},
  ) {
    const firms = await this.enterprises.list(
      session.user,
      Object.assign(new ListEnterprisesQuery(), { officerId: session.user.id, active: true, pageSize: FIRM_CHOICES }),
    );
    await this.pages.page(reply, 'visits/new', {
      title: '安排走访',
      firms: firms.items,
      values,
      today: shanghaiDateOf(this.clock.now()),
      visitForms: VISIT_FORMS,
      ...extra,
    });
  }

  /** A working group's member plans a visit as the group (the group page's form), naming the firm by its credit code. */
  @Post('group/:groupId')
  @ConsoleRoles('officer', 'supervisor', 'admin', 'handler')
  async planForGroup(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('groupId', ParseIntPipe) groupId: number,
    @Body() body: FormBody,
  ) {
    const back = `/groups/${groupId}#visit-plan`;
    try {
      const code = text(body, 'creditCode') ?? '';
      const dto = await validateAs(PlanVisitDto, {
        enterpriseId: /^[0-9A-Za-z]{18}$/.test(code) ? await this.plans.firmIdForGroupPlan(code) : 0,
        groupId,
        visitDate: text(body, 'visitDate'),
        form: text(body, 'form'),
        purpose: text(body, 'purpose'),
        overBudgetConfirmed: checked(body, 'overBudgetConfirmed'),
      }).catch((error: unknown) => {
        // An unknown or malformed code is the firm field's mistake, said as such.
        if (error instanceof AppError && error.details?.some((d) => d.field === 'enterpriseId'))
          throw AppError.notFound('Enterprise', code);
        throw error;
      });
      const result = await this.plans.plan(session.user, dto);
      if (!result.planned || !result.visit) {
        return await this.pages.redirect(reply, back, {
          kind: 'error',
          text: '未安排：超出每月走访上限',
          details: [budgetWarningZh(result.budget)],
        });
      }
      await this.showPlanned(reply, result.visit.id, result.clashes);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === ErrorCode.Internal) throw error;
      const lines = error.code === ErrorCode.NotFound ? ['未找到该企业，或该企业不在本工作组包联的城市'] : visitErrorLines(error);
      const title = describeError({
        statusCode: 400,
        code: error.code === ErrorCode.NotFound ? ErrorCode.BadRequest : error.code,
        message: error.message,
      }).title;
      await this.pages.redirect(reply, back, { kind: 'error', text: `走访未安排：${title}`, details: lines });
    }
  }

  @Get(':id')
  @ConsoleRoles('officer', 'enterprise', 'supervisor', 'admin', 'handler')
  async detail(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    const [visit, events] = await Promise.all([this.visits.get(session.user, id), this.visits.events(session.user, id)]);
    const may = (action: string) => (visit.allowedActions as string[]).includes(action);
    await this.pages.page(reply, 'visits/detail', {
      title: `${visit.enterpriseName} · 走访`,
      visit,
      events,
      may: Object.fromEntries(visit.allowedActions.map((a) => [a, true])),
      // Merging is the planner's, while the plan is on (the same moment they may cancel it).
      mayMerge: may('cancel') && visit.clashes.length > 0,
      today: shanghaiDateOf(this.clock.now()),
      visitForms: VISIT_FORMS,
      W,
    });
  }

  @Post(':id/:action')
  @ConsoleRoles('officer', 'enterprise', 'supervisor', 'admin', 'handler')
  async act(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('action') action: string,
    @Body() body: FormBody,
  ) {
    if (!(VISIT_FORM_ACTIONS as readonly string[]).includes(action)) throw AppError.notFound('Visit action', action);
    const back = text(body, 'back') === '/home' ? '/home' : `/visits/${id}`;
    await runVisitForm(this.plans, this.pages, reply, session.user, id, action as VisitFormAction, body, back);
  }
}
