import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { periodContaining, periodsBetween, previousPeriod, type Period } from '../domain';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { resolvePeriod } from '../shared/period-query';
import type { ReportSettings } from '../shared/report-settings';
import { resolveScope, scopeView, type ScopeView, type SupervisionScope } from '../shared/supervision-scope';
import type { Dashboard, TrendPoint } from './dashboard-view';
import { MetricsQueryDto, RankingsQueryDto, TrendQueryDto } from './dto/metrics-query.dto';
import type { DashboardQueryDto } from './dto/metrics-query.dto';
import { DashboardService } from './dashboard.service';
import { FiguresService, type FiguresResult, type Ranking } from './figures.service';
import type { GroupColumn } from './metric-counts.repository';

export type { Dashboard, TrendPoint } from './dashboard-view';
export { scopeView, type ScopeView } from '../shared/supervision-scope';

/** A trend longer than this is a request for a data dump, not a chart. */
export const MAX_TREND_POINTS = 60;
const TREND_DEFAULT_POINTS = 6;

@Injectable()
export class MetricsService {
  constructor(
    private readonly figures: FiguresService,
    private readonly names: GroupNamesRepository,
    private readonly dashboards: DashboardService,
    private readonly clock: Clock,
  ) {}

  /** A supervisor's region in one call (see DashboardService). */
  dashboard(user: AuthUser, query: DashboardQueryDto): Promise<Dashboard> {
    return this.dashboards.dashboard(user, query);
  }

  async metrics(user: AuthUser, query: MetricsQueryDto): Promise<FiguresResult & { scope: ScopeView }> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const period = resolvePeriod(query, now);
    const groupBy: GroupColumn = query.groupBy === 'region' ? this.figures.regionGrouping(scope) : query.groupBy;
    const settings = await this.figures.currentSettings();
    const filter = { departmentId: query.departmentId, officerId: query.officerId, categoryId: query.categoryId };
    const result = await this.figures.compute(user, scope, filter, period, groupBy, settings, now);
    return { scope: scopeView(scope), ...result };
  }

  async rankings(user: AuthUser, query: RankingsQueryDto): Promise<Ranking & { scope: ScopeView }> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const period = resolvePeriod(query, now);
    const settings = withListSize(await this.figures.currentSettings(), query.n);
    return { scope: scopeView(scope), ...(await this.figures.ranking(user, scope, period, query.kind, settings, now)) };
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
    const points = await this.totals(user, scope, periods, settings, now);
    return { scope: scopeView(scope), kind: query.kind, points };
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
      points.push(...batch.map((r) => ({ period: r.period, metrics: r.total.metrics })));
    }
    return points;
  }
}

function withListSize(settings: ReportSettings, n: number | undefined): ReportSettings {
  return n === undefined ? settings : { ...settings, listSize: n };
}
