import type { Industry, Scale, Tag } from './domain/enterprise-vocabulary';

/** The descriptive fields of an `enterprises` row (snake_case, as mysql2 returns it), typed. */
export function enterpriseFieldsFromRow(r: Record<string, unknown>) {
  return {
    creditCode: String(r.credit_code),
    name: String(r.name),
    regionCode: String(r.region_code),
    industry: r.industry as Industry,
    scale: r.scale as Scale,
    tags: r.tags ? (String(r.tags).split(',') as Tag[]) : [],
    park: (r.park as string | null) ?? null,
    contactPerson: (r.contact_person as string | null) ?? null,
    contactPhone: (r.contact_phone as string | null) ?? null,
    address: (r.address as string | null) ?? null,
    active: Number(r.active) === 1,
  };
}
