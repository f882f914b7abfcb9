import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { subtreePrefix } from '../../common/scope/region-reach';
import { isEnded, periodContaining, previousPeriod, type Period } from '../domain';
import { QueuesRepository } from '../queues/queues.repository';
import { ReportFiguresService, type ReportFigures } from '../reports/report-figures.service';
import { frozenSource, liveSource, type FiguresSource } from '../frozen/figures-source';
import { ReportSnapshotsRepository, type FrozenSlice, type ReportStamp, type StoredFigures } from '../reports/report-snapshots.repository';
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
/** Months frozen or cut at once by one request that finds them missing. */
const FREEZE_CONCURRENCY = 2;

/** One month of one region, with where its figures came from. */
export interface RegionMonth {
  slice: DashboardSlice;
  source: FiguresSource;
  /** The frozen report it was cut from (with its stored settings); null for the running month. */
  report: ReportStamp | null;
}

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
    const [counts, regionMonths] = await Promise.all([
      this.queues.openCounts(user, scope.code, now),
      this.regionMonths(root, scope, months, settings, now),
    ]);
    const slices = regionMonths.map((month) => month.slice);
    const current = slices[slices.length - 1];
    const previous = slices[slices.length - 2];
    const trend: TrendPoint[] = regionMonths.map(trendPoint);
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
    return (await this.cutFrozen(root, month))?.figures ?? null;
  }

  private async cutFrozen(root: SupervisionScope, month: Period): Promise<{ figures: ReportFigures; report: StoredFigures } | null> {
    const stored = await this.snapshots.findFigures(month.kind, month.key, root.code);
    if (!stored) return null;
    const figures = JSON.parse(stored.figuresText) as ReportFigures;
    try {
      await this.snapshots.saveSlices(stored.snapshotId, stored.figuresSha256, serialiseSlices(allSlices(figures, root)));
    } catch (error) {
      // The slices are a cache of the report; the dashboard answers from the report meanwhile.
      this.logger.warn({ msg: 'could not store dashboard slices', snapshotId: stored.snapshotId, err: error });
    }
    return { figures, report: stored };
  }

  /**
   * The scope's slice of each month, with where it came from: finished months from the
   * province's frozen reports (frozen first if the job has not yet, cut first if the report was
   * frozen or recomputed since slices were last cut; those a couple at a time, so a long trend
   * does not hog the pool), the running month from the live figures. Used by the dashboard and
   * the month trend. `months` may hold finished months and the running one, nothing later.
   */
  async regionMonths(
    root: SupervisionScope,
    scope: SupervisionScope,
    months: Period[],
    settings: ReportSettings,
    now: Date,
  ): Promise<RegionMonth[]> {
    const runningKey = periodContaining('month', now).key;
    for (const month of months) {
      if (month.kind !== 'month' || (!isEnded(month, now) && month.key !== runningKey)) {
        throw new RangeError(`${month.key} is neither a finished month nor the running one`);
      }
    }
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
    const result = new Array<RegionMonth>(months.length);
    const missing: number[] = [];
    months.forEach((month, i) => {
      if (!isEnded(month, now)) return;
      const row = byKey.get(month.key);
      const stored = row?.slice ? parseSlice(row.slice, scope) : null;
      if (row && stored) result[i] = { slice: stored, source: frozenSource(row, root.code), report: row };
      else missing.push(i);
    });
    const fillMissing = async () => {
      for (let i = 0; i < missing.length; i += FREEZE_CONCURRENCY) {
        await Promise.all(
          missing.slice(i, i + FREEZE_CONCURRENCY).map(async (index) => {
            const month = months[index];
            result[index] = await this.frozenSlice(root, scope, month, byKey.get(month.key), settings, now);
          }),
        );
      }
    };
    const fillRunning = async () => {
      const index = months.findIndex((month) => !isEnded(month, now));
      if (index >= 0) result[index] = await this.liveSlice(root, scope, live, settings, now);
    };
    await Promise.all([fillMissing(), fillRunning()]);
    return result;
  }

  /**
   * A finished month whose region slice is not stored: freezes the province's report if the job
   * has not yet, then cuts it (storing every region's slice) and takes the scope's.
   */
  private async frozenSlice(
    root: SupervisionScope,
    scope: SupervisionScope,
    month: Period,
    row: FrozenSlice | undefined,
    settings: ReportSettings,
    now: Date,
  ): Promise<RegionMonth> {
    if (!row) await this.reports.freezeIfMissing(root, month);
    const cut = await this.cutFrozen(root, month);
    if (cut) return { slice: sliceFor(cut.figures, scope, settings), source: frozenSource(cut.report, root.code), report: cut.report };
    // No report even after freezing (it failed): count it, and say so.
    const figures = await this.reportFigures.compute(root, month, settings, now);
    return { slice: sliceFor(figures, scope, settings), source: liveSource(now), report: null };
  }

  /** The running month: the live slice, unless it is older than LIVE_FIGURES_MAX_AGE_MS. */
  private async liveSlice(
    root: SupervisionScope,
    scope: SupervisionScope,
    live: { text: string; computedAt: Date } | null,
    settings: ReportSettings,
    now: Date,
  ): Promise<RegionMonth> {
    if (live && now.getTime() - live.computedAt.getTime() <= LIVE_FIGURES_MAX_AGE_MS && live.computedAt <= now) {
      const slice = parseSlice(live.text, scope);
      if (slice) return { slice, source: liveSource(live.computedAt), report: null };
    }
    return { slice: sliceFor(await this.refreshLive(root, now), scope, settings), source: liveSource(now), report: null };
  }

  /** The province a scope lies in (the scope itself for a province). */
  async provinceOf(scope: SupervisionScope): Promise<SupervisionScope> {
    const code = `${scope.code.slice(0, 2)}0000`;
    if (code === scope.code) return scope;
    const region = await this.names.region(code);
    if (!region) throw new Error(`Province ${code} of ${scope.code} is missing from the regions table`);
    return { code: region.code, name: region.name, level: region.level, prefix: subtreePrefix(region.code) };
  }
}

/** A trend point of a region's month. */
export function trendPoint(month: RegionMonth): TrendPoint {
  return { period: month.slice.period, metrics: month.slice.total.metrics, source: month.source };
}

function serialiseSlices(slices: Map<string, DashboardSlice>): Array<{ regionCode: string; text: string }> {
  return [...slices].map(([regionCode, slice]) => ({ regionCode, text: JSON.stringify(slice) }));
}
