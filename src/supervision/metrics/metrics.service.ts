import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { isEnded, periodContaining, periodsBetween, previousPeriod, type Period } from '../domain';
import { liveSource, type FiguresSource } from '../frozen/figures-source';
import { FrozenFigures, type Sourced } from '../frozen/frozen-figures';
import { ReportSnapshotsRepository } from '../reports/report-snapshots.repository';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { countingEnd, resolvePeriod } from '../shared/period-query';
import type { ReportSettings } from '../shared/report-settings';
import { resolveScope, scopeView, type ScopeView, type SupervisionScope } from '../shared/supervision-scope';
import type { Dashboard, TrendPoint } from './dashboard-view';
import { MetricsQueryDto, RankingsQueryDto, TrendQueryDto } from './dto/metrics-query.dto';
import type { DashboardQueryDto } from './dto/metrics-query.dto';
import { CoTaskFiguresService, type CoTaskRanking } from './co-task-figures.service';
import { DashboardService, trendPoint } from './dashboard.service';
import { FiguresService, type FiguresResult, type Ranking } from './figures.service';
import type { AppealFilter, GroupColumn } from './metric-counts.repository';
import {
  ProvisionalFiguresRepository,
  provisionalFromGroups,
  type ProvisionalFigures,
  type RankingWithProvisional,
} from './provisional-figures.repository';

export type { ProvisionalFigures, RankingWithProvisional } from './provisional-figures.repository';
export { provisionalFromGroups } from './provisional-figures.repository';

export type { Dashboard, TrendPoint } from './dashboard-view';
export { scopeView, type ScopeView } from '../shared/supervision-scope';

/** A trend longer than this is a request for a data dump, not a chart. */
export const MAX_TREND_POINTS = 60;
const TREND_DEFAULT_POINTS = 6;

/**
 * Metrics, rankings and trends. An ended month is read from the frozen month reports wherever a
 * report holds the figures asked for (see FrozenFigures); everything else is counted from the
 * appeals. Every answer says which (`source`).
 */
@Injectable()
export class MetricsService {
  private readonly frozen: FrozenFigures;

  constructor(
    private readonly figures: FiguresService,
    private readonly names: GroupNamesRepository,
    private readonly dashboards: DashboardService,
    private readonly clock: Clock,
    snapshots: ReportSnapshotsRepository,
    private readonly provisional: ProvisionalFiguresRepository,
    private readonly coTasks: CoTaskFiguresService,
  ) {
    this.frozen = new FrozenFigures(snapshots, dashboards, figures);
  }

  /** A supervisor's region in one call (see DashboardService). */
  dashboard(user: AuthUser, query: DashboardQueryDto): Promise<Dashboard> {
    return this.dashboards.dashboard(user, query);
  }

  /** An ended month without filters from its frozen report when one holds the grouping; else counted. */
  async metrics(
    user: AuthUser,
    query: MetricsQueryDto,
  ): Promise<Sourced<FiguresResult> & { scope: ScopeView; provisional: ProvisionalFigures; coHandlerTasks?: CoTaskRanking }> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const period = resolvePeriod(query, now);
    const groupBy: GroupColumn = query.groupBy === 'region' ? this.figures.regionGrouping(scope) : query.groupBy;
    const settings = await this.figures.currentSettings();
    const filter = { departmentId: query.departmentId, officerId: query.officerId, categoryId: query.categoryId };
    const unfiltered = Object.values(filter).every((value) => value === undefined);
    const provisional = this.provisionalOf(user, { ...filter, regionCode: scope.code }, period, groupBy, now);
    // By department, unfiltered: the co-handling departments' task figures beside the lead departments' (#20).
    const coTasks = groupBy === 'department' && unfiltered ? this.coTaskPart(scope, period, now) : Promise.resolve({});
    if (unfiltered && FrozenFigures.applies(period, now)) {
      const frozen = await this.frozen.metrics(scope, period, groupBy, settings, now);
      if (frozen) return { scope: scopeView(scope), ...frozen, provisional: await provisional, ...(await coTasks) };
    }
    const result = await this.figures.compute(user, scope, filter, period, groupBy, settings, now);
    return { scope: scopeView(scope), ...result, source: liveSource(now), provisional: await provisional, ...(await coTasks) };
  }

  /**
   * The co-handler task figures of the scope's appeals, counted from the task table for a live and
   * an ended period alike (the table is its own history, so they are what a frozen report holds).
   */
  private async coTaskPart(scope: SupervisionScope, period: Period, now: Date): Promise<{ coHandlerTasks?: CoTaskRanking }> {
    const ranking = await this.coTasks.ranking(scope, period, now);
    return ranking ? { coHandlerTasks: ranking } : {};
  }

  /** How many appeals in the period's deadline-dependent figures are judged on a provisional deadline, in total and per group. */
  private async provisionalOf(
    user: AuthUser,
    filter: AppealFilter,
    period: Period,
    groupBy: GroupColumn,
    now: Date,
    total: 'separately' | 'groups' = 'separately',
  ): Promise<ProvisionalFigures> {
    const window = { from: period.startsAt, to: countingEnd(period, now) };
    if (total === 'groups') return provisionalFromGroups(await this.provisional.count(user, filter, window, groupBy));
    const [counted, groups] = await Promise.all([
      this.provisional.total(user, filter, window),
      groupBy === 'total' ? Promise.resolve([]) : this.provisional.count(user, filter, window, groupBy),
    ]);
    return { total: counted, groups };
  }

  /** An ended month's ranking as its frozen report holds it (n re-cuts the lists); else counted. */
  async rankings(
    user: AuthUser,
    query: RankingsQueryDto,
  ): Promise<Sourced<RankingWithProvisional> & { scope: ScopeView; coHandlerTasks?: CoTaskRanking }> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const period = resolvePeriod(query, now);
    const coTasks = query.kind === 'department' ? this.coTaskPart(scope, period, now) : Promise.resolve({});
    const current = await this.figures.currentSettings();
    // Counted in the ranking's own grouping (a frozen ranking of a city's counties included).
    const provisionalOf = (ranking: Ranking) =>
      this.provisionalOf(user, { regionCode: scope.code }, period, ranking.groupBy, now, 'groups');
    if (FrozenFigures.applies(period, now)) {
      const frozen = await this.frozen.ranking(scope, period, query.kind, query.n, current, now);
      // Read from the report: what depended on a provisional deadline when it was frozen (counted now for a ranking cut from a province's report).
      if (frozen) {
        return { scope: scopeView(scope), ...frozen, provisional: frozen.provisional ?? (await provisionalOf(frozen)), ...(await coTasks) };
      }
    }
    const settings = withListSize(current, query.n);
    const ranking = await this.figures.ranking(user, scope, period, query.kind, settings, now);
    return { scope: scopeView(scope), ...ranking, source: liveSource(now), provisional: await provisionalOf(ranking), ...(await coTasks) };
  }

  async trend(user: AuthUser, query: TrendQueryDto): Promise<{ scope: ScopeView; kind: string; points: TrendPoint[] }> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const to = query.to ?? periodContaining('month', now).toDate;
    let from = query.from;
    if (from === undefined) {
      let first = periodContaining(query.kind, to);
      for (let i = 1; i < TREND_DEFAULT_POINTS; i += 1) first = previousPeriod(first);
      from = first.fromDate;
    }
    let periods: Period[];
    try {
      periods = periodsBetween(query.kind, from, to);
    } catch (error) {
      throw AppError.badRequest((error as Error).message, [{ field: 'from', message: (error as Error).message }]);
    }
    if (periods.length > MAX_TREND_POINTS) {
      throw AppError.badRequest(`A trend has at most ${MAX_TREND_POINTS} points; ${periods.length} were asked for`, [
        { field: 'from', message: `at most ${MAX_TREND_POINTS} ${query.kind} periods` },
      ]);
    }
    const settings = await this.figures.currentSettings();
    const points =
      query.kind === 'month'
        ? await this.monthTotals(user, scope, periods, settings, now)
        : await this.totals(user, scope, periods, settings, now);
    return { scope: scopeView(scope), kind: query.kind, points };
  }

  /**
   * A month trend: ended months and the running one as the dashboard reads them (the scope's
   * slice of the province's frozen month reports, and of the running month's live figures; a
   * month whose report is missing counted as it stood at its end, marked live, and frozen in the
   * background), months still to come counted (nothing is in them yet).
   */
  private async monthTotals(
    user: AuthUser,
    scope: SupervisionScope,
    periods: Period[],
    settings: ReportSettings,
    now: Date,
  ): Promise<TrendPoint[]> {
    const running = periodContaining('month', now).key;
    const known = periods.filter((p) => isEnded(p, now) || p.key === running);
    const later = periods.filter((p) => !isEnded(p, now) && p.key !== running);
    const [months, counted] = await Promise.all([
      known.length === 0
        ? []
        : this.dashboards.provinceOf(scope).then((root) => this.dashboards.regionMonths(root, scope, known, settings, now)),
      this.totals(user, scope, later, settings, now),
    ]);
    const byKey = new Map([...months.map(trendPoint), ...counted].map((point) => [point.period.key, point]));
    return periods.map((p) => byKey.get(p.key) as TrendPoint);
  }

  /** One total per period, a few periods at a time so a long trend does not hog the connection pool. */
  private async totals(
    user: AuthUser,
    scope: SupervisionScope,
    periods: Period[],
    settings: ReportSettings,
    now: Date,
  ): Promise<TrendPoint[]> {
    const points: TrendPoint[] = [];
    for (let i = 0; i < periods.length; i += 3) {
      const batch = await Promise.all(periods.slice(i, i + 3).map((p) => this.figures.compute(user, scope, {}, p, 'total', settings, now)));
      const source: FiguresSource = liveSource(now);
      points.push(...batch.map((r) => ({ period: r.period, metrics: r.total.metrics, source })));
    }
    return points;
  }
}

function withListSize(settings: ReportSettings, n: number | undefined): ReportSettings {
  return n === undefined ? settings : { ...settings, listSize: n };
}
