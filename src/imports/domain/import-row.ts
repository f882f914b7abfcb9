import { validateCreditCode } from '../../enterprises/domain/credit-code';
import {
  INDUSTRY_LABELS,
  parseIndustry,
  parseScale,
  parseTags,
  SCALE_LABELS,
  TAG_LABELS,
  type Industry,
  type Scale,
  type Tag,
} from '../../enterprises/domain/enterprise-vocabulary';
import { officerCovers } from '../../officers/domain/officer-reach';
import type { ColumnMap, ImportField } from './import-columns';

export interface RegionInfo {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
}

export interface OfficerInfo {
  id: number;
  username: string;
  role: string;
  regionCode: string;
  active: boolean;
}

/** What the database already holds for a credit code in the file. */
export interface ExistingFirm extends FirmValues {
  id: number;
  active: boolean;
  officerId: number | null;
  officerRegionCode: string | null;
}

export interface ImportContext {
  regions: ReadonlyMap<string, RegionInfo>;
  /** The importer's reach prefix ('' for everything). */
  reachPrefix: string;
  existing: ReadonlyMap<string, ExistingFirm>;
  officers: ReadonlyMap<string, OfficerInfo>;
}

export interface RowError {
  row: number;
  field: ImportField | 'row';
  message: string;
  value?: string;
}

export interface FirmValues {
  creditCode: string;
  name: string;
  regionCode: string;
  industry: Industry;
  scale: Scale;
  tags: Tag[];
  park: string | null;
  contactPerson: string | null;
  contactPhone: string | null;
  address: string | null;
}

export type RowAction = 'create' | 'update' | 'unchanged';

/** A valid row, with what it will do. */
export interface PlannedRow {
  row: number;
  values: FirmValues;
  action: RowAction;
  existing: ExistingFirm | null;
  /** Set when the officer column names an officer other than the current one. */
  assignOfficer: OfficerInfo | null;
  /** The current officer loses the firm because it moves out of their region and no new one is named. */
  endAssignment: boolean;
}

const MAX_LENGTH: Partial<Record<ImportField, number>> = { name: 200, park: 100, contactPerson: 64, address: 255 };
const PHONE = /^[0-9+\- ]{5,32}$/;

/**
 * Validates every row and plans the valid ones. Errors name the spreadsheet row and the field;
 * a row with any error is not planned. The first occurrence of a credit code wins; later ones
 * are reported as duplicates. An empty optional cell keeps what is stored (a list handed over
 * by one office must not erase contact details the firm maintains itself).
 */
export function planRows(
  rows: ReadonlyArray<{ rowNumber: number; cells: string[]; lossyColumns: number[] }>,
  columns: ColumnMap['columns'],
  context: ImportContext,
): { planned: PlannedRow[]; errors: RowError[]; invalidRows: number } {
  const planned: PlannedRow[] = [];
  const errors: RowError[] = [];
  const firstRowOf = new Map<string, number>();
  let invalidRows = 0;

  for (const { rowNumber, cells, lossyColumns } of rows) {
    const cell = (field: ImportField) => {
      const index = columns[field];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const rowErrors: RowError[] = [];
    const fail = (field: ImportField | 'row', message: string, value?: string) =>
      rowErrors.push(value === undefined || value === '' ? { row: rowNumber, field, message } : { row: rowNumber, field, message, value });

    // Credit code: present, intact, valid, first in the file, and (if stored) in reach.
    const rawCode = cell('creditCode');
    let creditCode = '';
    let existing: ExistingFirm | null = null;
    if (columns.creditCode !== undefined && lossyColumns.includes(columns.creditCode)) {
      fail(
        'creditCode',
        'The credit code is stored as a number and has lost digits; format the column as text and enter the code again',
        rawCode,
      );
    } else if (!rawCode) {
      fail('creditCode', 'Unified social credit code is required');
    } else {
      const result = validateCreditCode(rawCode);
      if (!result.ok) fail('creditCode', result.message, rawCode);
      else {
        creditCode = result.code;
        const first = firstRowOf.get(creditCode);
        if (first !== undefined) fail('creditCode', `Duplicate credit code: already on row ${first}`, rawCode);
        else firstRowOf.set(creditCode, rowNumber);
        existing = context.existing.get(creditCode) ?? null;
        if (existing && !existing.regionCode.startsWith(context.reachPrefix)) {
          fail('creditCode', 'This credit code belongs to an enterprise outside your reach', rawCode);
        }
      }
    }

    const name = cell('name');
    if (!name) fail('name', 'Enterprise name is required');
    else if (name.length > (MAX_LENGTH.name as number)) fail('name', `Enterprise name is longer than ${MAX_LENGTH.name} characters`);

    const regionCode = cell('regionCode');
    const region = context.regions.get(regionCode);
    if (!regionCode) fail('regionCode', 'Region code is required');
    else if (!/^\d{6}$/.test(regionCode)) fail('regionCode', 'Region code must be a 6-digit division code', regionCode);
    else if (!region) fail('regionCode', `Unknown region code ${regionCode}`, regionCode);
    else if (region.level === 'province') fail('regionCode', 'An enterprise belongs to a city or county, not to the province', regionCode);
    else if (!regionCode.startsWith(context.reachPrefix))
      fail('regionCode', `Region ${regionCode} (${region.name}) is outside your reach`, regionCode);

    const industryText = cell('industry');
    const industry = parseIndustry(industryText);
    if (!industryText) fail('industry', 'Industry is required');
    else if (!industry)
      fail('industry', `Unknown industry "${industryText}"; use one of ${Object.values(INDUSTRY_LABELS).join(', ')}`, industryText);

    const scaleText = cell('scale');
    const scale = parseScale(scaleText);
    if (!scaleText) fail('scale', 'Scale is required');
    else if (!scale) fail('scale', `Unknown scale "${scaleText}"; use ${Object.values(SCALE_LABELS).join(' or ')}`, scaleText);

    const tagsText = cell('tags');
    const tags = parseTags(tagsText);
    if (tags.unknown.length) {
      fail('tags', `Unknown tag ${tags.unknown.map((t) => `"${t}"`).join(', ')}; use ${Object.values(TAG_LABELS).join(', ')}`, tagsText);
    }

    for (const field of ['park', 'contactPerson', 'address'] as const) {
      const max = MAX_LENGTH[field] as number;
      if (cell(field).length > max) fail(field, `${field} is longer than ${max} characters`);
    }
    const phone = cell('contactPhone');
    if (phone && !PHONE.test(phone)) fail('contactPhone', 'Contact phone must be 5–32 digits, spaces, + or -', phone);

    // Officer column: an active officer whose region covers the firm's, for an active firm.
    const username = cell('officerUsername');
    let assignOfficer: OfficerInfo | null = null;
    if (username) {
      const officer = context.officers.get(username);
      if (!officer || !officer.regionCode.startsWith(context.reachPrefix))
        fail('officerUsername', `Unknown officer account ${username}`, username);
      else if (officer.role !== 'officer')
        fail('officerUsername', `User ${username} is not a liaison officer (role ${officer.role})`, username);
      else if (!officer.active) fail('officerUsername', `Officer ${username} is deactivated`, username);
      else if (region && !officerCovers(officer.regionCode, regionCode)) {
        fail(
          'officerUsername',
          `Officer ${username} belongs to region ${officer.regionCode}, which does not cover region ${regionCode}`,
          username,
        );
      } else if (existing && !existing.active) {
        fail('officerUsername', 'The enterprise is inactive; an officer cannot be assigned to it', username);
      } else if (existing?.officerId !== officer.id) assignOfficer = officer;
    }

    if (rowErrors.length) {
      errors.push(...rowErrors);
      invalidRows += 1;
      continue;
    }

    const values: FirmValues = {
      creditCode,
      name,
      regionCode,
      industry: industry as Industry,
      scale: scale as Scale,
      tags: tagsText ? tags.tags : (existing?.tags ?? []),
      park: cell('park') || existing?.park || null,
      contactPerson: cell('contactPerson') || existing?.contactPerson || null,
      contactPhone: phone || existing?.contactPhone || null,
      address: cell('address') || existing?.address || null,
    };
    const endAssignment =
      !assignOfficer && !!existing?.officerId && !!existing.officerRegionCode && !officerCovers(existing.officerRegionCode, regionCode);
    planned.push({
      row: rowNumber,
      values,
      action: !existing ? 'create' : sameValues(existing, values) ? 'unchanged' : 'update',
      existing,
      assignOfficer,
      endAssignment,
    });
  }
  return { planned, errors, invalidRows };
}

function sameValues(existing: ExistingFirm, values: FirmValues): boolean {
  return (
    existing.name === values.name &&
    existing.regionCode === values.regionCode &&
    existing.industry === values.industry &&
    existing.scale === values.scale &&
    existing.tags.join(',') === values.tags.join(',') &&
    existing.park === values.park &&
    existing.contactPerson === values.contactPerson &&
    existing.contactPhone === values.contactPhone &&
    existing.address === values.address
  );
}
