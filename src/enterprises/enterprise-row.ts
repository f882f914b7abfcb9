import type { Industry, Scale, Tag } from './domain/enterprise-vocabulary';

/** The descriptive columns of an `enterprises` row, as mysql2 returns them (snake_case). */
export interface EnterpriseFieldsDbRow {
  credit_code: string;
  name: string;
  region_code: string;
  industry: Industry;
  scale: Scale;
  /** A MySQL SET: the tags comma-separated, '' for none. */
  tags: string;
  park: string | null;
  contact_person: string | null;
  contact_phone: string | null;
  address: string | null;
  active: number;
}

/** The enterprises columns an edit may write (keys are the column names: a wrong one is a compile error). */
export interface EnterpriseColumns extends Omit<EnterpriseFieldsDbRow, 'active'> {
  active: 0 | 1;
}

/** The firm's tags from the SET column ('' is no tag). */
export function tagsOfColumn(tags: string | null): Tag[] {
  return tags ? (String(tags).split(',') as Tag[]) : [];
}

/** The descriptive fields of an `enterprises` row, typed. */
export function enterpriseFieldsFromRow(r: EnterpriseFieldsDbRow) {
  return {
    creditCode: String(r.credit_code),
    name: String(r.name),
    regionCode: String(r.region_code),
    industry: r.industry,
    scale: r.scale,
    tags: tagsOfColumn(r.tags),
    park: r.park ?? null,
    contactPerson: r.contact_person ?? null,
    contactPhone: r.contact_phone ?? null,
    address: r.address ?? null,
    active: Number(r.active) === 1,
  };
}

/** The firm columns a visit plan or an officer assignment decides on. */
export interface FirmSummaryDbRow {
  id: number;
  name: string;
  region_code: string;
  active: number;
  officer_id: number | null;
}

export function firmSummaryOf(r: FirmSummaryDbRow) {
  return {
    id: Number(r.id),
    name: String(r.name),
    regionCode: String(r.region_code),
    active: Number(r.active) === 1,
    officerId: r.officer_id === null ? null : Number(r.officer_id),
  };
}
