import { groupRegions, offers, type RegionRow } from './region-groups';

const ROWS: RegionRow[] = [
  { code: '511802', name: '雨城区', level: 'county', parentCode: '511800' },
  { code: '510000', name: '四川省', level: 'province', parentCode: null },
  { code: '510104', name: '锦江区', level: 'county', parentCode: '510100' },
  { code: '511800', name: '雅安市', level: 'city', parentCode: '510000' },
  { code: '510100', name: '成都市', level: 'city', parentCode: '510000' },
  { code: '511803', name: '名山区', level: 'county', parentCode: '511800' },
];

describe('groupRegions', () => {
  it('puts the province first, then each city with its counties indented, in code order', () => {
    const groups = groupRegions(ROWS, '');
    expect(groups.map((g) => g.label)).toEqual([null, '成都市', '雅安市']);
    expect(groups[0].options.map((o) => o.text)).toEqual(['四川省（510000）']);
    expect(groups[2].options.map((o) => o.text)).toEqual(['雅安市（511800）', '　雨城区（511802）', '　名山区（511803）']);
  });

  it('lets a county be found by its city’s name and by its code', () => {
    const yucheng = groupRegions(ROWS, '')[2].options[1];
    expect(yucheng.search).toContain('雅安市');
    expect(yucheng.search).toContain('511802');
  });

  it('offers a city-level caller their city and its counties only, a county-level caller their county', () => {
    const city = groupRegions(ROWS, '5118');
    expect(city.flatMap((g) => g.options.map((o) => o.code))).toEqual(['511800', '511802', '511803']);
    expect(offers(city, '510104')).toBe(false);
    expect(offers(city, '510000')).toBe(false);
    const county = groupRegions(ROWS, '511802');
    expect(county.flatMap((g) => g.options.map((o) => o.code))).toEqual(['511802']);
    // The group keeps the city's code as its label when the city itself is out of reach.
    expect(county[0].label).toBe('511800');
  });

  it('offers nothing for a code that does not exist', () => {
    expect(offers(groupRegions(ROWS, ''), '519999')).toBe(false);
    expect(offers(groupRegions(ROWS, ''), '511803')).toBe(true);
  });
});
