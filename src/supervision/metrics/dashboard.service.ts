import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { subtreePrefix } from '../../common/scope/region-reach';
import { isEnded, periodContaining, previousPeriod, type Period } from '../domain';
import { QueuesRepository } from '../queues/queues.repository';
import { ReportFiguresService, type ReportFigures } from '../reports/report-figures.service';
import { ReportSnapshotsRepository, type FrozenSlice } from '../reports/report-snapshots.repository';
import { ReportsService } from '../reports/reports.service';
import { GroupNamesRepository } from '../shared/group-names.repository';
import type { ReportSettings } from '../shared/report-settings';
import { resolveScope, scopeView, type SupervisionScope } from '../shared/supervision-scope';
import type { DashboardQueryDto } from './dto/metrics-query.dto';
import { FiguresService } from './figures.service';
import { allSlices, parseSlice, sliceFor, type DashboardSlice, type ProvinceFigures } from './dashboard-slices';
import type { Dashboard, TrendPoint } from './dashboard-view';

/** The job refreshes the running month every few minutes; older than this, a request recomputes it. */
export const LIVE_FIGURES_MAX_AGE_MS = 10 * 60 * 1000;
export const DASHBOARD_MONTHS = 6;

/**
 * A supervisor's dashboard from pre-computed figures: the province's frozen monthly reports for
 * the finished months and its live figures for the running month (refreshed by
 * ReportFreezerCron), each cut down in advance to every region's slice, so a request reads six
 * small rows for its own region. Only the open / overdue counts are read live, from an index.
 * So the cost of a dashboard does not grow with the number of appeals.
 */
@Injectable()
export class DashboardService {
  private readonly logger = new Logger(DashboardService.name);

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
    const [counts, slices] = await Promise.all([
      this.queues.openCounts(user, scope.code, now),
      this.monthSlices(root, scope, months, settings, now),
    ]);
    const current = slices[slices.length - 1];
    const previous = slices[slices.length - 2];
    const trend: TrendPoint[] = slices.map((slice) => ({ period: slice.period, metrics: slice.total.metrics }));
    return {
      scope: scopeView(scope),
      generatedAt: now.toISOString(),
      counts,
      month: current.period,
      monthMetrics: current.total.metrics,
      trend,
      ranking:
        current.groupBy === null
          ? undefined
          : {
              scope: scopeView(scope),
              ...this.figures.rank(
                'region',
                { period: current.period, groupBy: current.groupBy, total: current.total, groups: current.regions },
                { period: previous.period, groupBy: current.groupBy, total: previous.total, groups: previous.regions },
                settings,
              ),
            },
    };
  }

  /**
   * Recomputes a province's running-month figures (its city and county groupings, all a
   * dashboard shows) and stores every region's slice of them; called by the job.
   */
  async refreshLive(root: SupervisionScope, now: Date): Promise<ProvinceFigures> {
    const month = periodContaining('month', now);
    const settings = await this.figures.currentSettings();
    const figures = await this.reportFigures.computeRegions(root, month, settings, now);
    await this.snapshots.saveLiveSlices(month.kind, month.key, serialiseSlices(allSlices(figures, root)), now);
    return figures;
  }

  /**
   * Cuts a frozen province report into the regions' slices and stores them; the job calls it
   * right after freezing a month, a dashboard when it finds a report without (current) slices.
   * Returns the report's figures, or null when the period has no report.
   */
  async storeFrozenSlices(root: SupervisionScope, month: Period): Promise<ProvinceFigures | null> {
    const stored = await this.snapshots.findFigures(month.kind, month.key, root.code);
    if (!stored) return null;
    const figures = JSON.parse(stored.figuresText) as ReportFigures;
    try {
      await this.snapshots.saveSlices(stored.snapshotId, stored.figuresSha256, serialiseSlices(allSlices(figures, root)));
    } catch (error) {
      // The slices are a cache of the report; the dashboard answers from the report meanwhile.
      this.logger.warn({ msg: 'could not store dashboard slices', snapshotId: stored.snapshotId, err: error });
    }
    return figures;
  }

  /** The scope's slice of each month: finished months from the frozen reports, the running one from the live figures. */
  private async monthSlices(
    root: SupervisionScope,
    scope: SupervisionScope,
    months: Period[],
    settings: ReportSettings,
    now: Date,
  ): Promise<DashboardSlice[]> {
    const finished = months.filter((month) => isEnded(month, now));
    const running = months.find((month) => !isEnded(month, now));
    const [frozen, live] = await Promise.all([
      this.snapshots.frozenSlices(
        'month',
        finished.map((month) => month.key),
        root.code,
        scope.code,
      ),
      running ? this.snapshots.liveSlice(scope.code, running.kind, running.key) : null,
    ]);
    const byKey = new Map(frozen.map((row) => [row.periodKey, row]));
    return Promise.all(
      months.map((month) =>
        isEnded(month, now)
          ? this.frozenSlice(root, scope, month, byKey.get(month.key), settings, now)
          : this.liveSlice(root, scope, live, settings, now),
      ),
    );
  }

  /**
   * A finished month: the slice of its frozen report (freezing it first if the job has not yet,
   * cutting it first if the report was frozen or recomputed since slices were last cut).
   */
  private async frozenSlice(
    root: SupervisionScope,
    scope: SupervisionScope,
    month: Period,
    row: FrozenSlice | undefined,
    settings: ReportSettings,
    now: Date,
  ): Promise<DashboardSlice> {
    const stored = row?.slice ? parseSlice(row.slice, scope) : null;
    if (stored) return stored;
    if (!row) await this.reports.freezeIfMissing(root, month);
    const figures = (await this.storeFrozenSlices(root, month)) ?? (await this.reportFigures.compute(root, month, settings, now));
    return sliceFor(figures, scope, settings);
  }

  /** The running month: the live slice, unless it is older than LIVE_FIGURES_MAX_AGE_MS. */
  private async liveSlice(
    root: SupervisionScope,
    scope: SupervisionScope,
    live: { text: string; computedAt: Date } | null,
    settings: ReportSettings,
    now: Date,
  ): Promise<DashboardSlice> {
    if (live && now.getTime() - live.computedAt.getTime() <= LIVE_FIGURES_MAX_AGE_MS && live.computedAt <= now) {
      const slice = parseSlice(live.text, scope);
      if (slice) return slice;
    }
    return sliceFor(await this.refreshLive(root, now), scope, settings);
  }

  private async provinceOf(scope: SupervisionScope): Promise<SupervisionScope> {
    const code = `${scope.code.slice(0, 2)}0000`;
    if (code === scope.code) return scope;
    const region = await this.names.region(code);
    if (!region) throw new Error(`Province ${code} of ${scope.code} is missing from the regions table`);
    return { code: region.code, name: region.name, level: region.level, prefix: subtreePrefix(region.code) };
  }
}

function serialiseSlices(slices: Map<string, DashboardSlice>): Array<{ regionCode: string; text: string }> {
  return [...slices].map(([regionCode, slice]) => ({ regionCode, text: JSON.stringify(slice) }));
}
