import { blendPolicyReach, type RankingReach, type ReachGroup } from '../../policies/domain/reach-assessment';
import { PolicyReachAssessmentProvider } from '../../policies/reach/reach-assessment.provider';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { assertNever } from '../../common/domain/assert-never';
import {
  blackList,
  isEnded,
  previousPeriod,
  rankGroups,
  redList,
  scoreBreakdown,
  type Period,
  type RankableGroup,
  type RankedRow,
  type ScorePart,
} from '../domain';
import { SupervisionCalendar } from '../calendar/supervision-calendar.service';
import { GroupNamesRepository } from '../shared/group-names.repository';
import { countingEnd, periodView, type PeriodView } from '../shared/period-query';
import { reachCounts, reportSettingsFrom, type ReportSettings } from '../shared/report-settings';
import { SettingsService } from '../../settings/settings.service';
import type { SupervisionScope } from '../shared/supervision-scope';
import { GroupCounts, type GroupFigures } from './group-figures';
import { AsOfCountsRepository } from '../history/as-of-counts.repository';
import { MetricCountsRepository, type AppealFilter, type GroupColumn } from './metric-counts.repository';

/**
 * Where counts come from: the appeals table as it is now (live figures), or the event history
 * as the appeals stood at the end of the period (frozen reports; see AsOfCountsRepository).
 */
export type CountSource = 'table' | 'history';

export interface FiguresResult {
  period: PeriodView;
  groupBy: GroupColumn;
  total: GroupFigures;
  groups: GroupFigures[];
}

export type RankingKind = 'region' | 'department';

interface ScoredFigures {
  figures: GroupFigures;
  scoreParts: ScorePart[];
}

export interface RankingRow extends GroupFigures {
  rank: number | null;
  score: number | null;
  previousRank: number | null;
  /** Places gained since the previous period (positive = moved up). */
  change: number | null;
  scoreParts: ScorePart[];
}

export interface Ranking {
  kind: RankingKind;
  groupBy: GroupColumn;
  period: PeriodView;
  previousPeriod: PeriodView;
  weights: ReportSettings['weights'];
  rows: RankingRow[];
  /** 红榜: the best `listSize` groups (more on a tie at the cut-off). */
  redList: RankingRow[];
  /** 黑榜: the worst `listSize` groups, worst first. */
  blackList: RankingRow[];
}

/**
 * Figures for any grouping and period: counts from the repository, formulas from the domain,
 * names for the keys. Everything a report shows goes through `compute`, so a snapshot and a
 * live query of the same period agree by construction.
 */
@Injectable()
export class FiguresService {
  constructor(
    private readonly counts: MetricCountsRepository,
    private readonly history: AsOfCountsRepository,
    private readonly names: GroupNamesRepository,
    private readonly calendar: SupervisionCalendar,
    private readonly settings: SettingsService,
    private readonly policyReach: PolicyReachAssessmentProvider,
  ) {}

  async currentSettings(): Promise<ReportSettings> {
    const [basicallySatisfiedCounts, weights, workingHours, policyReach] = await Promise.all([
      this.settings.basicallySatisfiedCounts(),
      this.settings.metricWeights(),
      this.settings.get('sla.working_hours'),
      this.settings.get('policies.reach_in_assessment'),
    ]);
    return reportSettingsFrom({
      'metrics.basically_satisfied_counts': basicallySatisfiedCounts,
      'metrics.weights': weights,
      'sla.working_hours': workingHours,
      'policies.reach_in_assessment': policyReach,
    });
  }

  /** The grouping "region" means the level just below the scope (cities of a province, counties of a city). */
  regionGrouping(scope: SupervisionScope): GroupColumn {
    return scope.level === 'province' ? 'city' : 'county';
  }

  async compute(
    user: AuthUser,
    scope: SupervisionScope,
    filter: Omit<AppealFilter, 'regionCode'>,
    period: Period,
    groupBy: GroupColumn,
    settings: ReportSettings,
    now: Date,
  ): Promise<FiguresResult> {
    const [result] = await this.computeMany(user, scope, filter, period, [groupBy], settings, now);
    return result;
  }

  /**
   * The same for several groupings of one period, counted in one pass (see
   * MetricCountsRepository.countByGroups); one result per grouping, in the order asked for, each
   * exactly what `compute` gives for it.
   */
  async computeMany(
    user: AuthUser,
    scope: SupervisionScope,
    filter: Omit<AppealFilter, 'regionCode'>,
    period: Period,
    groupings: readonly GroupColumn[],
    settings: ReportSettings,
    now: Date,
    source: CountSource = 'table',
  ): Promise<FiguresResult[]> {
    const window = { from: period.startsAt, to: countingEnd(period, now) };
    const appealFilter = { ...filter, regionCode: scope.code };
    const [raws, workingTime] = await Promise.all([
      source === 'history'
        ? this.history.countAsOfEnd(user, appealFilter, window, groupings)
        : this.counts.countByGroups(user, appealFilter, window, groupings),
      this.calendar.indexFor(settings.workingHours),
    ]);
    const handlingDays = new Map<number, number>();
    return Promise.all(
      groupings.map(async (groupBy, i) => {
        let counts: GroupCounts;
        try {
          counts = GroupCounts.from(raws[i], workingTime, handlingDays);
        } catch (error) {
          throw this.calendar.translate(error, 'handling time in a report');
        }
        const named = await this.namedKeys(groupBy, counts.keys(), scope);
        return {
          period: periodView(period, now),
          groupBy,
          total: counts.total().figures('all', scope.name, settings.basicallySatisfiedCounts),
          groups: named.map(({ key, name }) => counts.figures(key, name, settings.basicallySatisfiedCounts)),
        };
      }),
    );
  }

  /** A ranking with the change from the previous period of the same kind. */
  async ranking(
    user: AuthUser,
    scope: SupervisionScope,
    period: Period,
    kind: RankingKind,
    settings: ReportSettings,
    now: Date,
  ): Promise<Ranking> {
    const groupBy = kind === 'region' ? this.regionGrouping(scope) : 'department';
    const before = previousPeriod(period);
    const [current, previous, reach] = await Promise.all([
      this.compute(user, scope, {}, period, groupBy, settings, now),
      this.compute(user, scope, {}, before, groupBy, settings, now),
      // #21: the policies' reach joins the regions' score when policies.reach_in_assessment says so.
      kind === 'region' ? this.rankingReach(scope, [period, before], settings, now) : Promise.resolve(null),
    ]);
    return this.rank(kind, current, previous, settings, reach);
  }

  /**
   * The policies' reach a region ranking of these periods (the ranked one, the one before)
   * blends in, or null when the settings leave it out: each period's as it stood at the
   * period's end, a running period's as it stands now.
   */
  async rankingReach(
    scope: SupervisionScope,
    [period, before]: [Period, Period],
    settings: ReportSettings,
    now: Date,
  ): Promise<RankingReach | null> {
    const setting = reachCounts(settings);
    if (!setting) return null;
    const [current, previous] = await Promise.all([this.regionReachAt(scope, period, now), this.regionReachAt(scope, before, now)]);
    return { weights: { awarenessWeight: setting.awarenessWeight, benefitWeight: setting.benefitWeight }, current, previous };
  }

  /** The reach of the scope's ranked regions as it stood at the period's end (a running period's: now). */
  async regionReachAt(scope: SupervisionScope, period: Period, now: Date): Promise<ReachGroup[]> {
    return this.regionReach(scope, await this.policyReach.byRegion(scope.code, isEnded(period, now) ? period.endsAt : null));
  }

  /** The groups of a scope's region grouping (a province's cities, a city's counties, a county itself) out of its reach by region. */
  regionReach(scope: SupervisionScope, reach: { city: ReachGroup[]; county: ReachGroup[] }): ReachGroup[] {
    return this.regionGrouping(scope) === 'city' ? reach.city : reach.county;
  }

  /**
   * Ranks already computed figures; also used to rebuild a frozen report's ranking. With `reach`,
   * a region's score blends its policy reach in (each period with its own; a period without
   * reach is ranked on its appeals alone).
   */
  rank(
    kind: RankingKind,
    current: FiguresResult,
    previous: FiguresResult,
    settings: ReportSettings,
    reach: RankingReach | null = null,
  ): Ranking {
    // "Not yet routed" is no department to rank.
    const scored = (groups: GroupFigures[], reachGroups: readonly ReachGroup[] | null): Array<RankableGroup<ScoredFigures>> => {
      const byKey = reach && reachGroups ? new Map(reachGroups.map((g) => [g.key, g])) : null;
      return groups
        .filter((g) => g.key !== 'none')
        .map((g) => {
          const appeals = scoreBreakdown(g.metrics, settings.weights);
          // The policy parts (policyAwarenessRate, policyBenefitRate) extend the working; ScorePartDto lists them.
          const breakdown =
            reach && byKey ? (blendPolicyReach(appeals.parts, byKey.get(g.key) ?? null, reach.weights) as typeof appeals) : appeals;
          return { key: g.key, name: g.name, score: breakdown.score, metrics: { figures: g, scoreParts: breakdown.parts } };
        });
    };
    const ranked = rankGroups(scored(current.groups, reach?.current ?? null), scored(previous.groups, reach?.previous ?? null));
    const toRow = (row: RankedRow<ScoredFigures>): RankingRow => ({
      ...row.metrics.figures,
      rank: row.rank,
      score: row.score,
      previousRank: row.previousRank,
      change: row.change,
      scoreParts: row.metrics.scoreParts,
    });
    return {
      kind,
      groupBy: current.groupBy,
      period: current.period,
      previousPeriod: previous.period,
      weights: reach
        ? { ...settings.weights, policyAwarenessRate: reach.weights.awarenessWeight, policyBenefitRate: reach.weights.benefitWeight }
        : settings.weights,
      rows: ranked.map(toRow),
      redList: redList(ranked, settings.listSize).map(toRow),
      blackList: blackList(ranked, settings.listSize).map(toRow),
    };
  }

  /**
   * Keys in display order with their names. Region groupings list every region of that level in
   * scope, active or not, so a silent county shows up as "no data" rather than disappearing.
   */
  private async namedKeys(groupBy: GroupColumn, keys: string[], scope: SupervisionScope): Promise<Array<{ key: string; name: string }>> {
    const numericIds = () => keys.filter((k) => k !== 'none').map(Number);
    const fromMap = (names: Map<string, string>, noneName: string) =>
      keys
        .map((key) => ({ key, name: key === 'none' ? noneName : (names.get(key) ?? `#${key}`) }))
        .sort((a, b) => (a.key === 'none' ? 1 : b.key === 'none' ? -1 : Number(a.key) - Number(b.key)));
    switch (groupBy) {
      case 'city':
      case 'county': {
        const listed =
          scope.level === 'county' ? [await this.names.region(scope.code)] : await this.names.regionsOfLevel(groupBy, scope.prefix);
        const known = new Map(listed.filter((r) => r !== null).map((r) => [r.code, r.name]));
        const others = await this.names.regions(keys.filter((k) => !known.has(k)));
        // An appeal of a firm registered at city level sits directly under the city: 市本级.
        for (const region of others) known.set(region.code, region.level === groupBy ? region.name : `${region.name}（本级）`);
        for (const key of keys) if (!known.has(key)) known.set(key, key);
        return [...known.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, name]) => ({ key, name }));
      }
      case 'department':
        return fromMap(await this.names.departments(numericIds()), '未分派主办单位');
      case 'officer':
        return fromMap(await this.names.officers(numericIds()), '无联络专员');
      case 'category':
        return fromMap(await this.names.categories(numericIds()), '未分类');
      case 'total':
        return [{ key: 'all', name: scope.name }];
      default:
        return assertNever(groupBy, 'group column');
    }
  }
}
