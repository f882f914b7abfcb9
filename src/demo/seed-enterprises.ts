import type { DataSource } from 'typeorm';
import { generateCreditCode } from '../enterprises/domain/credit-code';
import { INDUSTRIES, type Industry, type Tag } from '../enterprises/domain/enterprise-vocabulary';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { PasswordHasher } from '../users/password-hasher';
import { DEMO_PASSWORD } from './demo-departments';
import type { DemoLogin } from './seed-foundation';
import type { EnterpriseImportRepository } from '../imports/enterprise-import.repository';

const DAY = 24 * 3600 * 1000;
const JINJIANG = '510104';
const CHENGDU = '510100';
const MIANYANG = '510700';

/** Short names for the officer accounts of the cities that have no demo officer yet. */
const CITY_ACCOUNTS: Record<string, string> = {
  '510300': 'zg',
  '510400': 'pzh',
  '510500': 'lz',
  '510600': 'dy',
  '510800': 'gy',
  '510900': 'sn',
  '511000': 'nj',
  '511100': 'ls',
  '511300': 'nc',
  '511400': 'ms',
  '511500': 'yb',
  '511600': 'ga',
  '511700': 'dz',
  '511800': 'ya',
  '511900': 'bz',
  '512000': 'zy',
  '513200': 'ab',
  '513300': 'gz',
  '513400': 'lsz',
};

const STEMS = [
  '锦程',
  '天府',
  '蜀通',
  '川能',
  '华西',
  '金沙',
  '岷江',
  '嘉陵',
  '峨眉',
  '青城',
  '巴山',
  '蓉创',
  '西部',
  '长虹',
  '安宁',
  '鼎盛',
  '恒达',
  '众联',
  '宏图',
  '兴川',
  '汇丰',
  '瑞通',
  '国泰',
  '新源',
  '盛世',
  '博远',
  '卓越',
  '康达',
  '远航',
  '宏远',
];
const INDUSTRY_WORDS: Record<Industry, string[]> = {
  electronic_information: ['电子科技', '微电子', '光电技术', '通信设备'],
  equipment_manufacturing: ['机械制造', '重型装备', '精密机械', '汽车零部件'],
  food_beverage: ['食品', '酒业', '茶业', '饮品'],
  advanced_materials: ['新材料', '钒钛科技', '复合材料', '特种玻璃'],
  energy_chemicals: ['化工', '天然气化工', '新能源', '锂电科技'],
  digital_economy: ['数字科技', '软件技术', '大数据', '云计算'],
  other: ['纺织', '建材', '印务', '家具'],
};
const SUFFIXES = ['有限公司', '有限公司', '有限公司', '股份有限公司', '集团有限公司'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const VISIT_NOTES = [
  '走访了解生产经营情况，企业运行平稳',
  '宣讲留抵退税和技改补贴政策',
  '了解企业用工需求，拟对接人社部门招聘会',
  '企业反映用电负荷紧张，已记录并协调供电公司',
  '了解原材料价格上涨对成本的影响',
  '企业反映融资需求，已推荐银企对接活动',
];

/** The same pseudo-random sequence every time, so every demo database looks alike. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

interface DemoFirm {
  creditCode: string;
  name: string;
  regionCode: string;
  cityCode: string;
  industry: Industry;
  scale: 'above' | 'below';
  tags: Tag[];
  park: string | null;
  contactPerson: string;
  contactPhone: string;
  address: string;
}

async function ids(db: DataSource, sql: string, params: unknown[] = []): Promise<number[]> {
  const rows: Array<{ id: number }> = await db.query(sql, params);
  return rows.map((r) => Number(r.id));
}

/**
 * About 300 firms across all 21 cities, with valid credit codes; an officer account per city
 * (the existing officer, officer_cd and officer_my serve Jinjiang, Chengdu and Mianyang); a few
 * firms left without an officer so coverage is not trivially 100 %; enterprise accounts for some
 * firms (ent_<id>, plus the demo login `enterprise` for a Jinjiang firm); and visits over the last
 * three months. Every table is written with multi-row statements.
 */
export async function seedEnterprises(
  db: DataSource,
  hasher: PasswordHasher,
  firmsWriter: EnterpriseImportRepository,
  now: Date,
): Promise<{ logins: DemoLogin[]; firms: number; visits: number }> {
  const random = prng(510000);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const regions: Array<{ code: string; name: string; level: string; parent_code: string | null }> = await db.query(
    "SELECT code, name, level, parent_code FROM regions WHERE level <> 'province' ORDER BY code",
  );
  const cities = regions.filter((r) => r.level === 'city');
  const countiesOf = (city: string) => regions.filter((r) => r.parent_code === city);
  const [adminId] = await ids(db, "SELECT id FROM users WHERE username = 'admin'");
  const staffOfficer = async (username: string) => (await ids(db, 'SELECT id FROM users WHERE username = ?', [username]))[0];

  // --- firms --------------------------------------------------------------------------------
  const firms: DemoFirm[] = [];
  let sequence = 0;
  for (const city of cities) {
    const count = city.code === CHENGDU ? 60 : city.code === MIANYANG ? 24 : 12;
    const counties = countiesOf(city.code);
    for (let i = 0; i < count; i += 1) {
      // Chengdu: the first 14 in Jinjiang (the demo district officer's), a few at city level.
      const regionCode = city.code === CHENGDU && i < 14 ? JINJIANG : i % 7 === 6 || !counties.length ? city.code : pick(counties).code;
      const industry = pick(INDUSTRIES);
      const scale = random() < 0.8 ? 'above' : 'below';
      const tags: Tag[] = [];
      if (random() < 0.1) tags.push('specialized');
      if (scale === 'above' && random() < 0.06) tags.push('large_group');
      if (random() < 0.12) tags.push('whitelist');
      if (scale === 'below' && random() < 0.6) tags.push('nurture');
      const cityShort = city.name.replace(/(市|藏族羌族自治州|藏族自治州|彝族自治州)$/, '');
      sequence += 1;
      firms.push({
        creditCode: generateCreditCode(regionCode, 1000 + sequence),
        name: `${cityShort}${pick(STEMS)}${pick(INDUSTRY_WORDS[industry])}${pick(SUFFIXES)}`,
        regionCode,
        cityCode: city.code,
        industry,
        scale,
        tags: (['specialized', 'large_group', 'whitelist', 'nurture'] as const).filter((t) => tags.includes(t)),
        park: random() < 0.5 ? `${cityShort}经济技术开发区` : null,
        contactPerson: `${pick(SURNAMES)}经理`,
        contactPhone: `13${Math.floor(100_000_000 + random() * 899_999_999)}`,
        address: `${regions.find((r) => r.code === regionCode)?.name ?? ''}工业园区${1 + Math.floor(random() * 200)}号`,
      });
    }
  }
  // Names repeat by chance; a firm's name should not.
  const seen = new Map<string, number>();
  for (const firm of firms) {
    const n = (seen.get(firm.name) ?? 0) + 1;
    seen.set(firm.name, n);
    if (n > 1) firm.name = firm.name.replace(/(有限公司|股份有限公司|集团有限公司)$/, `第${n}分$1`);
  }
  // Written the way an import writes firms (multi-row, keyed by credit code).
  await firmsWriter.upsert(db.manager, firms, now);
  const idOf = await firmsWriter.idsByCreditCode(
    db.manager,
    firms.map((f) => f.creditCode),
  );

  // --- accounts: the demo firm login first (it is listed on later runs), then city officers ---
  const hash = await hasher.hash(DEMO_PASSWORD);
  const demoFirm = firms.find((f) => f.regionCode === JINJIANG) as DemoFirm;
  await db.query(
    "INSERT INTO users (username, password_hash, display_name, role, region_code, enterprise_id, phone) VALUES ('enterprise', ?, ?, 'enterprise', ?, ?, ?)",
    [hash, `${demoFirm.contactPerson}（${demoFirm.name}）`, JINJIANG, idOf.get(demoFirm.creditCode), demoFirm.contactPhone],
  );
  const cityOfficerRows = cities
    .filter((c) => CITY_ACCOUNTS[c.code])
    .map((c) => [`officer_${CITY_ACCOUNTS[c.code]}`, hash, `${c.name}专员`, 'officer', c.code]);
  await db.query(
    `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES ${cityOfficerRows.map(() => '(?,?,?,?,?)').join(',')}`,
    cityOfficerRows.flat(),
  );
  const officerOfCity = new Map<string, number>();
  for (const city of cities) {
    const username = city.code === CHENGDU ? 'officer_cd' : city.code === MIANYANG ? 'officer_my' : `officer_${CITY_ACCOUNTS[city.code]}`;
    officerOfCity.set(city.code, await staffOfficer(username));
  }
  const jinjiangOfficer = await staffOfficer('officer');

  // Some firms have their own account, for appeals submitted through the portal.
  const firmAccounts = firms.filter((f, i) => f !== demoFirm && i % 3 === 0);
  await db.query(
    `INSERT INTO users (username, password_hash, display_name, role, region_code, enterprise_id)
     VALUES ${firmAccounts.map(() => "(?,?,?,'enterprise',?,?)").join(',')}`,
    firmAccounts.flatMap((f) => [
      `ent_${idOf.get(f.creditCode)}`,
      hash,
      `${f.contactPerson}（${f.name}）`,
      f.regionCode,
      idOf.get(f.creditCode),
    ]),
  );

  // --- officer assignments, with some history --------------------------------------------------
  const assignments: unknown[][] = [];
  firms.forEach((firm, index) => {
    const id = idOf.get(firm.creditCode);
    const started = new Date(now.getTime() - (30 + Math.floor(random() * 500)) * DAY);
    if (firm.regionCode === JINJIANG) {
      // Jinjiang firms were first looked after by the Chengdu city officer, then handed to the district.
      const handedOver = new Date(now.getTime() - (20 + Math.floor(random() * 60)) * DAY);
      const cityOfficer = officerOfCity.get(CHENGDU);
      assignments.push([id, cityOfficer, started, handedOver, adminId, '首次分配', adminId, '移交锦江区专员']);
      assignments.push([id, jinjiangOfficer, handedOver, null, adminId, '移交锦江区专员', null, null]);
    } else if (index % 25 !== 24) {
      assignments.push([id, officerOfCity.get(firm.cityCode), started, null, adminId, '首次分配', null, null]);
    }
  });
  await db.query(
    `INSERT INTO officer_assignments (enterprise_id, officer_id, started_at, ended_at, assigned_by, reason, ended_by, end_reason)
     VALUES ${assignments.map(() => '(?,?,?,?,?,?,?,?)').join(',')}`,
    assignments.flat(),
  );
  await db.query(
    `UPDATE enterprises e JOIN officer_assignments a ON a.active_enterprise_id = e.id
        SET e.officer_id = a.officer_id WHERE e.id IN (?)`,
    [[...idOf.values()]],
  );

  // --- visits over the last three months -------------------------------------------------------
  const assigned: Array<{ id: number; officer_id: number; region_code: string }> = await db.query(
    'SELECT id, officer_id, region_code FROM enterprises WHERE officer_id IS NOT NULL AND id IN (?) ORDER BY id',
    [[...idOf.values()]],
  );
  const visits: unknown[][] = [];
  for (const firm of assigned) {
    const count = random() < 0.35 ? 0 : 1 + Math.floor(random() * 2);
    for (let v = 0; v < count; v += 1) {
      const day = shanghaiDateOf(new Date(now.getTime() - Math.floor(random() * 90) * DAY));
      const problems = random() < 0.3;
      visits.push([
        firm.id,
        firm.officer_id,
        firm.region_code,
        day,
        pick(['on_site', 'on_site', 'phone', 'online']),
        '企业负责人、专员',
        pick(VISIT_NOTES),
        problems ? 1 : 0,
        `office:${firm.region_code}`,
        // Demo visits are made and confirmed by the firm, so coverage counts them.
        '联络专员',
        'confirmed',
        now,
        now,
      ]);
    }
  }
  await db.query(
    `INSERT INTO visits (enterprise_id, officer_id, region_code, visit_date, form, participants, notes, problems_found, unit_key, unit_name,
                         confirmation, logged_at, created_at)
     VALUES ${visits.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
    visits.flat(),
  );

  return {
    firms: firms.length,
    visits: visits.length,
    logins: [
      { username: 'enterprise', role: 'enterprise', who: `staff of ${demoFirm.name} (Jinjiang; its officer is "officer")` },
      {
        username: 'officer_gy',
        role: 'officer',
        who: 'liaison officer, Guangyuan city (likewise officer_zg, officer_lz, … for every city)',
      },
    ],
  };
}
