import { findHeadingRow, mapColumns, normaliseHeading } from './import-columns';

describe('import headings', () => {
  it('maps the Chinese headings of a government sheet', () => {
    const map = mapColumns([
      '统一社会信用代码',
      '企业名称',
      '行政区划代码',
      '行业',
      '规模',
      '标签',
      '园区',
      '联系人',
      '联系电话',
      '地址',
      '专员账号',
    ]);
    expect(map.columns).toEqual({
      creditCode: 0,
      name: 1,
      regionCode: 2,
      industry: 3,
      scale: 4,
      tags: 5,
      park: 6,
      contactPerson: 7,
      contactPhone: 8,
      address: 9,
      officerUsername: 10,
    });
    expect(map).toMatchObject({ ignored: [], missing: [], duplicated: [] });
  });

  it('accepts English aliases, camelCase keys and decorated headings', () => {
    const map = mapColumns(['Credit Code', 'name', 'regionCode', 'INDUSTRY', '规模（必填）', '*标签', ' 备注 ']);
    expect(map.columns).toMatchObject({ creditCode: 0, name: 1, regionCode: 2, industry: 3, scale: 4, tags: 5 });
    expect(map.ignored).toEqual(['备注']);
  });

  it('reports missing required columns and a field named twice', () => {
    const map = mapColumns(['统一社会信用代码', '信用代码', '企业名称']);
    expect(map.missing).toEqual(['regionCode', 'industry', 'scale']);
    expect(map.duplicated).toEqual(['creditCode']);
  });

  it('normalises width, case, spaces and notes in brackets', () => {
    expect(normaliseHeading('统一社会信用代码（18位）')).toBe('统一社会信用代码');
    expect(normaliseHeading('Ｃｒｅｄｉｔ＿Ｃｏｄｅ')).toBe('creditcode');
  });

  it('finds the heading row below a title row', () => {
    const rows = [{ cells: ['某市规上工业企业名单'] }, { cells: [] }, { cells: ['统一社会信用代码', '企业名称'] }, { cells: ['x'] }];
    expect(findHeadingRow(rows)).toBe(2);
    expect(findHeadingRow([{ cells: ['a', 'b'] }])).toBe(-1);
  });
});
