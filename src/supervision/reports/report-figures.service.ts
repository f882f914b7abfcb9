import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { PeriodReach, ReachWeights } from '../../policies/domain/reach-assessment';
import { PolicyReachAssessmentProvider } from '../../policies/reach/reach-assessment.provider';
import { isEnded, previousPeriod, type Period } from '../domain';
import { CoTaskFiguresService, type CoTaskRanking } from '../metrics/co-task-figures.service';
import { FiguresService, type FiguresResult, type Ranking } from '../metrics/figures.service';
import { ReportSnapshotsRepository } from './report-snapshots.repository';
import type { GroupFigures } from '../metrics/group-figures';
import type { GroupColumn } from '../metrics/metric-counts.repository';
import type { ProvinceFigures } from '../metrics/dashboard-slices';
import type { PeriodView } from '../shared/period-query';
import { reachCounts, type ReportSettings } from '../shared/report-settings';
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
  /**
   * The policies' reach by region as it stood at the period's end, present when the report was
   * frozen with policies.reach_in_assessment on (the region ranking above blends it in; the
   * city and county rates let a city's ranking be cut from a province's report).
   */
  policyReach?: PeriodReach;
  /**
   * The co-handling departments' task figures (协办任务, #20), ranked by their on-time rate;
   * counted from the task table (its own history). Absent when the period had none, so a report
   * frozen before tasks existed recomputes to the same JSON.
   */
  coHandlerTasks?: CoTaskRanking;
}

@Injectable()
export class ReportFiguresService {
  constructor(
    private readonly figures: FiguresService,
    private readonly snapshots: ReportSnapshotsRepository,
    private readonly reach: PolicyReachAssessmentProvider,
    private readonly coTasks: CoTaskFiguresService,
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
    // The policies' reach, when it counts, as it stood at each period's end (from the delivery history).
    const reachSetting = regionGroup ? reachCounts(settings) : null;
    const reachAsOf = (p: Period) => (reachSetting ? this.periodReach(scope, reachSetting, p.endsAt, now) : Promise.resolve(null));
    const [current, previous, reach, reachBefore, coTasks] = await Promise.all([
      compute(period, groupings),
      this.frozenFigures(scope, before, previousGroupings, settings).then((frozen) => frozen ?? compute(before, previousGroupings)),
      reachAsOf(period),
      reachAsOf(before),
      this.coTasks.ranking(scope, period, now),
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
        ...(regionFigures && previousRegion
          ? {
              region: this.figures.rank(
                'region',
                regionFigures,
                previousRegion,
                settings,
                reach && reachBefore
                  ? {
                      weights: reach.weights,
                      current: this.figures.regionReach(scope, reach),
                      previous: this.figures.regionReach(scope, reachBefore),
                    }
                  : null,
              ),
            }
          : {}),
        department: this.figures.rank('department', departments, previousDepartment, settings),
      },
      ...(reach ? { policyReach: reach } : {}),
      ...(coTasks ? { coHandlerTasks: coTasks } : {}),
    };
  }

  /** The scope's reach by region at a moment (null: as it stands now), with the weights it counts with. */
  private async periodReach(scope: SupervisionScope, weights: ReachWeights, asOf: Date | null, now: Date): Promise<PeriodReach> {
    const byRegion = await this.reach.byRegion(scope.code, asOf);
    return {
      asOf: (asOf ?? now).toISOString(),
      weights: { awarenessWeight: weights.awarenessWeight, benefitWeight: weights.benefitWeight },
      ...byRegion,
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
    const reachSetting = reachCounts(settings);
    const [[city, county], reach] = await Promise.all([
      this.figures.computeMany(SYSTEM_READER, province, {}, period, ['city', 'county'], settings, now),
      // The running month's reach as it stands (the dashboards rank the running month).
      reachSetting ? this.periodReach(province, reachSetting, isEnded(period, now) ? period.endsAt : null, now) : null,
    ]);
    return {
      period: city.period,
      total: city.total,
      groups: { city: city.groups, county: county.groups },
      ...(reach ? { policyReach: reach } : {}),
    };
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
