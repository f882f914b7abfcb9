import { generateCreditCode } from '../../enterprises/domain/credit-code';
import { mapColumns } from './import-columns';
import { ExistingFirm, ImportContext, planRows, RegionInfo } from './import-row';

const HEADINGS = ['统一社会信用代码', '企业名称', '行政区划代码', '行业', '规模', '标签', '联系电话', '专员账号'];
const { columns } = mapColumns(HEADINGS);
const regions = new Map<string, RegionInfo>(
  [
    { code: '510000', name: '四川省', level: 'province' as const },
    { code: '510100', name: '成都市', level: 'city' as const },
    { code: '510104', name: '锦江区', level: 'county' as const },
    { code: '510105', name: '青羊区', level: 'county' as const },
    { code: '510703', name: '涪城区', level: 'county' as const },
  ].map((r) => [r.code, r]),
);
const CODE_A = generateCreditCode('510104', 1);
const CODE_B = generateCreditCode('510104', 2);

function existing(fields: Partial<ExistingFirm>): ExistingFirm {
  return {
    id: 7,
    creditCode: CODE_B,
    name: '已有企业',
    regionCode: '510104',
    industry: 'other',
    scale: 'above',
    tags: ['whitelist'],
    park: '锦江工业园',
    contactPerson: '王经理',
    contactPhone: '028-1',
    address: null,
    active: true,
    officerId: null,
    officerRegionCode: null,
    ...fields,
  };
}

function context(fields: Partial<ImportContext> = {}): ImportContext {
  return {
    regions,
    reachPrefix: '',
    existing: new Map(),
    officers: new Map([
      ['jj', { id: 1, username: 'jj', role: 'officer', regionCode: '510104', active: true }],
      ['cd', { id: 2, username: 'cd', role: 'officer', regionCode: '510100', active: true }],
      ['sup', { id: 3, username: 'sup', role: 'supervisor', regionCode: '510104', active: true }],
      ['gone', { id: 4, username: 'gone', role: 'officer', regionCode: '510104', active: false }],
    ]),
    ...fields,
  };
}

const row = (rowNumber: number, cells: string[], lossyColumns: number[] = []) => ({ rowNumber, cells, lossyColumns });

describe('planRows', () => {
  it('plans a good row as a creation with normalised values', () => {
    const { planned, errors } = planRows(
      [row(2, [` ${CODE_A.toLowerCase()} `, '锦江电子有限公司', '510104', '电子信息', '规上', '白名单、专精特新', '', 'jj'])],
      columns,
      context(),
    );
    expect(errors).toEqual([]);
    expect(planned).toEqual([
      {
        row: 2,
        values: {
          creditCode: CODE_A,
          name: '锦江电子有限公司',
          regionCode: '510104',
          industry: 'electronic_information',
          scale: 'above',
          tags: ['specialized', 'whitelist'],
          park: null,
          contactPerson: null,
          contactPhone: null,
          address: null,
        },
        action: 'create',
        existing: null,
        assignOfficer: expect.objectContaining({ id: 1 }),
        endAssignment: false,
      },
    ]);
  });

  it('collects every error of a row, naming the field', () => {
    const { planned, errors, invalidRows } = planRows(
      [row(5, [CODE_A.slice(0, 17) + 'X', '', '519999', '纺织', '大型', '独角兽', 'abc', 'nobody'])],
      columns,
      context(),
    );
    expect(planned).toEqual([]);
    expect(invalidRows).toBe(1);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [5, 'creditCode'],
      [5, 'name'],
      [5, 'regionCode'],
      [5, 'industry'],
      [5, 'scale'],
      [5, 'tags'],
      [5, 'contactPhone'],
      [5, 'officerUsername'],
    ]);
    expect(errors[0].message).toContain('check character is wrong');
  });

  it('reports a repeated code against the row that had it first', () => {
    const good = [CODE_A, '甲', '510104', '其他', '规上', '', '', ''];
    const { planned, errors } = planRows(
      [row(2, good), row(3, ['x']), row(4, [CODE_A, '乙', '510104', '其他', '规上', '', '', ''])],
      columns,
      context(),
    );
    expect(planned.map((p) => p.row)).toEqual([2]);
    expect(errors).toContainEqual({ row: 4, field: 'creditCode', message: 'Duplicate credit code: already on row 2', value: CODE_A });
  });

  it('flags a code that lost digits as a spreadsheet number', () => {
    const { errors } = planRows([row(2, ['914403001922038000', '华为', '510104', '其他', '规上'], [0])], columns, context());
    expect(errors[0]).toMatchObject({ field: 'creditCode', message: expect.stringContaining('stored as a number') });
  });

  it('checks the officer: role, activity, region, and an inactive firm', () => {
    const base = (officer: string, code = CODE_A, region = '510104') => row(2, [code, '甲', region, '其他', '规上', '', '', officer]);
    const messageFor = (r: ReturnType<typeof row>, ctx = context()) => planRows([r], columns, ctx).errors[0]?.message;
    expect(messageFor(base('sup'))).toBe('User sup is not a liaison officer (role supervisor)');
    expect(messageFor(base('gone'))).toBe('Officer gone is deactivated');
    expect(messageFor(base('jj', CODE_A, '510105'))).toBe('Officer jj belongs to region 510104, which does not cover region 510105');
    expect(messageFor(base('cd', CODE_A, '510105'))).toBeUndefined();
    const closed = context({ existing: new Map([[CODE_B, existing({ active: false })]]) });
    expect(messageFor(base('jj', CODE_B), closed)).toBe('The enterprise is inactive; an officer cannot be assigned to it');
  });

  it('keeps stored values for empty cells and tells an update from an unchanged row', () => {
    const ctx = context({ existing: new Map([[CODE_B, existing({})]]) });
    const same = planRows([row(2, [CODE_B, '已有企业', '510104', '其他', '规上', '', '', ''])], columns, ctx).planned[0];
    expect(same).toMatchObject({ action: 'unchanged', values: { tags: ['whitelist'], park: '锦江工业园', contactPhone: '028-1' } });
    const renamed = planRows([row(2, [CODE_B, '新名称', '510104', '其他', '规上', '', '', ''])], columns, ctx).planned[0];
    expect(renamed.action).toBe('update');
  });

  it('ends the assignment when a firm moves out of its officer’s region, unless a new officer is named', () => {
    const ctx = context({ existing: new Map([[CODE_B, existing({ officerId: 1, officerRegionCode: '510104' })]]) });
    const moved = planRows([row(2, [CODE_B, '已有企业', '510105', '其他', '规上', '', '', ''])], columns, ctx).planned[0];
    expect(moved).toMatchObject({ action: 'update', endAssignment: true, assignOfficer: null });
    const withOfficer = planRows([row(2, [CODE_B, '已有企业', '510105', '其他', '规上', '', '', 'cd'])], columns, ctx).planned[0];
    expect(withOfficer).toMatchObject({ endAssignment: false, assignOfficer: expect.objectContaining({ id: 2 }) });
    const sameOfficer = planRows([row(2, [CODE_B, '已有企业', '510104', '其他', '规上', '', '', 'jj'])], columns, ctx).planned[0];
    expect(sameOfficer.assignOfficer).toBeNull();
  });

  it('keeps an importer inside their reach', () => {
    const ctx = context({ reachPrefix: '5101', existing: new Map([[CODE_B, existing({ regionCode: '510703' })]]) });
    const { errors } = planRows(
      [row(2, [CODE_A, '甲', '510703', '其他', '规上', '', '', '']), row(3, [CODE_B, '乙', '510104', '其他', '规上', '', '', ''])],
      columns,
      ctx,
    );
    expect(errors).toEqual([
      { row: 2, field: 'regionCode', message: 'Region 510703 (涪城区) is outside your reach', value: '510703' },
      { row: 3, field: 'creditCode', message: 'This credit code belongs to an enterprise outside your reach', value: CODE_B },
    ]);
  });

  it('refuses the province as a firm’s region', () => {
    const { errors } = planRows([row(2, [CODE_A, '甲', '510000', '其他', '规上'])], columns, context());
    expect(errors[0].message).toBe('An enterprise belongs to a city or county, not to the province');
  });
});
