import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { previousPeriod, type Period } from '../domain';
import { FiguresService, type FiguresResult, type Ranking } from '../metrics/figures.service';
import { ReportSnapshotsRepository } from './report-snapshots.repository';
import type { GroupFigures } from '../metrics/group-figures';
import type { GroupColumn } from '../metrics/metric-counts.repository';
import type { ProvinceFigures } from '../metrics/dashboard-slices';
import type { PeriodView } from '../shared/period-query';
import type { ReportSettings } from '../shared/report-settings';
import { scopeView, type ScopeView, type SupervisionScope } from '../shared/supervision-scope';
import { SYSTEM_READER } from '../shared/system-reader';
import { parseReportFigures } from './parsed-figures';

/** Everything a frozen report shows. Computed the same way for the snapshot and for its verification. */
export interface ReportFigures {
  scope: ScopeView;
  period: PeriodView;
  total: GroupFigures;
  groups: Partial<Record<Exclude<GroupColumn, 'total' | 'officer'>, GroupFigures[]>>;
  rankings: { region?: Ranking; department: Ranking };
}

@Injectable()
export class ReportFiguresService {
  constructor(
    private readonly figures: FiguresService,
    private readonly snapshots: ReportSnapshotsRepository,
  ) {}

  /** The figures of an ended period (`now` only matters for a period that has not ended, which is refused earlier). */
  async compute(scope: SupervisionScope, period: Period, settings: ReportSettings, now: Date): Promise<ReportFigures> {
    const before = previousPeriod(period);
    const regionGroup = scope.level === 'county' ? null : this.figures.regionGrouping(scope);
    const groupings: GroupColumn[] = [
      ...(regionGroup ? [regionGroup] : []),
      ...(regionGroup === 'city' ? (['county'] as const) : []),
      'department',
      'category',
    ];
    // As the appeals stood at each period's end, from the event history: what was true then,
    // however the appeals changed since, and the same again when the report is verified.
    const compute = (p: Period, groupBy: readonly GroupColumn[]) =>
      this.figures.computeMany(SYSTEM_READER, scope, {}, p, groupBy, settings, now, 'history');
    // This period with every grouping; the previous one with what the rankings compare against,
    // from its own frozen report when there is one (the same figures, already counted).
    const previousGroupings: GroupColumn[] = regionGroup ? [regionGroup, 'department'] : ['department'];
    const [current, previous] = await Promise.all([
      compute(period, groupings),
      this.frozenFigures(scope, before, previousGroupings, settings).then((frozen) => frozen ?? compute(before, previousGroupings)),
    ]);
    const previousRegion = regionGroup ? previous[0] : null;
    const previousDepartment = previous[previous.length - 1];
    const byGrouping = new Map(current.map((result) => [result.groupBy, result]));
    const departments = byGrouping.get('department');
    if (!departments) throw new Error('department figures missing');
    const regionFigures = regionGroup ? byGrouping.get(regionGroup) : undefined;
    return {
      scope: scopeView(scope),
      period: departments.period,
      total: departments.total,
      groups: Object.fromEntries(current.map((result) => [result.groupBy, result.groups])),
      rankings: {
        ...(regionFigures && previousRegion ? { region: this.figures.rank('region', regionFigures, previousRegion, settings) } : {}),
        department: this.figures.rank('department', departments, previousDepartment, settings),
      },
    };
  }

  /**
   * A period's figures for the given groupings as its frozen report of the same region holds
   * them, or null when there is none or it counted 基本满意 differently (the rates would not
   * compare). A report counts the appeals as they stood at its period's end, exactly what
   * counting that period again from the history gives, so either way the ranking is the same.
   */
  private async frozenFigures(
    scope: SupervisionScope,
    period: Period,
    groupings: readonly GroupColumn[],
    settings: ReportSettings,
  ): Promise<FiguresResult[] | null> {
    const stored = await this.snapshots.findFigures(period.kind, period.key, scope.code);
    if (!stored || (stored.settings as ReportSettings).basicallySatisfiedCounts !== settings.basicallySatisfiedCounts) return null;
    const figures = parseReportFigures(stored);
    const results: FiguresResult[] = [];
    for (const groupBy of groupings) {
      const groups =
        groupBy === 'department' || groupBy === 'city' || groupBy === 'county' || groupBy === 'category'
          ? figures.groups[groupBy]
          : undefined;
      if (!groups) return null;
      results.push({ period: figures.period, groupBy, total: figures.total, groups });
    }
    return results;
  }

  /**
   * Only the region groupings of a province's period (cities and counties) with the total: what
   * the dashboards are cut from, for the running month. The same figures as `compute` gives for
   * those groupings; the total is the same whichever grouping it is added up from.
   */
  async computeRegions(province: SupervisionScope, period: Period, settings: ReportSettings, now: Date): Promise<ProvinceFigures> {
    const [city, county] = await this.figures.computeMany(SYSTEM_READER, province, {}, period, ['city', 'county'], settings, now);
    return { period: city.period, total: city.total, groups: { city: city.groups, county: county.groups } };
  }
}

/** Canonical text of the figures (stored as-is) and its SHA-256, to tell a tampered row from a drifted one. */
export function serialiseFigures(figures: ReportFigures): { text: string; sha256: string } {
  const text = JSON.stringify(figures);
  return { text, sha256: createHash('sha256').update(text).digest('hex') };
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
