import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppealsService } from '../../appeals/appeals.service';
import { ListAppealsQuery } from '../../appeals/dto/appeal-read.dto';
import { Clock } from '../../common/clock/clock';
import { ListEnterprisesQuery } from '../../enterprises/dto/enterprise.dto';
import { INDUSTRIES, TAGS } from '../../enterprises/domain/enterprise-vocabulary';
import { EnterprisesService } from '../../enterprises/enterprises.service';
import { CoverageService } from '../../officers/coverage/coverage.service';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import { CreateVisitDto, ListVisitsQuery, VISIT_FORMS } from '../../visits/dto/visit.dto';
import { VisitsService } from '../../visits/visits.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { echo, queryAs, text, validateAs, yesNo, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { VISIT_CONFIRMATION_LABELS, VISIT_STATUS_LABELS } from '../visits/visit-labels';
import { isFixableRefusal, refusalFlash } from '../shared/refusal-flash';

const FIRM_KEYS = ['q', 'regionCode', 'industry', 'tag', 'hasOfficer', 'page'] as const;
/** The list's own filter: unvisited=month keeps the firms with no visit since the month's first day (本月未走访). */
const LIST_KEYS = [...FIRM_KEYS, 'unvisited'] as const;

/** Officers' firms (coverage, last visit, visit log) and the register in reach for supervisors and admins. */
@ConsoleController()
@Controller('firms')
export class FirmsPagesController {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly visits: VisitsService,
    private readonly coverage: CoverageService,
    private readonly appeals: AppealsService,
    private readonly clock: Clock,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  @ConsoleRoles('officer', 'supervisor', 'admin')
  async list(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const user = session.user;
    const query = await queryAs(ListEnterprisesQuery, raw, FIRM_KEYS);
    const mine = user.role === 'officer';
    if (mine) Object.assign(query, { officerId: user.id, active: true });
    const monthStart = `${shanghaiDateOf(this.clock.now()).slice(0, 8)}01`;
    const unvisited = raw.unvisited === 'month';
    if (unvisited) query.notVisitedSince = monthStart;
    const page = await this.enterprises.list(user, query);
    // The latest visit made to each firm on this page (not a plan): one small indexed read per firm (at most a page).
    const lastVisits = await Promise.all(
      page.items.map((f) =>
        this.visits.list(user, Object.assign(new ListVisitsQuery(), { enterpriseId: f.id, status: 'done', pageSize: 1 })).then((p) => p.items[0] ?? null),
      ),
    );
    const coverage = mine ? null : await this.coverage.summary(user, {});
    // An officer's month: how many of their firms, and how many of them have no visit yet (two counts).
    const own = (extra: Partial<ListEnterprisesQuery>) =>
      this.enterprises
        .list(user, Object.assign(new ListEnterprisesQuery(), { officerId: user.id, active: true, pageSize: 1 }, extra))
        .then((p) => p.total);
    const [ownFirms, unvisitedFirms] = mine ? await Promise.all([own({}), own({ notVisitedSince: monthStart })]) : [null, null];
    await this.pages.page(reply, 'firms/list', {
      title: mine ? '我的企业' : '企业',
      mine,
      page,
      firms: page.items.map((firm, i) => ({
        firm,
        lastVisit: lastVisits[i],
        visitedThisMonth: lastVisits[i] ? lastVisits[i].visitDate >= monthStart : false,
      })),
      coverage,
      ownFirms,
      unvisitedFirms,
      unvisited,
      filters: echo(raw, LIST_KEYS),
      industries: INDUSTRIES,
      tags: TAGS,
    });
  }

  @Get(':id')
  @ConsoleRoles('officer', 'supervisor', 'admin')
  async detail(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    const user = session.user;
    const firm = await this.enterprises.get(user, id);
    const [visits, appeals] = await Promise.all([
      this.visits.list(user, Object.assign(new ListVisitsQuery(), { enterpriseId: id, pageSize: 20 })),
      this.appeals.list(user, Object.assign(new ListAppealsQuery(), { enterpriseId: id, sort: '-submitted', pageSize: 20 })),
    ]);
    await this.pages.page(reply, 'firms/detail', {
      title: firm.name,
      firm,
      visits,
      appeals,
      isOfficer: user.role === 'officer' && firm.officer?.id === user.id,
      today: shanghaiDateOf(this.clock.now()),
      visitForms: VISIT_FORMS,
      visitStatus: VISIT_STATUS_LABELS,
      visitConfirmation: VISIT_CONFIRMATION_LABELS,
    });
  }

  @Post(':id/visits')
  @ConsoleRoles('officer')
  async logVisit(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    try {
      const dto = await validateAs(CreateVisitDto, {
        enterpriseId: id,
        visitDate: text(body, 'visitDate'),
        form: text(body, 'form'),
        participants: text(body, 'participants'),
        notes: text(body, 'notes'),
        problemsFound: yesNo(body, 'problemsFound') ?? false,
      });
      const visit = await this.visits.create(session.user, dto);
      // Problems found go straight to the submission form, linked to this visit.
      if (dto.problemsFound) {
        await this.pages.redirect(reply, `/appeals/new?visitId=${visit.id}`, { kind: 'success', text: '走访已记录，请录入发现的问题' });
      } else {
        await this.pages.redirect(reply, `/firms/${id}`, { kind: 'success', text: '走访已记录，企业确认属实后计入走访覆盖' });
      }
    } catch (error) {
      if (!isFixableRefusal(error)) throw error;
      await this.pages.redirect(reply, `/firms/${id}`, refusalFlash(error, '走访未记录'));
    }
  }
}
