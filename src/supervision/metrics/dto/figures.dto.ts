import { POLICY_SCORE_METRICS } from '../../../policies/domain/reach-assessment';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERIOD_KINDS, SCORED_METRICS, type PeriodKind } from '../../domain';
import { GROUP_BY_OPTIONS } from './metrics-query.dto';
import { ProvisionalCountsDto, ProvisionalFiguresDto } from './provisional-figures.dto';

/** A rate with its working: numerator / denominator, value rounded to 4 decimals (null when nothing was due). */
export class RatioDto {
  @ApiProperty() numerator: number;
  @ApiProperty() denominator: number;
  @ApiProperty({ nullable: true, type: Number, format: 'double', example: 0.9231 }) value: number | null;
}

/** One co-handling department's task figures (协办任务) for the period; definitions in src/supervision/METRICS.md. */
export class CoTaskRowDto {
  @ApiProperty({ description: 'the department id' }) key: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number, description: 'by the task on-time rate, equal rates share a rank; null when nothing was owed' })
  rank: number | null;
  @ApiProperty({ description: 'tasks due in the period (withdrawn ones excepted)' }) due: number;
  @ApiProperty({ description: 'answered in the period by their deadline' }) deliveredOnTime: number;
  @ApiProperty({ description: 'answered in the period after their deadline' }) deliveredLate: number;
  @ApiProperty({ description: 'due in the period and still open or signed at its end (as of now for a running period)' }) openOverdue: number;
  @ApiProperty({ description: 'waived by a supervisor in the period' }) waived: number;
  @ApiProperty({ description: 'objected to by the department in the period' }) objected: number;
  @ApiProperty({ type: RatioDto, description: 'deliveredOnTime / (deliveredOnTime + deliveredLate + openOverdue)' })
  onTimeRate: RatioDto;
}

/** The co-handling departments ranked for their part (协办单位排名), on the appeals of the scope. */
export class CoTaskRankingDto {
  @ApiProperty({ type: [CoTaskRowDto], description: 'best on-time rate first; unranked departments last' }) rows: CoTaskRowDto[];
}

export class AverageDto {
  @ApiProperty({ type: Number, format: 'double' }) sum: number;
  @ApiProperty() count: number;
  @ApiProperty({ nullable: true, type: Number, format: 'double', example: 4.25 }) value: number | null;
}

export class MetricsDto {
  @ApiProperty({ type: RatioDto }) responseRate: RatioDto;
  @ApiProperty({ type: RatioDto }) onTimeResolutionRate: RatioDto;
  @ApiProperty({ type: RatioDto }) solutionRate: RatioDto;
  @ApiProperty({ type: RatioDto }) partlySolvedShare: RatioDto;
  @ApiProperty({ type: RatioDto }) satisfactionRate: RatioDto;
  @ApiProperty({ type: RatioDto }) basicallySatisfiedShare: RatioDto;
  @ApiProperty({ type: RatioDto }) redoRate: RatioDto;
  @ApiProperty({ type: RatioDto }) objectionRate: RatioDto;
  @ApiProperty({ type: RatioDto }) extensionRate: RatioDto;
  @ApiProperty({ type: AverageDto, description: 'working days, submission to final resolution, suspensions excluded' })
  avgHandlingDays: AverageDto;
  @ApiProperty({ nullable: true, type: Number, format: 'double' }) medianHandlingDays: number | null;
  @ApiProperty() openCount: number;
  @ApiProperty() overdueCount: number;
  @ApiProperty() closedCount: number;
  @ApiProperty() basicallySatisfiedCounts: boolean;
}

export class ClosureTypesDto {
  @ApiProperty({ description: '实质解决' }) resolved: number;
  @ApiProperty({ description: '阶段性解决' }) partlyResolved: number;
  @ApiProperty({ description: '程序办结 / 政策解释' }) explained: number;
}

export class GroupFiguresDto {
  @ApiProperty({ example: '510100', description: 'region code, department / officer / category id, "none" or "all"' }) key: string;
  @ApiProperty({ example: '成都市' }) name: string;
  @ApiProperty({ type: MetricsDto }) metrics: MetricsDto;
  @ApiProperty({ type: ClosureTypesDto }) closureTypes: ClosureTypesDto;
  @ApiProperty() verifiedOnBehalf: number;
  @ApiPropertyOptional({
    minimum: 1,
    description:
      'Appeals closed in the period as duplicates (重复) of the same firm\'s appeal: apart from every rate, the closed count and ' +
      'handling time. Absent when none (reports frozen before duplicates existed stay identical).',
  })
  duplicates?: number;
  @ApiPropertyOptional({
    minimum: 1,
    description:
      'Unsatisfied ratings given in the period that a supervisor ruled unreasonable (不合理差评): left out of the satisfaction rate ' +
      '(its denominator and the dissatisfied / very dissatisfied counts) and counted here apart. Absent when none (reports frozen ' +
      'before rulings existed stay identical).',
  })
  unreasonableRatings?: number;
}

export class PeriodViewDto {
  @ApiProperty({ enum: PERIOD_KINDS }) kind: PeriodKind;
  @ApiProperty({ example: '2026-03' }) key: string;
  @ApiProperty({ example: '2026年3月' }) label: string;
  @ApiProperty({ example: '2026-03-01' }) fromDate: string;
  @ApiProperty({ example: '2026-03-31' }) toDate: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ description: 'counting stopped here: the end, or now for a running period' }) asOf: string;
  @ApiProperty() complete: boolean;
}

export class ScopeDto {
  @ApiProperty({ example: '510000' }) code: string;
  @ApiProperty({ example: '四川省' }) name: string;
  @ApiProperty({ enum: ['province', 'city', 'county'] }) level: string;
}

/**
 * Where a response's figures came from. `frozen`: read from a frozen period report (an ended
 * month), exactly as it was frozen and is or will be published; `live`: counted from the appeals.
 */
export class FiguresSourceDto {
  @ApiProperty({ enum: ['frozen', 'live'] }) kind: 'frozen' | 'live';
  @ApiPropertyOptional({ description: 'frozen: the report read (GET /api/supervision/reports/{id})' }) reportId?: number;
  @ApiPropertyOptional({
    example: '510000',
    description: "frozen: the region of the report read — the scope's own, or the province's when a city or county is cut from it",
  })
  reportRegionCode?: string;
  @ApiPropertyOptional({ enum: ['draft', 'published'], description: 'frozen: the report is a draft or published' })
  reportStatus?: 'draft' | 'published';
  @ApiPropertyOptional({ description: 'frozen: when the report was computed' }) frozenAt?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'frozen: when it was published, null for a draft' })
  publishedAt?: string | null;
  @ApiPropertyOptional({ description: "live: when the figures were counted (now, or the running month's last refresh)" })
  countedAt?: string;
}

export class FiguresResponseDto {
  @ApiProperty({ type: ScopeDto }) scope: ScopeDto;
  @ApiProperty({ type: PeriodViewDto }) period: PeriodViewDto;
  @ApiProperty({ enum: GROUP_BY_OPTIONS }) groupBy: string;
  @ApiProperty({ type: GroupFiguresDto }) total: GroupFiguresDto;
  @ApiProperty({ type: [GroupFiguresDto] }) groups: GroupFiguresDto[];
  @ApiProperty({
    type: FiguresSourceDto,
    description: 'an ended month without filters is read from its frozen report where one holds the grouping',
  })
  source: FiguresSourceDto;
  @ApiProperty({
    type: ProvisionalFiguresDto,
    description: 'how many appeals in the deadline-dependent figures are judged on a provisional deadline (暂定), counted now',
  })
  provisional: ProvisionalFiguresDto;
  @ApiPropertyOptional({
    type: CoTaskRankingDto,
    description:
      'groupBy=department: the co-handling departments\' task figures (协办任务) on the scope\'s appeals, counted from the task table; absent when there are none (or for another grouping or a filter)',
  })
  coHandlerTasks?: CoTaskRankingDto;
}

export class ScorePartDto {
  /** An appeal rate, or (when policies.reach_in_assessment is on, in rankings of regions) a policy reach rate as of the period's end */
  @ApiProperty({ enum: [...Object.keys(SCORED_METRICS), ...POLICY_SCORE_METRICS] }) metric: string;
  @ApiProperty({ type: Number, format: 'double' }) weight: number;
  @ApiProperty({ nullable: true, type: Number, format: 'double' }) value: number | null;
  @ApiProperty({ nullable: true, type: Number, format: 'double' }) goodness: number | null;
  @ApiProperty({ type: Number, format: 'double' }) normalisedWeight: number;
}

export class RankingRowDto extends GroupFiguresDto {
  @ApiProperty({ nullable: true, type: Number }) rank: number | null;
  @ApiProperty({ nullable: true, type: Number, format: 'double', description: 'composite score 0–100' }) score: number | null;
  @ApiProperty({ nullable: true, type: Number }) previousRank: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'places gained since the previous period' }) change: number | null;
  @ApiProperty({ type: [ScorePartDto] }) scoreParts: ScorePartDto[];
}

export class RankingDto {
  @ApiProperty({ enum: ['region', 'department'] }) kind: string;
  @ApiProperty({ enum: GROUP_BY_OPTIONS }) groupBy: string;
  @ApiProperty({ type: ScopeDto }) scope: ScopeDto;
  @ApiProperty({ type: PeriodViewDto }) period: PeriodViewDto;
  @ApiProperty({ type: PeriodViewDto }) previousPeriod: PeriodViewDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', format: 'double' } }) weights: Record<string, number>;
  @ApiProperty({ type: [RankingRowDto] }) rows: RankingRowDto[];
  @ApiProperty({ type: [RankingRowDto], description: '红榜' }) redList: RankingRowDto[];
  @ApiProperty({ type: [RankingRowDto], description: '黑榜, worst first' }) blackList: RankingRowDto[];
  @ApiProperty({
    type: ProvisionalFiguresDto,
    description:
      'how many appeals in the ranked groups\' deadline-dependent figures (response rate, on-time resolution rate, overdue count) are judged on a provisional deadline (暂定), counted now; `groups[].key` is a row\'s `key`',
  })
  provisional: ProvisionalFiguresDto;
}

/** A ranking as GET /rankings answers it: with the scope and where its figures came from. */
export class RankingResponseDto extends RankingDto {
  @ApiProperty({
    type: FiguresSourceDto,
    description: "an ended month's ranking is the one its frozen report holds (for a city's counties: ranked from the province report)",
  })
  source: FiguresSourceDto;
  @ApiPropertyOptional({
    type: CoTaskRankingDto,
    description:
      'kind=department: the co-handling departments ranked by their task on-time rate (协办单位排名), counted from the task table (the same figures a frozen report holds); absent when there are none',
  })
  coHandlerTasks?: CoTaskRankingDto;
}

export class TrendPointDto {
  @ApiProperty({ type: PeriodViewDto }) period: PeriodViewDto;
  @ApiProperty({ type: MetricsDto }) metrics: MetricsDto;
  @ApiProperty({ type: FiguresSourceDto, description: 'ended months of a month trend: the frozen month report; the running month: live' })
  source: FiguresSourceDto;
}

export class TrendDto {
  @ApiProperty({ type: ScopeDto }) scope: ScopeDto;
  @ApiProperty({ enum: PERIOD_KINDS }) kind: string;
  @ApiProperty({ type: [TrendPointDto] }) points: TrendPointDto[];
}

export class DashboardCountsDto {
  @ApiProperty({ description: 'open appeals now' }) open: number;
  @ApiProperty({ description: 'open, red light (overdue)' }) overdue: number;
  @ApiProperty({ description: 'open, yellow light (due soon)' }) dueSoon: number;
  @ApiProperty({ description: 'still submitted past the response limit' }) unaccepted: number;
  @ApiProperty({ description: 'resolved, waiting for the firm' }) awaitingVerification: number;
  @ApiProperty({ description: 'supervision orders not yet replied to' }) ordersAwaitingReply: number;
}

export class DashboardDto {
  @ApiProperty({ type: ScopeDto }) scope: ScopeDto;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: DashboardCountsDto }) counts: DashboardCountsDto;
  @ApiProperty({
    description:
      'when `counts` were taken: the job counts every region once a minute and a dashboard uses those counts for two minutes; ' +
      'equal to `generatedAt` when they were counted for this request (no recent count, e.g. the job is not running)',
    example: '2026-11-20T01:59:12.000Z',
  })
  queuesAsOf: string;
  @ApiProperty({ type: PeriodViewDto }) month: PeriodViewDto;
  @ApiProperty({ type: MetricsDto }) monthMetrics: MetricsDto;
  @ApiProperty({ minimum: 0, description: "this month's unsatisfied ratings ruled unreasonable (不合理差评), left out of monthMetrics.satisfactionRate" })
  monthUnreasonableRatings: number;
  @ApiProperty({
    type: ProvisionalCountsDto,
    description: "how many appeals in this month's deadline-dependent figures are judged on a provisional deadline (暂定)",
  })
  monthProvisional: ProvisionalCountsDto;
  @ApiProperty({ type: [TrendPointDto], description: 'the last six months, this one last' }) trend: TrendPointDto[];
  @ApiPropertyOptional({ type: RankingDto, description: 'cities (province scope) or counties (city scope); absent for a county' })
  ranking?: RankingDto;
}
