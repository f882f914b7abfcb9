import type { RegionLevel } from '../../common/auth/role';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface RegionChoice {
  code: string;
  /** The option's text: counties indented under their city, the code after the name. */
  text: string;
  level: RegionLevel;
  /** Lower-case words the picker's search matches: the name, the code, the city's name. */
  search: string;
}

/** One <optgroup>: a city with its counties, or (label null) the province above them. */
export interface RegionGroup {
  label: string | null;
  options: RegionChoice[];
}

/**
 * The regions a picker offers, grouped province / city (with its counties) in code order and
 * limited to the caller's reach: a code outside `reachPrefix` is never offered. A county-level
 * caller gets their own county only; a city-level one their city and its counties.
 */
export function groupRegions(regions: readonly RegionRow[], reachPrefix: string): RegionGroup[] {
  const inReach = regions.filter((r) => r.code.startsWith(reachPrefix)).sort((a, b) => a.code.localeCompare(b.code));
  const cityName = new Map(inReach.filter((r) => r.level === 'city').map((r) => [r.code, r.name]));
  const top: RegionGroup = { label: null, options: [] };
  const cities = new Map<string, RegionGroup>();
  const groupOf = (cityCode: string): RegionGroup => {
    let group = cities.get(cityCode);
    if (!group) {
      group = { label: cityName.get(cityCode) ?? cityCode, options: [] };
      cities.set(cityCode, group);
    }
    return group;
  };
  for (const r of inReach) {
    if (r.level === 'province') {
      top.options.push({ code: r.code, text: `${r.name}（${r.code}）`, level: r.level, search: `${r.name} ${r.code}`.toLowerCase() });
    } else if (r.level === 'city') {
      groupOf(r.code).options.unshift({
        code: r.code,
        text: `${r.name}（${r.code}）`,
        level: r.level,
        search: `${r.name} ${r.code}`.toLowerCase(),
      });
    } else {
      const city = r.parentCode ?? `${r.code.slice(0, 4)}00`;
      const parent = cityName.get(city) ?? '';
      groupOf(city).options.push({
        code: r.code,
        text: `\u3000${r.name}（${r.code}）`,
        level: r.level,
        search: `${r.name} ${r.code} ${parent}`.toLowerCase(),
      });
    }
  }
  return [top, ...cities.values()].filter((g) => g.options.length > 0);
}

/** True when the code is one the picker offered (in reach and known). */
export function offers(groups: readonly RegionGroup[], code: string): boolean {
  return groups.some((g) => g.options.some((o) => o.code === code));
}
