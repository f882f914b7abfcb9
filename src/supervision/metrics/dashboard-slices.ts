import type { RegionLevel } from '../../common/auth/role';
import type { PeriodReach, ReachGroup } from '../../policies/domain/reach-assessment';
import { subtreePrefix } from '../../common/scope/region-reach';
import type { PeriodView } from '../shared/period-query';
import type { ReportSettings } from '../shared/report-settings';
import type { SupervisionScope } from '../shared/supervision-scope';
import type { FiguresResult } from './figures.service';
import { GroupCounts, type GroupFigures } from './group-figures';
import type { GroupColumn } from './metric-counts.repository';

/**
 * The province's figures for one month that dashboards are cut from: a frozen report's, or the
 * running month's region groupings (a ReportFigures fits this shape).
 */
export interface ProvinceFigures {
  period: PeriodView;
  total: GroupFigures;
  groups: { city?: GroupFigures[]; county?: GroupFigures[] };
  /** The policies' reach by region, when it counted in the ranking (policies.reach_in_assessment) as these figures were counted. */
  policyReach?: PeriodReach;
}

/** One month of one region as its dashboard shows it: the region's figures and those of the regions below it. */
export interface DashboardSlice {
  /** The level it was cut for; a stored slice serves only a scope of the same level. */
  level: RegionLevel;
  period: PeriodView;
  total: GroupFigures;
  groupBy: GroupColumn | null;
  regions: GroupFigures[];
  /** The policy reach of the regions below (`regions`' keys), when the figures it was cut from hold it. */
  reach?: ReachGroup[];
}

/** The reach of a slice's regions (a province's cities, a city's counties; a county ranks none), when the figures hold it. */
function reachOf(reach: PeriodReach | undefined, level: RegionLevel, prefix: string): { reach?: ReachGroup[] } {
  if (!reach || level === 'county') return {};
  return { reach: level === 'province' ? reach.city : reach.county.filter((g) => g.key.startsWith(prefix)) };
}

/** The caller's region out of the province's figures: the province itself, one city with its counties, or one county. */
export function sliceFor(figures: ProvinceFigures, scope: SupervisionScope, settings: ReportSettings): DashboardSlice {
  const find = (groups: GroupFigures[] | undefined) =>
    groups?.find((g) => g.key === scope.code) ?? new GroupCounts().figures(scope.code, scope.name, settings.basicallySatisfiedCounts);
  const slice = (total: GroupFigures, groupBy: GroupColumn | null, regions: GroupFigures[]): DashboardSlice => ({
    level: scope.level,
    period: figures.period,
    total,
    groupBy,
    regions,
    ...reachOf(figures.policyReach, scope.level, scope.prefix),
  });
  switch (scope.level) {
    case 'province':
      return slice(figures.total, 'city', figures.groups.city ?? []);
    case 'city':
      return slice(
        find(figures.groups.city),
        'county',
        (figures.groups.county ?? []).filter((g) => g.key.startsWith(scope.prefix)),
      );
    case 'county':
      return slice(find(figures.groups.county), null, []);
  }
}

/**
 * Every slice worth storing: the province's, and each city's and county's that has its own
 * figures — exactly what `sliceFor` cuts for them. A region the figures do not list is cut from
 * the whole figures when asked for. A county grouping's key that is a city's code (firms
 * registered at city level, "本级") belongs to the city's slice, not a county's.
 */
export function allSlices(figures: ProvinceFigures, province: SupervisionScope): Map<string, DashboardSlice> {
  const { period } = figures;
  const cities = figures.groups.city ?? [];
  const counties = figures.groups.county ?? [];
  const slices = new Map<string, DashboardSlice>([
    [
      province.code,
      {
        level: 'province',
        period,
        total: figures.total,
        groupBy: 'city',
        regions: cities,
        ...reachOf(figures.policyReach, 'province', ''),
      },
    ],
  ]);
  for (const city of cities) {
    const prefix = subtreePrefix(city.key);
    const regions = counties.filter((g) => g.key.startsWith(prefix));
    slices.set(city.key, {
      level: 'city',
      period,
      total: city,
      groupBy: 'county',
      regions,
      ...reachOf(figures.policyReach, 'city', prefix),
    });
  }
  for (const county of counties) {
    if (!slices.has(county.key)) slices.set(county.key, { level: 'county', period, total: county, groupBy: null, regions: [] });
  }
  return slices;
}

/** A stored slice, if it was cut for a scope of this level. */
export function parseSlice(text: string, scope: SupervisionScope): DashboardSlice | null {
  const slice = JSON.parse(text) as DashboardSlice;
  return slice.level === scope.level ? slice : null;
}

/**
 * A region's month counted for it alone (its "region" grouping: the cities of a province, the
 * counties of a city, a county by itself), in the shape `sliceFor` cuts from the province's
 * figures: the same total (keyed as in the province's figures: `all` for the province, the
 * region's code below it) and the same regions below it.
 */
export function countedSlice(result: FiguresResult, scope: SupervisionScope): DashboardSlice {
  const total = scope.level === 'province' ? result.total : { ...result.total, key: scope.code };
  switch (scope.level) {
    case 'province':
      return { level: 'province', period: result.period, total, groupBy: 'city', regions: result.groups };
    case 'city':
      return { level: 'city', period: result.period, total, groupBy: 'county', regions: result.groups };
    case 'county':
      return { level: 'county', period: result.period, total, groupBy: null, regions: [] };
  }
}
