import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CategoriesService } from '../../categories/categories.service';
import { AppError } from '../../common/errors/app-error';
import { IssueSupervisionOrderDto, ReplySupervisionOrderDto } from '../../supervision/orders/dto/supervision-order.dto';
import { SupervisionOrdersService } from '../../supervision/orders/supervision-orders.service';
import { APPEAL_STATUSES } from '../../appeals/domain';
import { LedgerQueryDto, RankingsExportQueryDto } from '../../supervision/exports/dto/export-query.dto';
import { LedgerExportService } from '../../supervision/exports/ledger-export.service';
import { RankingsExportService } from '../../supervision/exports/rankings-export.service';
import { MetricsQueryDto, RankingsQueryDto, TrendQueryDto } from '../../supervision/metrics/dto/metrics-query.dto';
import { MetricsService } from '../../supervision/metrics/metrics.service';
import { QueueQueryDto } from '../../supervision/queues/dto/queue.dto';
import { QUEUES } from '../../supervision/queues/queues.repository';
import { QueuesService } from '../../supervision/queues/queues.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { echo, integer, queryAs, readFields, text, validateAs, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { ListPickers } from '../shared/list-pickers';
import { RegionChoices } from '../pickers/region-choices';
import { Clock } from '../../common/clock/clock';
import { distributionCharts, regionBars, trendCharts } from './dashboard-chart-view';
import { DashboardPageQueryDto, periodPicker } from './dashboard-period';
import { metricCards, QUEUE_LABELS, rankingView } from './supervision-view';
import { isFixableRefusal, refusalFlash } from '../shared/refusal-flash';
import { sendWorkbook } from '../http/send-workbook';

const LEDGER_KEYS = ['status', 'open', 'categoryId', 'regionCode', 'departmentId', 'submittedFrom', 'submittedTo'] as const;
const RANKING_KEYS = ['period', 'key', 'from', 'to', 'regionCode'] as const;
const QUEUE_KEYS = ['regionCode', 'departmentId', 'officerId', 'page', 'pageSize'] as const;

/** Supervisors' pages: the dashboard, the queues, supervision orders and the XLSX exports — all from the supervision services. */
@ConsoleController()
@Controller()
export class SupervisionPagesController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: QueuesService,
    private readonly orders: SupervisionOrdersService,
    private readonly ledger: LedgerExportService,
    private readonly rankings: RankingsExportService,
    private readonly categories: CategoriesService,
    private readonly pickers: ListPickers,
    private readonly regionChoices: RegionChoices,
    private readonly pages: ConsoleRenderer,
    private readonly clock: Clock,
  ) {}

  /**
   * The dashboard of a region in reach (default: the supervisor's own) for a period. The running
   * month is the precomputed dashboard; any other week / 旬 / month / quarter is asked of the
   * same metrics services the API answers from (frozen reports where they hold it). The open
   * counts and their distribution are always as of now.
   */
  @Get('dashboard')
  @ConsoleRoles('supervisor', 'admin')
  async dashboard(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(DashboardPageQueryDto, raw, ['regionCode', 'period', 'key']);
    const { period, picker } = periodPicker(query, this.clock.now());
    const user = session.user;
    const regionCode = query.regionCode;
    const selected = { period: picker.kind, key: picker.key };
    // First the precomputed dashboard (fast; it also checks the region is in reach and says
    // whether it has regions below it to rank), then what the chosen period needs.
    const dashboard = await this.metrics.dashboard(user, { regionCode });
    const ranks = dashboard.ranking !== undefined;
    const [distribution, departments, chosen] = await Promise.all([
      this.queues.openDistribution(user, regionCode),
      this.metrics.rankings(user, Object.assign(new RankingsQueryDto(), { kind: 'department', regionCode, ...selected })),
      picker.isDefault
        ? null
        : Promise.all([
            this.metrics.metrics(user, Object.assign(new MetricsQueryDto(), { groupBy: 'total', regionCode, ...selected })),
            ranks ? this.metrics.rankings(user, Object.assign(new RankingsQueryDto(), { kind: 'region', regionCode, ...selected })) : undefined,
            this.metrics.trend(user, Object.assign(new TrendQueryDto(), { kind: picker.kind, to: period.toDate, regionCode })),
          ]),
    ]);
    const [figures, ranking, trend] = chosen ?? [null, dashboard.ranking, { points: dashboard.trend }];
    const metrics = figures ? figures.total.metrics : dashboard.monthMetrics;
    await this.pages.page(reply, 'supervision/dashboard', {
      title: '督办看板',
      d: dashboard,
      picker,
      metrics,
      provisional: figures ? figures.provisional.total : dashboard.monthProvisional,
      cards: metricCards(metrics, figures ? (figures.total.unreasonableRatings ?? 0) : dashboard.monthUnreasonableRatings),
      regionRanking: rankingView(ranking),
      departmentRanking: rankingView(departments),
      coTaskRanking: departments.coHandlerTasks ?? null,
      trend: trendCharts(trend.points),
      distribution: distributionCharts(distribution),
      regionBars: ranking ? regionBars(ranking, dashboard.scope.level) : null,
      periodQuery: new URLSearchParams({ period: picker.kind, key: picker.key }).toString(),
      /** Looking at a region below one's own: a way back up. */
      belowOwn: regionCode !== undefined && regionCode !== user.regionCode,
    });
  }

  @Get('supervision/queues/:queue')
  @ConsoleRoles('supervisor', 'admin')
  async queue(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('queue') queue: string, @Query() raw: QueryString) {
    if (!(QUEUES as readonly string[]).includes(queue)) throw AppError.notFound('Queue', queue);
    const query = await queryAs(QueueQueryDto, raw, QUEUE_KEYS);
    const [page, pickers] = await Promise.all([this.queues.list(session.user, queue, query), this.pickers.for(session.user)]);
    const filters = echo(raw, QUEUE_KEYS);
    await this.pages.page(reply, 'supervision/queue', {
      title: QUEUE_LABELS[queue],
      queue,
      // Switching queue keeps the region / department / officer chosen.
      queues: QUEUES.map((name) => ({ name, label: QUEUE_LABELS[name] })),
      scope: new URLSearchParams(echo(raw, ['regionCode', 'departmentId', 'officerId'])).toString(),
      page,
      pickers,
      filters,
    });
  }

  @Post('appeals/:id/supervision-orders')
  @ConsoleRoles('supervisor')
  async issueOrder(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    try {
      const dto = await validateAs(IssueSupervisionOrderDto, readFields(body, { note: text, replyDueDays: integer }));
      await this.orders.issue(session.user, id, dto);
      await this.pages.redirect(reply, `/appeals/${id}`, { kind: 'success', text: '督办单已下发' });
    } catch (error) {
      await this.redirectWithError(reply, `/appeals/${id}`, '下发督办单', error);
    }
  }

  @Post('supervision-orders/:orderId/reply')
  @ConsoleRoles('handler')
  async replyOrder(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('orderId', ParseIntPipe) orderId: number,
    @Body() body: FormBody,
  ) {
    const back = `/appeals/${Number(integer(body, 'appealId')) || ''}`;
    try {
      const dto = await validateAs(ReplySupervisionOrderDto, { reply: text(body, 'reply') });
      const order = await this.orders.reply(session.user, orderId, dto);
      await this.pages.redirect(reply, `/appeals/${order.appealId}`, { kind: 'success', text: '督办回复已提交' });
    } catch (error) {
      await this.redirectWithError(reply, back === '/appeals/' ? '/work' : back, '回复督办单', error);
    }
  }

  @Get('supervision/exports')
  @ConsoleRoles('supervisor', 'admin')
  async exports(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const filters = echo(raw, [...LEDGER_KEYS, 'period', 'key']);
    await this.pages.page(reply, 'supervision/exports', {
      title: '台账与排名导出',
      filters,
      regions: await this.regionChoices.for(session.user),
      statuses: APPEAL_STATUSES,
      categories: await this.categories.list(),
      ledgerQuery: new URLSearchParams(echo(raw, LEDGER_KEYS)).toString(),
      rankingQuery: new URLSearchParams(echo(raw, ['period', 'key', 'regionCode'])).toString(),
    });
  }

  @Get('supervision/exports/ledger.xlsx')
  @ConsoleRoles('supervisor', 'admin')
  async ledgerXlsx(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(LedgerQueryDto, raw, LEDGER_KEYS);
    const stream = await this.ledger.export(session.user, query);
    await sendWorkbook(reply, stream, 'ledger.xlsx', '问题台账.xlsx');
  }

  @Get('supervision/exports/rankings.xlsx')
  @ConsoleRoles('supervisor', 'admin')
  async rankingsXlsx(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(RankingsExportQueryDto, raw, RANKING_KEYS);
    const { stream, label } = await this.rankings.export(session.user, query);
    await sendWorkbook(reply, stream, 'rankings.xlsx', `${label}排名.xlsx`);
  }

  private async redirectWithError(reply: FastifyReply, location: string, what: string, error: unknown): Promise<void> {
    if (!isFixableRefusal(error)) throw error;
    await this.pages.redirect(reply, location, refusalFlash(error, `${what}未完成`));
  }
}
