import * as argon2 from 'argon2';
import type { Pool } from 'mysql2/promise';
import { CITY_DEPARTMENT_FAMILIES, COUNTY_DEPARTMENT_FAMILIES, PROVINCE_DEPARTMENTS } from '../../../src/demo/demo-departments';
import { generateCreditCode } from '../../../src/enterprises/domain/credit-code';
import { rowsOf } from '../bench-db';
import type { DatasetProfile } from '../options';
import { BulkInserter, InFlight } from './bulk-loader';
import { Random, Weighted } from './random';
import { enterpriseName, PARKS, personName, phone } from './texts';

/** Every generated account signs in with this password. */
export const BENCH_PASSWORD = 'Qiyuan-Bench-2026';

const DAY_MS = 24 * 3600_000;

export interface RegionRow {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parent_code: string | null;
}

export interface Department {
  id: number;
  regionCode: string;
  level: 'province' | 'city' | 'county';
  family: number;
}

export interface Firm {
  id: number;
  regionCode: string;
  cityCode: string;
  officerId: number | null;
  userId: number;
  whitelist: boolean;
  createdAt: number;
}

export interface Category {
  id: number;
  code: string;
  parentId: number | null;
  urgentByDefault: boolean;
}

/** The organisation the appeals happen in, kept in memory for the appeal generator. */
export interface World {
  now: number;
  province: RegionRow;
  regions: Map<string, RegionRow>;
  /** Departments by region code, indexed by family (the position in the demo's family lists). */
  departmentsByRegion: Map<string, Department[]>;
  handlersByDepartment: Map<number, number[]>;
  supervisorByRegion: Map<string, number>;
  adminId: number;
  officers: Array<{ id: number; regionCode: string }>;
  firms: Firm[];
  categories: Category[];
  policyIds: { normal: number; urgent: number };
  counts: Record<string, number>;
}

/** Share of the province's firms per city (Chengdu leads; the western prefectures have few). */
const CITY_WEIGHTS: Record<string, number> = {
  '510100': 28, '510300': 4, '510400': 3, '510500': 5, '510600': 7, '510700': 7, '510800': 3, '510900': 4, '511000': 4, '511100': 5,
  '511300': 5, '511400': 4, '511500': 6, '511600': 3, '511700': 5, '511800': 2, '511900': 2, '512000': 3, '513200': 1, '513300': 1,
  '513400': 2,
}; // prettier-ignore

/** Which department family answers a category: [province, city, county] positions in the demo lists. */
export const CATEGORY_FAMILY: Record<string, [number, number, number]> = {
  energy: [13, 1, 1], energy_power: [12, 9, 0], energy_coal: [13, 1, 1], energy_gas: [13, 1, 1], labour: [3, 3, 2],
  financing: [4, 4, 0], logistics: [2, 2, 0], supply_chain_break: [0, 0, 0], land_approval: [5, 5, 1], market: [7, 6, 0],
  policy: [0, 0, 0], arrears: [9, 0, 0], fees: [11, 8, 3], tax: [10, 7, 0], technology: [8, 0, 0], emergency: [15, 0, 0],
  other: [0, 0, 0],
}; // prettier-ignore

const INDUSTRIES = new Weighted<string>([
  ['electronic_information', 18], ['equipment_manufacturing', 22], ['food_beverage', 16], ['advanced_materials', 12],
  ['energy_chemicals', 12], ['digital_economy', 8], ['other', 12],
]); // prettier-ignore

const USER_COLUMNS = ['id', 'username', 'password_hash', 'display_name', 'role', 'region_code', 'department_id', 'enterprise_id',
  'is_department_head', 'phone', 'password_changed_at', 'created_at', 'updated_at'] as const; // prettier-ignore

const ENTERPRISE_COLUMNS = ['id', 'credit_code', 'name', 'region_code', 'industry', 'scale', 'tags', 'park', 'contact_person',
  'contact_phone', 'address', 'officer_id', 'created_at', 'updated_at'] as const; // prettier-ignore

/**
 * Departments, staff, enterprises (with valid credit codes and one active officer each, plus some
 * assignment history) and province-wide routing rules. Ids are assigned here, so the appeal
 * generator can reference them without reading anything back.
 */
export async function generateOrganisation(pool: Pool, inFlight: InFlight, profile: DatasetProfile, now: number): Promise<World> {
  const random = new Random(profile.seed);
  const regionRows = await rowsOf<RegionRow>(pool, 'SELECT code, name, level, parent_code FROM regions ORDER BY code');
  const regions = new Map(regionRows.map((r) => [r.code, r]));
  const province = regionRows.find((r) => r.level === 'province') as RegionRow;
  const cities = regionRows.filter((r) => r.level === 'city');
  const countiesOf = new Map<string, RegionRow[]>(cities.map((c) => [c.code, regionRows.filter((r) => r.parent_code === c.code)]));
  const categories = (
    await rowsOf<{ id: number; code: string; parent_id: number | null; urgent_by_default: number }>(
      pool,
      'SELECT id, code, parent_id, urgent_by_default FROM appeal_categories ORDER BY id',
    )
  ).map((c) => ({
    id: Number(c.id),
    code: c.code,
    parentId: c.parent_id === null ? null : Number(c.parent_id),
    urgentByDefault: c.urgent_by_default === 1,
  }));
  const policies = await rowsOf<{ id: number; urgency: string }>(
    pool,
    'SELECT id, urgency FROM sla_policies WHERE category_id IS NULL AND level IS NULL AND superseded_at IS NULL',
  );
  const policyIds = {
    normal: Number(policies.find((p) => p.urgency === 'normal')?.id),
    urgent: Number(policies.find((p) => p.urgency === 'urgent')?.id),
  };

  // Departments: the provincial task force, ten families per city, four per county.
  const departments: Department[] = [];
  const departmentRows: unknown[][] = [];
  const created = new Date(now - 4 * 365 * DAY_MS);
  const addDepartment = (regionCode: string, level: Department['level'], family: number, name: string, short: string) => {
    const id = departments.length + 1;
    departments.push({ id, regionCode, level, family });
    departmentRows.push([id, name, short, regionCode, level, created, created]);
  };
  PROVINCE_DEPARTMENTS.forEach(([name, short], i) => addDepartment(province.code, 'province', i, name, short));
  for (const city of cities) {
    CITY_DEPARTMENT_FAMILIES.forEach(([suffix, short], i) =>
      addDepartment(city.code, 'city', i, `${city.name}${suffix}`, `${city.name.slice(0, 2)}${short}`),
    );
    for (const county of countiesOf.get(city.code) ?? []) {
      COUNTY_DEPARTMENT_FAMILIES.forEach(([suffix, short], i) =>
        addDepartment(county.code, 'county', i, `${county.name}${suffix}`, `${county.name}${short}`),
      );
    }
  }
  const departmentsByRegion = new Map<string, Department[]>();
  for (const d of departments) departmentsByRegion.set(d.regionCode, [...(departmentsByRegion.get(d.regionCode) ?? []), d]);
  const departmentInserter = new BulkInserter(pool, inFlight, 'departments', [
    'id',
    'name',
    'short_name',
    'region_code',
    'level',
    'created_at',
    'updated_at',
  ]);
  for (const row of departmentRows) await departmentInserter.add(row);
  await departmentInserter.flush();

  // Enterprises per county (a few registered at city level, 市本级).
  const cityPick = new Weighted(cities.map((c) => [c, CITY_WEIGHTS[c.code] ?? 3] as const));
  const countyPick = new Map(
    cities.map((c) => [c.code, new Weighted((countiesOf.get(c.code) ?? [c]).map((county) => [county, random.between(0.5, 1.5)] as const))]),
  );
  const firmRegions: RegionRow[] = [];
  for (let i = 0; i < profile.enterprises; i += 1) {
    const city = cityPick.draw(random);
    firmRegions.push(random.chance(0.03) ? city : (countyPick.get(city.code) as Weighted<RegionRow>).draw(random));
  }
  const firmsPerRegion = new Map<string, number>();
  for (const r of firmRegions) firmsPerRegion.set(r.code, (firmsPerRegion.get(r.code) ?? 0) + 1);

  // Users: admin, a supervisor per region, officers in proportion to the firms they serve,
  // two handlers per department (the first is its head), and one account per enterprise.
  const passwordHash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const users = new BulkInserter(pool, inFlight, 'users', USER_COLUMNS);
  let nextUserId = 1;
  const addUser = async (
    username: string,
    role: string,
    regionCode: string,
    extra: { departmentId?: number; enterpriseId?: number; head?: boolean; phone?: string | null } = {},
  ): Promise<number> => {
    const id = nextUserId++;
    const name = role === 'enterprise' ? `企业联系人${personName(random)}` : personName(random);
    await users.add([id, username, passwordHash, name, role, regionCode, extra.departmentId ?? null, extra.enterpriseId ?? null,
      extra.head ? 1 : 0, extra.phone ?? null, created, created, created]); // prettier-ignore
    return id;
  };
  const adminId = await addUser('bench_admin', 'admin', province.code);
  const supervisorByRegion = new Map<string, number>();
  for (const region of regionRows)
    supervisorByRegion.set(region.code, await addUser(`sup_${region.code}`, 'supervisor', region.code, { phone: phone(random) }));

  const officers: Array<{ id: number; regionCode: string }> = [];
  const officersOf = new Map<string, number[]>();
  const addOfficers = async (regionCode: string, n: number) => {
    const ids: number[] = [];
    for (let i = 1; i <= n; i += 1) {
      const id = await addUser(`off_${regionCode}_${i}`, 'officer', regionCode, { phone: phone(random) });
      officers.push({ id, regionCode });
      ids.push(id);
    }
    officersOf.set(regionCode, ids);
  };
  await addOfficers(province.code, 2);
  for (const city of cities) {
    await addOfficers(city.code, Math.max(2, Math.ceil((firmsPerRegion.get(city.code) ?? 0) / 20)));
    for (const county of countiesOf.get(city.code) ?? [])
      await addOfficers(county.code, Math.max(1, Math.round((firmsPerRegion.get(county.code) ?? 0) / 20)));
  }

  const handlersByDepartment = new Map<number, number[]>();
  for (const d of departments) {
    const head = await addUser(`hdl_${d.id}_1`, 'handler', d.regionCode, { departmentId: d.id, head: true, phone: phone(random) });
    const staff = await addUser(`hdl_${d.id}_2`, 'handler', d.regionCode, { departmentId: d.id, phone: phone(random) });
    handlersByDepartment.set(d.id, [head, staff]);
  }

  // Enterprises, their accounts and officer assignments.
  const enterprises = new BulkInserter(pool, inFlight, 'enterprises', ENTERPRISE_COLUMNS);
  const assignments = new BulkInserter(pool, inFlight, 'officer_assignments', [
    'enterprise_id', 'officer_id', 'started_at', 'ended_at', 'assigned_by', 'reason', 'ended_by', 'end_reason',
  ]); // prettier-ignore
  const firms: Firm[] = [];
  const sequenceInRegion = new Map<string, number>();
  const roundRobin = new Map<string, number>();
  for (let i = 0; i < firmRegions.length; i += 1) {
    const region = firmRegions[i];
    const id = i + 1;
    const cityCode = `${region.code.slice(0, 4)}00`;
    const seq = (sequenceInRegion.get(region.code) ?? 0) + 1;
    sequenceInRegion.set(region.code, seq);
    const industry = INDUSTRIES.draw(random);
    const tags: string[] = [];
    if (random.chance(0.1)) tags.push('specialized');
    if (random.chance(0.03)) tags.push('large_group');
    if (random.chance(0.05)) tags.push('whitelist');
    if (random.chance(0.08)) tags.push('nurture');
    const createdAt = now - random.between(2.1, 5) * 365 * DAY_MS;
    const candidates = officersOf.get(region.code) ?? [];
    const turn = roundRobin.get(region.code) ?? 0;
    roundRobin.set(region.code, turn + 1);
    const officerId = candidates.length && !random.chance(0.005) ? candidates[turn % candidates.length] : null;
    const userId = nextUserId; // the enterprise account is added right below
    await addUser(`ent_${id}`, 'enterprise', region.code, { enterpriseId: id, phone: phone(random) });
    const when = new Date(createdAt);
    await enterprises.add([
      id,
      generateCreditCode(region.code, seq),
      enterpriseName(random, region.name, industry, id),
      region.code,
      industry,
      random.chance(0.75) ? 'above' : 'below',
      tags.join(','),
      random.pick(PARKS),
      personName(random),
      phone(random),
      `${region.name}${random.int(1, 300)}号`,
      officerId,
      when,
      when,
    ]);
    if (officerId !== null) {
      const startedAt = createdAt + DAY_MS;
      const previous = candidates.length > 1 && random.chance(0.1) ? candidates[(turn + 1) % candidates.length] : null;
      if (previous !== null) {
        const handover = startedAt + random.between(0.2, 0.8) * (now - 2 * 365 * DAY_MS - startedAt);
        await assignments.add([id, previous, new Date(startedAt), new Date(handover), adminId, '初始分配', adminId, '专员岗位调整']);
        await assignments.add([id, officerId, new Date(handover), null, adminId, '专员岗位调整', null, null]);
      } else {
        await assignments.add([id, officerId, new Date(startedAt), null, adminId, '初始分配', null, null]);
      }
    }
    firms.push({ id, regionCode: region.code, cityCode, officerId, userId, whitelist: tags.includes('whitelist'), createdAt });
  }
  await users.flush();
  await enterprises.flush();
  await assignments.flush();

  // Province-wide routing rules: each category to the provincial department of its family.
  const provinceDepartments = departmentsByRegion.get(province.code) ?? [];
  const rules = new BulkInserter(pool, inFlight, 'routing_rules', ['category_id', 'region_code', 'level', 'department_id', 'created_by']);
  for (const category of categories) {
    const family = CATEGORY_FAMILY[category.code]?.[0] ?? 0;
    await rules.add([category.id, province.code, null, provinceDepartments[family].id, adminId]);
  }
  await rules.flush();
  await inFlight.drain();

  return {
    now,
    province,
    regions,
    departmentsByRegion,
    handlersByDepartment,
    supervisorByRegion,
    adminId,
    officers,
    firms,
    categories,
    policyIds,
    counts: {
      departments: departments.length,
      users: nextUserId - 1,
      officers: officers.length,
      enterprises: firms.length,
      enterprisesWithoutOfficer: firms.filter((f) => f.officerId === null).length,
      officerAssignments: assignments.inserted,
    },
  };
}
