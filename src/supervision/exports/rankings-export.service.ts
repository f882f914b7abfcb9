import { Injectable, Logger } from '@nestjs/common';
import type * as ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import type { Sourced } from '../frozen/frozen-figures';
import type { CoTaskRanking } from '../metrics/co-task-figures.service';
import type { RankingRow } from '../metrics/figures.service';
import type { RankingWithProvisional } from '../metrics/provisional-figures.repository';
import { MetricsService } from '../metrics/metrics.service';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { resolvePeriod } from '../shared/period-query';
import { resolveScope, type SupervisionScope } from '../shared/supervision-scope';
import type { RankingsExportQueryDto } from './dto/export-query.dto';
import { streamWorkbook } from './xlsx-stream';
import { safeCells } from '../../common/domain/spreadsheet-text';

const RATE_COLUMNS = [
  { header: '响应及时率', metric: 'responseRate' },
  { header: '按时办结率', metric: 'onTimeResolutionRate' },
  { header: '问题解决率', metric: 'solutionRate' },
  { header: '满意率', metric: 'satisfactionRate' },
  { header: '重办率', metric: 'redoRate' },
  { header: '退单率', metric: 'objectionRate' },
  { header: '延期率', metric: 'extensionRate' },
] as const;

const SHEET_NAMES = { region: '地区排名', department: '部门排名' } as const;
const CO_TASK_SHEET = '协办单位排名';

@Injectable()
export class RankingsExportService {
  private readonly logger = new Logger(RankingsExportService.name);

  constructor(
    private readonly metrics: MetricsService,
    private readonly names: GroupNamesRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes the rankings first (errors answer as JSON), then writes one sheet per ranking. They are
   * exactly what `GET /rankings` answers: for an ended month the ranking as its frozen report
   * holds it (the published ranking), else counted; each sheet's title says which.
   */
  async export(user: AuthUser, query: RankingsExportQueryDto): Promise<{ stream: Readable; label: string }> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const period = resolvePeriod(query, now);
    const kinds = query.kind?.length
      ? query.kind
      : scope.level === 'county'
        ? (['department'] as const)
        : (['region', 'department'] as const);
    const rankings = await Promise.all(
      kinds.map((kind) =>
        this.metrics.rankings(user, { period: query.period, key: query.key, from: query.from, to: query.to, regionCode: scope.code, kind }),
      ),
    );
    const stream = streamWorkbook(this.logger, 'rankings', async (xlsx) => {
      for (const ranking of rankings) this.writeSheet(xlsx.workbook.addWorksheet(SHEET_NAMES[ranking.kind]), ranking, scope);
      // The co-handling departments ranked for their part (#20), beside the department ranking.
      const departments = rankings.find((ranking) => ranking.kind === 'department');
      if (departments?.coHandlerTasks) {
        writeCoTaskSheet(xlsx.workbook.addWorksheet(CO_TASK_SHEET), departments.coHandlerTasks, `${scope.name} ${departments.period.label}`);
      }
    });
    return { stream, label: `${scope.name}${period.label}` };
  }

  private writeSheet(sheet: ExcelJS.Worksheet, ranking: Sourced<RankingWithProvisional>, scope: SupervisionScope): void {
    const source =
      ranking.source.kind === 'frozen'
        ? `，${ranking.source.publishedAt ? '已发布' : '草稿'}报告 #${ranking.source.reportId}`
        : `，实时统计于 ${ranking.source.countedAt.slice(0, 19).replace('T', ' ')} UTC`;
    const title = `${scope.name} ${ranking.period.label} ${SHEET_NAMES[ranking.kind]}（截至 ${ranking.period.asOf.slice(0, 10)}${source}）`;
    sheet.addRow(safeCells([title])).commit();
    const headers = [
      '排名',
      '名称',
      '综合得分',
      '上期排名',
      '名次变化',
      '榜单',
      ...RATE_COLUMNS.map((c) => c.header),
      '平均办理工作日',
      '未办结',
      '超期',
      '办结',
      '不合理差评',
      '暂定时限',
    ];
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    header.commit();
    const red = new Set(ranking.redList.map((r) => r.key));
    const black = new Set(ranking.blackList.map((r) => r.key));
    const provisional = new Map(ranking.provisional.groups.map((g) => [g.key, g]));
    for (const row of ranking.rows) {
      const list = [red.has(row.key) ? '红榜' : '', black.has(row.key) ? '黑榜' : ''].filter(Boolean).join('、');
      const cells = sheet.addRow(
        safeCells([
          row.rank ?? '',
          row.name,
          row.score ?? '',
          row.previousRank ?? '',
          row.change ?? '',
          list,
          ...RATE_COLUMNS.map((c) => rateCell(row, c.metric)),
          row.metrics.avgHandlingDays.value ?? '',
          row.metrics.openCount,
          row.metrics.overdueCount,
          row.metrics.closedCount,
          row.unreasonableRatings ?? 0,
          provisionalCell(provisional.get(row.key)),
        ]),
      );
      RATE_COLUMNS.forEach((_, i) => (cells.getCell(7 + i).numFmt = '0.00%'));
      cells.commit();
    }
    sheet.addRow([]).commit();
    const weights = Object.entries(ranking.weights)
      .map(([metric, weight]) => `${RATE_COLUMNS.find((c) => c.metric === metric)?.header ?? metric} ${weight}`)
      .join('，');
    sheet.addRow(safeCells([`综合得分权重：${weights}；无数据的指标不参与计分，其余权重按比例折算。`])).commit();
    sheet.addRow(safeCells(['「不合理差评」为督办认定的不合理不满意评价件数，不计入满意率的分母，单独列示。'])).commit();
    if (provisional.size) {
      sheet
        .addRow(
          safeCells([
            '「暂定时限」列出的诉求按暂定时限判定（节假日安排尚未公布，按周末休息推算）：节假日安排公布后时限自动重算，相关指标和排名可能变化。',
          ]),
        )
        .commit();
    }
    sheet.commit();
  }
}

function rateCell(row: RankingRow, metric: (typeof RATE_COLUMNS)[number]['metric']): number | string {
  return row.metrics[metric].value ?? '';
}

/** Which of the group's deadline-dependent figures count appeals judged on a provisional deadline (暂定), and how many. */
function provisionalCell(counts: { responseRate: number; onTimeResolutionRate: number; overdueCount: number } | undefined): string {
  if (!counts) return '';
  return [
    counts.responseRate ? `响应及时率 ${counts.responseRate} 件` : '',
    counts.onTimeResolutionRate ? `按时办结率 ${counts.onTimeResolutionRate} 件` : '',
    counts.overdueCount ? `超期 ${counts.overdueCount} 件` : '',
  ]
    .filter(Boolean)
    .join('、');
}

/** 协办单位排名: each co-handling department's tasks of the period and its on-time rate (METRICS.md, "Co-handler tasks"). */
function writeCoTaskSheet(sheet: ExcelJS.Worksheet, ranking: CoTaskRanking, title: string): void {
  sheet.addRow(safeCells([`${title} ${CO_TASK_SHEET}（按协办任务按时反馈率）`])).commit();
  const header = sheet.addRow(['排名', '协办单位', '按时反馈率', '到期任务', '按时反馈', '逾期反馈', '超期未反馈', '免除', '异议']);
  header.font = { bold: true };
  header.commit();
  for (const row of ranking.rows) {
    const cells = sheet.addRow(
      safeCells([
        row.rank ?? '',
        row.name,
        row.onTimeRate.value ?? '',
        row.due,
        row.deliveredOnTime,
        row.deliveredLate,
        row.openOverdue,
        row.waived,
        row.objected,
      ]),
    );
    cells.getCell(3).numFmt = '0.00%';
    cells.commit();
  }
  sheet.addRow([]).commit();
  sheet
    .addRow(
      safeCells([
        '按时反馈率 = 本期按时反馈 ÷（本期按时反馈 + 本期逾期反馈 + 本期到期仍未反馈）；免除和异议的任务不计入。按协办任务表统计（每个时间只写一次），已结束期间与冻结报表一致。',
      ]),
    )
    .commit();
  sheet.commit();
}
