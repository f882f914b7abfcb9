import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { subtreePrefix } from '../../common/scope/region-reach';
import { isEnded, periodContaining, previousPeriod, type Period } from '../domain';
import { BackgroundFreezes } from '../frozen/background-freezes';
import { QueuesRepository, type OpenCounts } from '../queues/queues.repository';
import { ReportFiguresService, type ReportFigures } from '../reports/report-figures.service';
import { frozenSource, liveSource, type FiguresSource } from '../frozen/figures-source';
import { ReportSnapshotsRepository, type ReportStamp, type StoredFigures } from '../reports/report-snapshots.repository';
import { ReportsService } from '../reports/reports.service';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { reachCounts, type ReportSettings } from '../shared/report-settings';
import { resolveScope, scopeView, type SupervisionScope } from '../shared/supervision-scope';
import type { DashboardQueryDto } from './dto/metrics-query.dto';
import { FiguresService } from './figures.service';
import { allSlices, countedSlice, parseSlice, sliceFor, type DashboardSlice, type ProvinceFigures } from './dashboard-slices';
import type { Dashboard, TrendPoint } from './dashboard-view';
import { ProvisionalFiguresRepository } from './provisional-figures.repository';
import { countingEnd } from '../shared/period-query';
import { SYSTEM_READER } from '../shared/system-reader';
import { parseReportFigures } from '../reports/parsed-figures';

/** The job refreshes the running month every few minutes; older than this, a request recomputes it. */
export const LIVE_FIGURES_MAX_AGE_MS = 10 * 60 * 1000;
export const DASHBOARD_MONTHS = 6;
/**
 * Ended months the report job keeps frozen: as far back as a dashboard (six months) or a month
 * trend of a year reaches, so interactive requests find their months frozen.
 */
export const FROZEN_MONTHS_KEPT = 12;
/** The job counts the open cases every minute; older than this, a dashboard counts them itself. */
export const OPEN_COUNTS_MAX_AGE_MS = 2 * 60 * 1000;
/** Months cut or counted at once by one request that finds them without a stored slice. */
const MONTH_CONCURRENCY = 2;
/** Missing province reports frozen at once in the background (each is heavy). */
const BACKGROUND_FREEZE_CONCURRENCY = 1;

/** One month of one region, with where its figures came from. */
export interface RegionMonth {
  slice: DashboardSlice;
  source: FiguresSource;
  /** The frozen report it was cut from (with its stored settings); null for the running month and a month counted because its report is missing. */
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
export class DashboardService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DashboardService.name);
  private readonly freezes = new BackgroundFreezes(
    (key, error) =>
      this.logger.error(
        { msg: 'background report freeze failed', report: key, err: error },
        error instanceof Error ? error.stack : undefined,
      ),
    BACKGROUND_FREEZE_CONCURRENCY,
  );

  constructor(
    private readonly reportFigures: ReportFiguresService,
    private readonly reports: ReportsService,
    private readonly figures: FiguresService,
    private readonly snapshots: ReportSnapshotsRepository,
    private readonly queues: QueuesRepository,
    private readonly names: GroupNamesRepository,
    private readonly clock: Clock,
    private readonly provisional: ProvisionalFiguresRepository,
  ) {}

  async dashboard(user: AuthUser, query: DashboardQueryDto): Promise<Dashboard> {
    const now = this.clock.now();
    const scope = await resolveScope(this.names, user, query.regionCode);
    const root = await this.provinceOf(scope);
    const months: Period[] = [periodContaining('month', now)];
    while (months.length < DASHBOARD_MONTHS) months.unshift(previousPeriod(months[0]));
    const settings = await this.figures.currentSettings();
    const month = months[months.length - 1];
    const window = { from: month.startsAt, to: countingEnd(month, now) };
    const [queues, regionMonths, monthProvisional] = await Promise.all([
      this.openCounts(user, scope, now),
      this.regionMonths(root, scope, months, settings, now),
      this.provisional.total(user, { regionCode: scope.code }, window),
    ]);
    const slices = regionMonths.map((month) => month.slice);
    const current = slices[slices.length - 1];
    const previous = slices[slices.length - 2];
    const trend: TrendPoint[] = regionMonths.map(trendPoint);
    // #21: the regions' policy reach joins the ranking's score when the setting says so — the
    // running month's as counted with its figures, the month before's as its report froze it.
    const reachSetting = reachCounts(settings);
    const reach =
      reachSetting && current.reach
        ? {
            weights: { awarenessWeight: reachSetting.awarenessWeight, benefitWeight: reachSetting.benefitWeight },
            current: current.reach,
            previous: previous.reach ?? null,
          }
        : null;
    const regionGroupBy = current.groupBy;
    return {
      scope: scopeView(scope),
      generatedAt: now.toISOString(),
      counts: queues.counts,
      queuesAsOf: queues.countedAt.toISOString(),
      month: current.period,
      monthMetrics: current.total.metrics,
      monthUnreasonableRatings: current.total.unreasonableRatings ?? 0,
      monthProvisional,
      trend,
      ranking:
        regionGroupBy === null
          ? undefined
          : {
              scope: scopeView(scope),
              ...this.figures.rank(
                'region',
                { period: current.period, groupBy: regionGroupBy, total: current.total, groups: current.regions },
                { period: previous.period, groupBy: regionGroupBy, total: previous.total, groups: previous.regions },
                settings,
                reach,
              ),
              provisional: {
                total: monthProvisional,
                groups: await this.provisional.count(user, { regionCode: scope.code }, window, regionGroupBy),
              },
            },
    };
  }

  /**
   * The open-case counts of the scope: the job's counts of its region subtree when they are
   * fresh (counted within OPEN_COUNTS_MAX_AGE_MS), else counted now from the open appeals.
   */
  async openCounts(user: AuthUser, scope: SupervisionScope, now: Date): Promise<{ counts: OpenCounts; countedAt: Date }> {
    const counted = await this.queues.countedOpenCounts(user, scope.code, now, OPEN_COUNTS_MAX_AGE_MS);
    return counted ?? { counts: await this.queues.openCounts(user, scope.code, now), countedAt: now };
  }

  /**
   * Freezes a province's month report in the background (once at a time per month, errors
   * logged) and cuts it for the dashboards; what a request that found it missing starts.
   */
  freezeInBackground(root: SupervisionScope, month: Period): void {
    this.freezes.start(`${root.code}/${month.kind}/${month.key}`, async () => {
      await this.reports.freezeIfMissing(root, month);
      await this.storeFrozenSlices(root, month);
    });
  }

  /** Resolves when no report is being frozen in the background (tests; shutdown). */
  settled(): Promise<void> {
    return this.freezes.settled();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.freezes.close();
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
    const figures = parseReportFigures(stored);
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
   * province's frozen reports (cut first if the report was frozen or recomputed since slices were
   * last cut), the running month from the live figures. A finished month whose report is missing
   * is counted for the scope alone, as the appeals stood at its end, and marked live, while its
   * report is frozen in the background: no request waits for a freeze. Used by the dashboard and
   * the month trend. `months` may hold finished months and the running one, nothing later.
   */
  async regionMonths(
    root: SupervisionScope,
    scope: SupervisionScope,
    months: Period[],
    settings: ReportSettings,
    now: Date,
  ): Promise<RegionMonth[]> {
    const stored = await this.storedMonths(root, scope, months, settings, now, false);
    const missing = months.map((_, i) => i).filter((i) => stored[i] === null);
    const result = stored as RegionMonth[];
    try {
      for (let i = 0; i < missing.length; i += MONTH_CONCURRENCY) {
        await Promise.all(
          missing.slice(i, i + MONTH_CONCURRENCY).map(async (index) => {
            result[index] = await this.countedMonth(scope, months[index], settings, now);
          }),
        );
      }
    } finally {
      // Started once this answer is counted, so the freezes do not slow it down (two cores).
      for (const index of missing) this.freezeInBackground(root, months[index]);
    }
    return result;
  }

  /**
   * Like regionMonths, but a finished month without a frozen report is null (its freezing is
   * started in the background unless `startFreezes` is false): for answers that must come from a
   * report or be counted whole.
   */
  async storedMonths(
    root: SupervisionScope,
    scope: SupervisionScope,
    months: Period[],
    settings: ReportSettings,
    now: Date,
    startFreezes = true,
  ): Promise<Array<RegionMonth | null>> {
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
    const result = new Array<RegionMonth | null>(months.length).fill(null);
    const uncut: number[] = [];
    months.forEach((month, i) => {
      if (!isEnded(month, now)) return;
      const row = byKey.get(month.key);
      const slice = row?.slice ? parseSlice(row.slice, scope) : null;
      if (row && slice) result[i] = { slice, source: frozenSource(row, root.code), report: row };
      else if (row) uncut.push(i);
      else if (startFreezes) this.freezeInBackground(root, month);
    });
    const fillUncut = async () => {
      for (let i = 0; i < uncut.length; i += MONTH_CONCURRENCY) {
        await Promise.all(
          uncut.slice(i, i + MONTH_CONCURRENCY).map(async (index) => {
            result[index] = await this.cutSlice(root, scope, months[index], settings);
          }),
        );
      }
    };
    const fillRunning = async () => {
      const index = months.findIndex((month) => !isEnded(month, now));
      if (index >= 0) result[index] = await this.liveSlice(root, scope, live, settings, now);
    };
    await Promise.all([fillUncut(), fillRunning()]);
    return result;
  }

  /**
   * A finished month whose report exists but whose region slice is not stored (or was cut from
   * an earlier version of a draft): cuts the report (storing every region's slice) and takes the
   * scope's; null if the report went away meanwhile.
   */
  private async cutSlice(
    root: SupervisionScope,
    scope: SupervisionScope,
    month: Period,
    settings: ReportSettings,
  ): Promise<RegionMonth | null> {
    const cut = await this.cutFrozen(root, month);
    if (!cut) return null;
    return { slice: sliceFor(cut.figures, scope, settings), source: frozenSource(cut.report, root.code), report: cut.report };
  }

  /** A finished month without its report: the scope alone, counted as the appeals stood at the month's end. */
  private async countedMonth(scope: SupervisionScope, month: Period, settings: ReportSettings, now: Date): Promise<RegionMonth> {
    const [result] = await this.figures.computeMany(
      SYSTEM_READER,
      scope,
      {},
      month,
      [this.figures.regionGrouping(scope)],
      settings,
      now,
      'history',
    );
    const slice = countedSlice(result, scope);
    // Its regions' policy reach as it stood at the month's end, when the ranking counts it.
    if (reachCounts(settings) && slice.groupBy !== null) slice.reach = await this.figures.regionReachAt(scope, month, now);
    return { slice, source: liveSource(now), report: null };
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
      // Counted while the policies' reach did not count in the ranking, and now it does: counted again.
      const lacksReach = slice !== null && reachCounts(settings) !== null && slice.groupBy !== null && !slice.reach;
      if (slice && !lacksReach) return { slice, source: liveSource(live.computedAt), report: null };
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
