import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PERIOD_KINDS } from '../../supervision/domain/periods';
import type { Metrics } from '../../supervision/domain';
import { CreateReportDto, ListReportsQuery, SNAPSHOT_STATUSES } from '../../supervision/reports/dto/report.dto';
import { ReportsService } from '../../supervision/reports/reports.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { echo, queryAs, readFields, text, validateAs, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { metricCards } from './supervision-view';
import { isFixableRefusal, refusalFlash } from '../shared/refusal-flash';

const LIST_KEYS = ['periodKind', 'status', 'regionCode', 'page'] as const;
export const PERIOD_KIND_LABELS: Record<string, string> = { week: '周', xun: '旬', month: '月', quarter: '季度', year: '年', custom: '自定义' };
export const SNAPSHOT_STATUS_LABELS: Record<string, string> = { draft: '草稿', published: '已发布' };

interface FrozenGroup {
  key: string;
  name: string;
  metrics: Metrics;
  /** Ratings ruled unreasonable (不合理差评); absent when none. */
  unreasonableRatings?: number;
}

/**
 * Frozen period reports (冻结报表) for supervisors: the list in reach, freezing an ended period,
 * one report's figures as frozen, a verification that recomputes them, and publishing — all
 * through ReportsService, the same calls as /api/supervision/reports.
 */
@ConsoleController()
@ConsoleRoles('supervisor', 'admin')
@Controller('reports')
export class ReportsPagesController {
  constructor(
    private readonly reports: ReportsService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get()
  async list(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListReportsQuery, raw, LIST_KEYS);
    const page = await this.reports.list(session.user, query);
    await this.pages.page(reply, 'supervision/reports', {
      title: '冻结报表',
      page,
      filters: echo(raw, LIST_KEYS),
      kinds: PERIOD_KINDS.filter((k) => k !== 'custom'),
      statuses: SNAPSHOT_STATUSES,
      kindLabels: PERIOD_KIND_LABELS,
      statusLabels: SNAPSHOT_STATUS_LABELS,
    });
  }

  @Post()
  async create(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    try {
      const dto = await validateAs(CreateReportDto, readFields(body, { periodKind: text, key: text, regionCode: text }));
      const report = await this.reports.create(session.user, dto);
      await this.pages.redirect(reply, `/reports/${report.id}`, { kind: 'success', text: `已生成 ${report.periodKey} 报表（草稿）` });
    } catch (error) {
      await this.failed(reply, '/reports', '生成报表', error);
    }
  }

  @Get(':id')
  async view(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Query('verify') verify?: string,
  ) {
    const report = await this.reports.get(session.user, id);
    const figures = report.figures as { total?: FrozenGroup; groups?: Record<string, FrozenGroup[]>; coHandlerTasks?: unknown };
    const verification = verify ? await this.reports.verify(session.user, id) : null;
    const groups = Object.entries(figures.groups ?? {}).map(([column, rows]) => ({
      column,
      rows: [...(rows ?? [])].sort((a, b) => (b.metrics?.onTimeResolutionRate?.value ?? -1) - (a.metrics?.onTimeResolutionRate?.value ?? -1)),
    }));
    await this.pages.page(reply, 'supervision/report', {
      title: `${report.periodKey} ${PERIOD_KIND_LABELS[report.periodKind] ?? report.periodKind}报表`,
      report,
      cards: figures.total?.metrics ? metricCards(figures.total.metrics, figures.total.unreasonableRatings ?? 0) : [],
      groups,
      coTaskRanking: figures.coHandlerTasks ?? null,
      verification,
      kindLabels: PERIOD_KIND_LABELS,
      statusLabels: SNAPSHOT_STATUS_LABELS,
    });
  }

  @Post(':id/publish')
  async publish(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    try {
      await this.reports.publish(session.user, id);
      await this.pages.redirect(reply, `/reports/${id}`, { kind: 'success', text: '报表已发布，此后不再改变' });
    } catch (error) {
      await this.failed(reply, `/reports/${id}`, '发布报表', error);
    }
  }

  private async failed(reply: FastifyReply, back: string, what: string, error: unknown): Promise<void> {
    if (!isFixableRefusal(error)) throw error;
    await this.pages.redirect(reply, back, refusalFlash(error, `${what}未完成`));
  }
}
