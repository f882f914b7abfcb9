import { normaliseHeading } from '../../imports/domain/import-columns';
import { INDUSTRY_LABELS, PROJECT_INDUSTRIES, type ProjectIndustry } from '../dto/project.dto';

/** The columns a project list may carry, with the headings the offices' sheets use. */
export const PROJECT_IMPORT_FIELDS = [
  'name',
  'creditCodes',
  'regionCode',
  'industry',
  'totalInvestmentWan',
  'totalInvestmentYi',
  'stage',
  'stageSince',
  'responsibleLeader',
  'officerUsername',
] as const;
export type ProjectImportField = (typeof PROJECT_IMPORT_FIELDS)[number];

export const PROJECT_IMPORT_HEADINGS: Record<ProjectImportField, string[]> = {
  name: ['项目名称', '名称', 'name', 'project name'],
  creditCodes: ['统一社会信用代码', '项目业主信用代码', '业主统一社会信用代码', 'credit_code', 'credit codes'],
  regionCode: ['行政区划代码', '区划代码', '所在地区代码', 'region_code', 'region code'],
  industry: ['所属产业', '产业', '行业', 'industry'],
  totalInvestmentWan: ['总投资（万元）', '总投资(万元)', '计划总投资（万元）', 'total_investment_wan', 'investment wan'],
  totalInvestmentYi: ['总投资（亿元）', '总投资(亿元)', '计划总投资（亿元）', 'total_investment_yi', 'investment yi'],
  stage: ['当前阶段', '项目阶段', '所处阶段', 'stage'],
  stageSince: ['进入阶段日期', '阶段日期', '签约日期', 'stage_since', 'stage since'],
  responsibleLeader: ['责任领导', '包联领导', 'responsible_leader', 'leader'],
  officerUsername: ['专员账号', '联络专员账号', 'officer', 'officer_username'],
};

/**
 * Headings match loosely, as the enterprise import's do, except that the unit in brackets is what
 * tells 总投资（万元） from 总投资（亿元）: those two are compared with their unit kept.
 */
function headingKey(text: string): string {
  const unit = /万元/.test(text) ? '#wan' : /亿元/.test(text) ? '#yi' : '';
  return normaliseHeading(text) + unit;
}

const LOOKUP = new Map<string, ProjectImportField>();
for (const field of PROJECT_IMPORT_FIELDS) for (const h of PROJECT_IMPORT_HEADINGS[field]) LOOKUP.set(headingKey(h), field);

export interface ProjectColumnMap {
  columns: Partial<Record<ProjectImportField, number>>;
  ignored: string[];
  missing: string[];
}

export function mapProjectColumns(headings: readonly string[]): ProjectColumnMap {
  const columns: Partial<Record<ProjectImportField, number>> = {};
  const ignored: string[] = [];
  headings.forEach((heading, index) => {
    if (!heading.trim()) return;
    const field = LOOKUP.get(headingKey(heading));
    if (!field || columns[field] !== undefined) ignored.push(heading.trim());
    else columns[field] = index;
  });
  const missing: string[] = [];
  for (const field of ['name', 'creditCodes', 'regionCode', 'industry'] as const)
    if (columns[field] === undefined) missing.push(PROJECT_IMPORT_HEADINGS[field][0]);
  if (columns.totalInvestmentWan === undefined && columns.totalInvestmentYi === undefined) missing.push('总投资（万元）');
  return { columns, ignored, missing };
}

export function findProjectHeadingRow(rows: ReadonlyArray<{ cells: string[] }>, lookAhead = 10): number {
  for (let i = 0; i < Math.min(rows.length, lookAhead); i += 1) if (mapProjectColumns(rows[i].cells).columns.name !== undefined) return i;
  return -1;
}

/** What the database knows, for checking rows in pure code. */
export interface ProjectImportLookups {
  regions: ReadonlySet<string>;
  reachPrefix: string;
  firmsByCode: ReadonlyMap<string, number>;
  stagesByName: ReadonlyMap<string, string>;
  firstStage: string;
  officersByUsername: ReadonlyMap<string, number>;
  /** name|region of projects already listed: a second listing is refused. */
  existing: ReadonlySet<string>;
  today: string;
}

export interface PlannedProjectRow {
  row: number;
  name: string;
  regionCode: string;
  industry: ProjectIndustry;
  totalInvestmentWan: number;
  enterpriseIds: number[];
  stageCode: string;
  stageSince: string;
  responsibleLeader: string | null;
  liaisonOfficerId: number | null;
}

export interface ProjectRowError {
  row: number;
  field: ProjectImportField | 'row';
  message: string;
  value?: string;
}

const INDUSTRY_BY_LABEL = new Map<string, ProjectIndustry>([
  ...PROJECT_INDUSTRIES.map((i) => [i, i] as [string, ProjectIndustry]),
  ...PROJECT_INDUSTRIES.map((i) => [INDUSTRY_LABELS[i], i] as [string, ProjectIndustry]),
]);

function amount(text: string): number | null {
  const cleaned = text.replace(/[,，\s]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** Checks every row against the lookups; a row is planned only when it has no error. */
export function planProjectRows(
  rows: ReadonlyArray<{ rowNumber: number; cells: string[] }>,
  columns: Partial<Record<ProjectImportField, number>>,
  lookups: ProjectImportLookups,
): { planned: PlannedProjectRow[]; errors: ProjectRowError[] } {
  const planned: PlannedProjectRow[] = [];
  const errors: ProjectRowError[] = [];
  const seen = new Set<string>();
  for (const { rowNumber: row, cells } of rows) {
    const cell = (field: ProjectImportField) => (columns[field] === undefined ? '' : (cells[columns[field] as number] ?? '').trim());
    const rowErrors: ProjectRowError[] = [];
    const fail = (field: ProjectImportField | 'row', message: string, value?: string) =>
      rowErrors.push({ row, field, message, ...(value === undefined ? {} : { value }) });

    const name = cell('name');
    if (name.length < 2 || name.length > 200) fail('name', 'a project name of 2–200 characters is required', name);
    const regionCode = cell('regionCode');
    if (!lookups.regions.has(regionCode)) fail('regionCode', 'not a known division code', regionCode);
    else if (!regionCode.startsWith(lookups.reachPrefix)) fail('regionCode', 'outside your region', regionCode);
    const industry = INDUSTRY_BY_LABEL.get(cell('industry'));
    if (!industry) fail('industry', `must be one of ${PROJECT_INDUSTRIES.map((i) => INDUSTRY_LABELS[i]).join('、')}`, cell('industry'));

    let total: number | null = null;
    if (cell('totalInvestmentWan')) total = amount(cell('totalInvestmentWan'));
    else if (cell('totalInvestmentYi')) {
      const yi = amount(cell('totalInvestmentYi'));
      total = yi === null ? null : Math.round(yi * 10_000 * 100) / 100;
    }
    if (total === null || total > 1_000_000_000)
      fail(
        cell('totalInvestmentWan') ? 'totalInvestmentWan' : 'totalInvestmentYi',
        'a non-negative amount is required',
        cell('totalInvestmentWan') || cell('totalInvestmentYi'),
      );

    const codes = cell('creditCodes')
      .split(/[、,，;；\s]+/)
      .filter(Boolean);
    const enterpriseIds: number[] = [];
    if (!codes.length) fail('creditCodes', 'at least one enterprise credit code is required');
    for (const code of codes) {
      const id = lookups.firmsByCode.get(code.toUpperCase());
      if (id === undefined) fail('creditCodes', 'no enterprise with this credit code in your reach', code);
      else if (!enterpriseIds.includes(id)) enterpriseIds.push(id);
    }

    const stageName = cell('stage');
    const stageCode = stageName ? lookups.stagesByName.get(stageName) : lookups.firstStage;
    if (!stageCode) fail('stage', `not a stage of the pipeline`, stageName);
    const stageSince = cell('stageSince') || lookups.today;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(stageSince) || Number.isNaN(Date.parse(`${stageSince}T00:00:00Z`)))
      fail('stageSince', 'a date as YYYY-MM-DD is required', stageSince);
    else if (stageSince > lookups.today) fail('stageSince', `must not be after today (${lookups.today})`, stageSince);

    const username = cell('officerUsername');
    const officerId = username ? lookups.officersByUsername.get(username) : null;
    if (username && officerId === undefined) fail('officerUsername', 'no active officer with this username in your reach', username);

    const key = `${name}|${regionCode}`;
    if (lookups.existing.has(key)) fail('name', 'this project is already listed in this region', name);
    else if (seen.has(key)) fail('row', 'the same project appears twice in the file', name);
    seen.add(key);

    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    planned.push({
      row,
      name,
      regionCode,
      industry: industry as ProjectIndustry,
      totalInvestmentWan: total as number,
      enterpriseIds,
      stageCode: stageCode as string,
      stageSince,
      responsibleLeader: cell('responsibleLeader') || null,
      liaisonOfficerId: officerId ?? null,
    });
  }
  return { planned, errors };
}
