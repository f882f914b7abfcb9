import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { subtreePrefix } from '../../common/scope/region-reach';
import { isEnded, periodContaining, previousPeriod, type Period } from '../domain';
import { QueuesRepository } from '../queues/queues.repository';
import { ReportFiguresService, serialiseFigures, type ReportFigures } from '../reports/report-figures.service';
import { ReportSnapshotsRepository } from '../reports/report-snapshots.repository';
import { ReportsService } from '../reports/reports.service';
import { GroupNamesRepository } from '../shared/group-names.repository';
import type { ReportSettings } from '../shared/report-settings';
import { resolveScope, scopeView, type SupervisionScope } from '../shared/supervision-scope';
import type { DashboardQueryDto } from './dto/metrics-query.dto';
import { FiguresService } from './figures.service';
import { GroupCounts, type GroupFigures } from './group-figures';
import type { GroupColumn } from './metric-counts.repository';
import type { Dashboard, TrendPoint } from './dashboard-view';

/** The job refreshes the running month every few minutes; older than this, a request recomputes it. */
export const LIVE_FIGURES_MAX_AGE_MS = 10 * 60 * 1000;
export const DASHBOARD_MONTHS = 6;

interface Slice {
  total: GroupFigures;
  groupBy: GroupColumn | null;
  regions: GroupFigures[];
}

/**
 * A supervisor's dashboard from pre-computed figures: the province's frozen monthly reports for
 * the finished months and its live figures for the running month (refreshed by
 * ReportFreezerCron), cut down to the caller's region. Only the open / overdue counts are read
 * live, from an index. So the cost of a dashboard does not grow with the number of appeals.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly reportFigures: ReportFiguresService,
    private readonly reports: ReportsService,
    private readonly figures: FiguresService,
    private readonly snapshots: ReportSnapshotsRepository,
    private readonly queues: QueuesRepository,
    private readonly names: GroupNamesRepository,
    private readonly clock: Clock,
  ) {}

  async dashboard(user: AuthUser, query: DashboardQueryDto): Promise<Dashboard> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const root = await this.provinceOf(scope);
    const months: Period[] = [periodContaining('month', now)];
    while (months.length < DASHBOARD_MONTHS) months.unshift(previousPeriod(months[0]));
    const settings = await this.figures.currentSettings();
    const [counts, ...monthly] = await Promise.all([
      this.queues.openCounts(user, scope.code, now),
      ...months.map((month) => this.provinceFigures(root, month, settings, now)),
    ]);
    const slices = monthly.map((figures) => sliceFor(figures, scope, settings));
    const current = slices[slices.length - 1];
    const previous = slices[slices.length - 2];
    const trend: TrendPoint[] = monthly.map((figures, i) => ({ period: figures.period, metrics: slices[i].total.metrics }));
    const currentFigures = monthly[monthly.length - 1];
    const previousFigures = monthly[monthly.length - 2];
    return {
      scope: scopeView(scope),
      generatedAt: now.toISOString(),
      counts,
      month: currentFigures.period,
      monthMetrics: current.total.metrics,
      trend,
      ranking:
        current.groupBy === null
          ? undefined
          : {
              scope: scopeView(scope),
              ...this.figures.rank(
                'region',
                { period: currentFigures.period, groupBy: current.groupBy, total: current.total, groups: current.regions },
                { period: previousFigures.period, groupBy: current.groupBy, total: previous.total, groups: previous.regions },
                settings,
              ),
            },
    };
  }

  /** Recomputes and stores a province's running-month figures; called by the job. */
  async refreshLive(root: SupervisionScope, now: Date): Promise<ReportFigures> {
    const month = periodContaining('month', now);
    const figures = await this.reportFigures.compute(root, month, await this.figures.currentSettings(), now);
    await this.snapshots.saveLiveFigures(root.code, month.kind, month.key, serialiseFigures(figures).text, now);
    return figures;
  }

  /**
   * A finished month: its frozen report (freezing it first if the job has not yet). The
   * running month: the live figures, unless they are older than LIVE_FIGURES_MAX_AGE_MS.
   */
  private async provinceFigures(root: SupervisionScope, month: Period, settings: ReportSettings, now: Date): Promise<ReportFigures> {
    if (isEnded(month, now)) {
      let text = await this.snapshots.figuresText(month.kind, month.key, root.code);
      if (text === null) {
        await this.reports.freezeIfMissing(root, month);
        text = await this.snapshots.figuresText(month.kind, month.key, root.code);
      }
      if (text !== null) return JSON.parse(text) as ReportFigures;
      return this.reportFigures.compute(root, month, settings, now);
    }
    const live = await this.snapshots.liveFigures(root.code, month.kind, month.key);
    if (live && now.getTime() - live.computedAt.getTime() <= LIVE_FIGURES_MAX_AGE_MS && live.computedAt <= now) {
      return JSON.parse(live.text) as ReportFigures;
    }
    return this.refreshLive(root, now);
  }

  private async provinceOf(scope: SupervisionScope): Promise<SupervisionScope> {
    const code = `${scope.code.slice(0, 2)}0000`;
    if (code === scope.code) return scope;
    const region = await this.names.region(code);
    if (!region) throw new Error(`Province ${code} of ${scope.code} is missing from the regions table`);
    return { code: region.code, name: region.name, level: region.level, prefix: subtreePrefix(region.code) };
  }
}

/** The caller's region out of the province's figures: the province itself, one city with its counties, or one county. */
function sliceFor(figures: ReportFigures, scope: SupervisionScope, settings: ReportSettings): Slice {
  const find = (groups: GroupFigures[] | undefined) =>
    groups?.find((g) => g.key === scope.code) ?? new GroupCounts().figures(scope.code, scope.name, settings.basicallySatisfiedCounts);
  switch (scope.level) {
    case 'province':
      return { total: figures.total, groupBy: 'city', regions: figures.groups.city ?? [] };
    case 'city':
      return {
        total: find(figures.groups.city),
        groupBy: 'county',
        regions: (figures.groups.county ?? []).filter((g) => g.key.startsWith(scope.prefix)),
      };
    case 'county':
      return { total: find(figures.groups.county), groupBy: null, regions: [] };
  }
}
