import { subtreePrefix } from '../../common/scope/region-reach';
import type { RegionLevel } from '../../common/auth/role';
import type { PeriodView } from '../shared/period-query';
import { reportSettingsFrom } from '../shared/report-settings';
import type { SupervisionScope } from '../shared/supervision-scope';
import { allSlices, countedSlice, parseSlice, sliceFor, type ProvinceFigures } from './dashboard-slices';
import { GroupCounts } from './group-figures';

const settings = reportSettingsFrom({});
const period = { kind: 'month', key: '2026-03' } as PeriodView;
const figuresOf = (key: string, name: string) => new GroupCounts().figures(key, name, settings.basicallySatisfiedCounts);
const scope = (code: string, level: RegionLevel, name = code): SupervisionScope => ({ code, name, level, prefix: subtreePrefix(code) });

// Two cities; Chengdu with two districts and firms registered at city level (本级, key 510100).
const figures: ProvinceFigures = {
  period,
  total: figuresOf('all', '四川省'),
  groups: {
    city: [figuresOf('510100', '成都市'), figuresOf('511800', '雅安市')],
    county: [
      figuresOf('510100', '成都市（本级）'),
      figuresOf('510104', '锦江区'),
      figuresOf('510105', '青羊区'),
      figuresOf('511802', '雨城区'),
    ],
  },
};

describe('dashboard slices', () => {
  const slices = allSlices(figures, scope('510000', 'province', '四川省'));

  it('cuts one slice per region: the province, each city, each county', () => {
    expect([...slices.keys()].sort()).toEqual(['510000', '510100', '510104', '510105', '511800', '511802']);
  });

  it('stores exactly what the dashboard cuts on request', () => {
    const levels: Record<string, RegionLevel> = { '510000': 'province', '510100': 'city', '511800': 'city' };
    for (const [code, slice] of slices) {
      expect(slice).toEqual(sliceFor(figures, scope(code, levels[code] ?? 'county'), settings));
    }
  });

  it("gives a city its own districts and its city-level firms, and the city's own figures as its total", () => {
    const chengdu = slices.get('510100');
    expect(chengdu?.total.name).toBe('成都市');
    expect(chengdu?.groupBy).toBe('county');
    expect(chengdu?.regions.map((r) => r.key)).toEqual(['510100', '510104', '510105']);
    expect(slices.get('510104')).toMatchObject({ level: 'county', groupBy: null, regions: [] });
  });

  it('serves a stored slice only to a scope of the level it was cut for', () => {
    const text = JSON.stringify(slices.get('510100'));
    expect(parseSlice(text, scope('510100', 'city'))).toEqual(slices.get('510100'));
    expect(parseSlice(text, scope('510100', 'county'))).toBeNull();
  });

  it('falls back to empty figures for a region the figures do not list', () => {
    const slice = sliceFor(figures, scope('512000', 'city', '资阳市'), settings);
    expect(slice.total).toEqual(figuresOf('512000', '资阳市'));
    expect(slice.regions).toEqual([]);
  });

  it('shapes a month counted for a region alone as the slice cut for it from the province', () => {
    const counted = (scopeName: string, groupBy: 'city' | 'county', groups: ReturnType<typeof figuresOf>[]) => ({
      period,
      groupBy,
      total: figuresOf('all', scopeName),
      groups,
    });
    const chengdu = scope('510100', 'city', '成都市');
    const chengduCounties = (figures.groups.county ?? []).filter((g) => g.key.startsWith('5101'));
    expect(countedSlice(counted('成都市', 'county', chengduCounties), chengdu)).toEqual(sliceFor(figures, chengdu, settings));
    const sichuan = scope('510000', 'province', '四川省');
    expect(countedSlice(counted('四川省', 'city', figures.groups.city ?? []), sichuan)).toEqual(sliceFor(figures, sichuan, settings));
    const jinjiang = scope('510104', 'county', '锦江区');
    expect(countedSlice(counted('锦江区', 'county', [figuresOf('510104', '锦江区')]), jinjiang)).toEqual(
      sliceFor(figures, jinjiang, settings),
    );
  });

  it("carries the policy reach of each slice's regions when the figures hold it, and none for a county", () => {
    const rates = (key: string) => ({
      key,
      awarenessRate: { numerator: 1, denominator: 2, value: 0.5 },
      benefitRate: { numerator: 0, denominator: 2, value: 0 },
    });
    const withReach: ProvinceFigures = {
      ...figures,
      policyReach: {
        asOf: '2026-03-31T16:00:00.000Z',
        weights: { awarenessWeight: 10, benefitWeight: 10 },
        city: [rates('510100'), rates('511800')],
        county: [rates('510104'), rates('511802')],
      },
    };
    const cut = allSlices(withReach, scope('510000', 'province', '四川省'));
    expect(cut.get('510000')?.reach?.map((g) => g.key)).toEqual(['510100', '511800']);
    expect(cut.get('510100')?.reach?.map((g) => g.key)).toEqual(['510104']);
    expect(cut.get('510104')?.reach).toBeUndefined();
    for (const [code, level] of [
      ['510000', 'province'],
      ['510100', 'city'],
      ['510104', 'county'],
    ] as const) {
      expect(cut.get(code)).toEqual(sliceFor(withReach, scope(code, level), settings));
    }
    // Figures counted without the reach cut slices without it.
    expect(slices.get('510000')).not.toHaveProperty('reach');
  });
});
