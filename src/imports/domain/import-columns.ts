import { ENTERPRISE_FIELDS, type EnterpriseField } from '../../enterprises/domain/enterprise-permissions';

/**
 * The fields an enterprise list may carry, and the headings government spreadsheets use for them:
 * every firm field but `active` (a list names firms that exist), then the officer who looks after each firm.
 */
export const IMPORT_FIELDS = [...ENTERPRISE_FIELDS.filter((f): f is Exclude<EnterpriseField, 'active'> => f !== 'active'), 'officerUsername'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const REQUIRED_FIELDS: readonly ImportField[] = ['creditCode', 'name', 'regionCode', 'industry', 'scale'];

/** The canonical Chinese heading first; then accepted variants and English aliases. */
export const HEADINGS: Record<ImportField, string[]> = {
  creditCode: ['统一社会信用代码', '社会信用代码', '信用代码', 'credit_code', 'credit code', 'unified social credit code'],
  name: ['企业名称', '名称', '单位名称', 'name', 'enterprise name', 'enterprise_name', 'company name'],
  regionCode: ['行政区划代码', '区划代码', '所属区划代码', '区县代码', 'region_code', 'region code', 'division code'],
  industry: ['行业', '所属行业', '产业', '所属产业', 'industry'],
  scale: ['规模', '企业规模', '规上规下', 'scale'],
  tags: ['标签', '企业标签', 'tags'],
  park: ['园区', '所在园区', '所属园区', 'park'],
  contactPerson: ['联系人', '企业联系人', 'contact_person', 'contact person', 'contact'],
  contactPhone: ['联系电话', '电话', '联系方式', '手机', 'contact_phone', 'contact phone', 'phone'],
  address: ['地址', '企业地址', '注册地址', '经营地址', 'address'],
  officerUsername: ['专员账号', '专员用户名', '联络专员账号', 'officer', 'officer_username', 'officer username'],
};

/**
 * Compares headings loosely: width (NFKC), case, spaces, underscores, a required-marker asterisk
 * and a trailing note in brackets ("统一社会信用代码（必填）") do not matter.
 */
export function normaliseHeading(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\(.*?\)|\[.*?\]|【.*?】/g, '')
    .replace(/[\s_*-]/g, '')
    .toLowerCase();
}

const HEADING_LOOKUP = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) for (const heading of HEADINGS[field]) HEADING_LOOKUP.set(normaliseHeading(heading), field);
for (const field of IMPORT_FIELDS) HEADING_LOOKUP.set(normaliseHeading(field), field);

export interface ColumnMap {
  /** Field → column index. */
  columns: Partial<Record<ImportField, number>>;
  /** Headings that name no known field; those columns are ignored. */
  ignored: string[];
  /** Required fields with no column. */
  missing: ImportField[];
  /** Fields named by more than one column. */
  duplicated: ImportField[];
}

export function mapColumns(headings: readonly string[]): ColumnMap {
  const columns: Partial<Record<ImportField, number>> = {};
  const ignored: string[] = [];
  const duplicated = new Set<ImportField>();
  headings.forEach((heading, index) => {
    if (!heading.trim()) return;
    const field = HEADING_LOOKUP.get(normaliseHeading(heading));
    if (!field) ignored.push(heading.trim());
    else if (columns[field] !== undefined) duplicated.add(field);
    else columns[field] = index;
  });
  return { columns, ignored, missing: REQUIRED_FIELDS.filter((f) => columns[f] === undefined), duplicated: [...duplicated] };
}

/** Government sheets often open with a title row or two; the heading row is the first naming the credit code. */
export function findHeadingRow(rows: ReadonlyArray<{ cells: string[] }>, lookAhead = 10): number {
  for (let i = 0; i < Math.min(rows.length, lookAhead); i += 1) {
    if (mapColumns(rows[i].cells).columns.creditCode !== undefined) return i;
  }
  return -1;
}
