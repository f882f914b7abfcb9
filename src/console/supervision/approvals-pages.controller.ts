import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppealsService } from '../../appeals/appeals.service';
import { ListAppealsQuery } from '../../appeals/dto/appeal-read.dto';
import { Clock } from '../../common/clock/clock';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { echo, queryAs, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { ListPickers } from '../shared/list-pickers';

const KEYS = ['q', 'pending', 'regionCode', 'departmentId', 'officerId', 'page', 'pageSize'] as const;

/** Where the inline approve / deny forms come back to (AppealsPagesController.act accepts only this prefix). */
export const APPROVALS_PATH = '/supervision/approvals';

/**
 * The supervisors' approval inbox (待审批): every extension and objection waiting in reach, with
 * what is asked, by which department, since when, and the decision inline — through the same
 * action forms and use case as the appeal page.
 */
@ConsoleController()
@Controller()
export class ApprovalsPagesController {
  constructor(
    private readonly appeals: AppealsService,
    private readonly pickers: ListPickers,
    private readonly clock: Clock,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get('supervision/approvals')
  @ConsoleRoles('supervisor', 'admin')
  async inbox(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListAppealsQuery, raw, KEYS);
    query.open = true;
    const [page, pickers] = await Promise.all([this.appeals.pendingDecisions(session.user, query), this.pickers.for(session.user)]);
    const departmentNames = new Map(pickers.departments.map((d) => [Number(d.value), d.text]));
    const now = this.clock.now().getTime();
    const rows = page.items.map((item) => {
      const asked = item.pendingExtension ?? item.pendingObjection;
      const objectionBy = item.pendingObjection ? departmentNames.get(item.pendingObjection.departmentId) : undefined;
      return {
        ...item,
        askedBy: objectionBy ?? item.leadDepartmentName ?? '—',
        waitedHours: asked ? Math.max(0, Math.floor((now - new Date(asked.requestedAt).getTime()) / 3_600_000)) : null,
      };
    });
    const back = `${APPROVALS_PATH}${new URLSearchParams(echo(raw, KEYS)).size ? `?${new URLSearchParams(echo(raw, KEYS)).toString()}` : ''}`;
    await this.pages.page(reply, 'supervision/approvals', {
      title: '待审批（延期 / 退单）',
      page,
      rows,
      pickers,
      back,
      filters: echo(raw, KEYS),
    });
  }
}
