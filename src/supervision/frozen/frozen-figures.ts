import type { ProvisionalFigures, ReportProvisional } from '../metrics/provisional-figures.repository';
import { blackList, isEnded, previousPeriod, redList, type Period } from '../domain';
import type { DashboardSlice } from '../metrics/dashboard-slices';
import type { DashboardService, RegionMonth } from '../metrics/dashboard.service';
import type { FiguresResult, FiguresService, Ranking, RankingKind, RankingRow } from '../metrics/figures.service';
import type { GroupFigures } from '../metrics/group-figures';
import type { GroupColumn } from '../metrics/metric-counts.repository';
import type { ReportFigures } from '../reports/report-figures.service';
import type { ReportSnapshotsRepository } from '../reports/report-snapshots.repository';
import type { ReportSettings } from '../shared/report-settings';
import type { SupervisionScope } from '../shared/supervision-scope';
import { frozenSource, storedSettings, type FiguresSource } from './figures-source';
import { parseReportFigures } from '../reports/parsed-figures';
import { reachCounts } from '../shared/report-settings';

export type Sourced<T> = T & { source: FiguresSource };

/**
 * Metrics and rankings of an ended month read from its frozen report instead of counted again:
 * the figures as frozen, so an ended month shows the same figures on every page and in the
 * published report, whatever happened to the appeals since.
 *
 * Which report: the scope's own month report when one was frozen (a province's missing one is
 * frozen in the background, and meanwhile the month is counted; a city's or county's only exists
 * if someone froze it),
 * else the city's or county's slice of the province's month report. A province report holds
 * every city and county, so a region's own figures and those of the regions below it can be
 * cut from it exactly; it does not hold a city's departments or categories (the province's
 * department figures count the whole province), so those are counted live unless the city has
 * its own report. Anything a report does not hold exactly answers null, and the caller counts.
 */
export class FrozenFigures {
  constructor(
    private readonly snapshots: ReportSnapshotsRepository,
    private readonly dashboards: DashboardService,
    private readonly figures: FiguresService,
  ) {}

  /** Frozen figures are read for ended calendar months; other periods are counted. */
  static applies(period: Period, now: Date): boolean {
    return period.kind === 'month' && isEnded(period, now);
  }

  /** One grouping of an ended month, unfiltered; null when no frozen report holds it exactly. */
  async metrics(
    scope: SupervisionScope,
    month: Period,
    groupBy: GroupColumn,
    settings: ReportSettings,
    now: Date,
  ): Promise<Sourced<FiguresResult> | null> {
    const own = await this.ownReport(scope, month);
    const fromReport = own ? groupingOfReport(own.figures, groupBy) : null;
    if (own && fromReport) return { ...fromReport, source: own.source };
    if (scope.level === 'province' || !cutsFromSlice(scope, groupBy)) return null;
    const [cut] = await this.storedMonths(scope, [month], settings, now);
    const fromSlice = cut?.report ? groupingOfSlice(cut.slice, scope, groupBy) : null;
    return cut && fromSlice ? { ...fromSlice, source: cut.source } : null;
  }

  /**
   * A ranking of an ended month: the one the scope's own report stored (with the change it
   * stored), or, for the regions below a city or a county, ranked from the province report's
   * slices of this month and the one before under this month's stored settings. `listSize`
   * (the query's n) re-cuts the red and black lists; null when no frozen report holds the ranking.
   */
  async ranking(
    scope: SupervisionScope,
    month: Period,
    kind: RankingKind,
    listSize: number | undefined,
    settings: ReportSettings,
    now: Date,
  ): Promise<(Sourced<Ranking> & { provisional?: ProvisionalFigures }) | null> {
    const own = await this.ownReport(scope, month);
    const stored = own ? (kind === 'region' ? own.figures.rankings.region : own.figures.rankings.department) : undefined;
    if (own && stored) {
      // The provisional counts the report stored at freeze time for this ranking (none in a report frozen before they were).
      const provisional = own.provisional?.rankings[kind];
      return { ...withListSize(stored, listSize), source: own.source, ...(provisional ? { provisional } : {}) };
    }
    if (kind !== 'region' || scope.level === 'province') return null;
    const [current] = await this.storedMonths(scope, [month], settings, now);
    if (!current?.report) return null;
    // The month before as its report holds it, or (report still missing) counted as it stood at its end.
    const [previous] = await this.regionMonths(scope, [previousPeriod(month)], settings, now);
    const frozenUnder = storedSettings(current.report);
    const groupBy = this.figures.regionGrouping(scope);
    const asFigures = (m: RegionMonth): FiguresResult => ({
      period: m.slice.period,
      groupBy,
      total: m.slice.total,
      groups: regionsOfSlice(m.slice, scope),
    });
    // The policies' reach as the report froze it, when its settings had it count.
    const reachSetting = reachCounts(frozenUnder);
    const reach =
      reachSetting && current.slice.reach
        ? {
            weights: { awarenessWeight: reachSetting.awarenessWeight, benefitWeight: reachSetting.benefitWeight },
            current: current.slice.reach,
            previous: previous.slice.reach ?? null,
          }
        : null;
    const ranking = this.figures.rank(
      'region',
      asFigures(current),
      asFigures(previous),
      { ...frozenUnder, listSize: listSize ?? frozenUnder.listSize },
      reach,
    );
    return { ...ranking, source: current.source };
  }

  /**
   * The scope's own report of the month, or null. A province's missing report is frozen in the
   * background (the request is answered from a count meanwhile; no request waits for a freeze).
   */
  private async ownReport(
    scope: SupervisionScope,
    month: Period,
  ): Promise<{ figures: ReportFigures; source: FiguresSource; provisional: ReportProvisional | null } | null> {
    const stored = await this.snapshots.findFigures(month.kind, month.key, scope.code);
    if (!stored && scope.level === 'province') this.dashboards.freezeInBackground(scope, month);
    if (!stored) return null;
    return { figures: parseReportFigures(stored), source: frozenSource(stored, scope.code), provisional: stored.provisional };
  }

  private async regionMonths(scope: SupervisionScope, months: Period[], settings: ReportSettings, now: Date): Promise<RegionMonth[]> {
    const root = await this.dashboards.provinceOf(scope);
    return this.dashboards.regionMonths(root, scope, months, settings, now);
  }

  private async storedMonths(
    scope: SupervisionScope,
    months: Period[],
    settings: ReportSettings,
    now: Date,
  ): Promise<Array<RegionMonth | null>> {
    const root = await this.dashboards.provinceOf(scope);
    return this.dashboards.storedMonths(root, scope, months, settings, now);
  }
}

/** A grouping exactly as a report of the same scope stored it; null when it stored none such. */
export function groupingOfReport(figures: ReportFigures, groupBy: GroupColumn): FiguresResult | null {
  if (groupBy === 'total') return { period: figures.period, groupBy, total: figures.total, groups: [figures.total] };
  if (groupBy === 'officer') return null;
  const groups = figures.groups[groupBy];
  return groups ? { period: figures.period, groupBy, total: figures.total, groups } : null;
}

/** Whether a city's or county's slice of the province report holds the grouping: its total, itself, the counties below it. */
function cutsFromSlice(scope: SupervisionScope, groupBy: GroupColumn): boolean {
  switch (scope.level) {
    case 'province':
      return false;
    case 'city':
      return groupBy === 'total' || groupBy === 'city' || groupBy === 'county';
    case 'county':
      return groupBy === 'total' || groupBy === 'county';
  }
}

/**
 * A city's or county's grouping cut from its slice of the province report: the same figures as
 * counting the scope alone (its total is its group in the province's figures, renamed as a
 * total is; the counties below a city are the province's county groups under its code).
 */
export function groupingOfSlice(slice: DashboardSlice, scope: SupervisionScope, groupBy: GroupColumn): FiguresResult | null {
  if (slice.level !== scope.level || scope.level === 'province' || !cutsFromSlice(scope, groupBy)) return null;
  const total: GroupFigures = { ...slice.total, key: 'all', name: scope.name };
  const groups = groupBy === 'total' ? [total] : groupBy === 'county' ? regionsOfSlice(slice, scope) : [slice.total];
  return { period: slice.period, groupBy, total, groups };
}

/** The groups of the level below a city (its counties) or, for a county, the county itself: what its region ranking ranks. */
function regionsOfSlice(slice: DashboardSlice, scope: SupervisionScope): GroupFigures[] {
  return scope.level === 'county' ? [slice.total] : slice.regions;
}

/** A stored ranking with its red and black lists re-cut to another length. */
export function withListSize(ranking: Ranking, listSize: number | undefined): Ranking {
  if (listSize === undefined) return ranking;
  return {
    ...ranking,
    redList: redList(ranking.rows, listSize) as RankingRow[],
    blackList: blackList(ranking.rows, listSize) as RankingRow[],
  };
}
