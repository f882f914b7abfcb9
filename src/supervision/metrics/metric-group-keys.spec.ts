import { groupKey, keyColumns, openKeyColumns } from './metric-group-keys';

describe('metric group keys', () => {
  it('turns raw key values into the keys the figures carry', () => {
    expect(groupKey('510100')).toBe('510100');
    expect(groupKey(42)).toBe('42');
    expect(groupKey(null)).toBe('none');
  });

  it('selects one key column per grouping, in the order asked for', () => {
    const keys = keyColumns(['city', 'department']);
    expect(keys.select).toBe('a.city_code COLLATE utf8mb4_bin AS k0, a.lead_department_id AS k1');
    expect(keys.groupBy).toBe('1, 2');
    expect(keys.outer).toBe('t.k0, t.k1');
  });

  it("groups the open appeals by the open index's leading columns, the officer only when asked for", () => {
    expect(openKeyColumns(['county', 'total'])).toMatchObject({
      select: `a.region_code AS k0, 'all' AS k1`,
      groupBy: 'a.region_code, a.city_code, a.lead_department_id, a.category_id',
      byOpenIndex: 'a.region_code, a.warning_light, a.city_code, a.lead_department_id, a.category_id',
    });
    expect(openKeyColumns(['officer']).groupBy).toBe('a.region_code, a.city_code, a.lead_department_id, a.category_id, a.officer_id');
    expect(openKeyColumns(['total'])).toMatchObject({ select: `'all' AS k0`, groupBy: '1', byOpenIndex: '1' });
  });
});
