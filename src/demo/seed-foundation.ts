import type { DataSource } from 'typeorm';
import { PasswordHasher } from '../users/password-hasher';
import { CITY_DEPARTMENT_FAMILIES, COUNTY_DEPARTMENT_FAMILIES, DEMO_PASSWORD, PROVINCE_DEPARTMENTS } from './demo-departments';

export interface DemoLogin {
  username: string;
  role: string;
  who: string;
}

/** Departments for province, cities and Chengdu's districts, inserted in a few multi-row statements. */
export async function seedDepartments(db: DataSource): Promise<void> {
  const regions: Array<{ code: string; name: string; level: string; parent_code: string | null }> = await db.query(
    'SELECT code, name, level, parent_code FROM regions ORDER BY code',
  );
  const rows: unknown[][] = [];
  for (const [name, short] of PROVINCE_DEPARTMENTS) rows.push([name, short, '510000', 'province']);
  for (const city of regions.filter((r) => r.level === 'city')) {
    for (const [suffix, short] of CITY_DEPARTMENT_FAMILIES)
      rows.push([`${city.name}${suffix}`, `${city.name.slice(0, 2)}${short}`, city.code, 'city']);
  }
  for (const county of regions.filter((r) => r.level === 'county')) {
    for (const [suffix, short] of COUNTY_DEPARTMENT_FAMILIES)
      rows.push([`${county.name}${suffix}`, `${county.name}${short}`, county.code, 'county']);
  }
  await db.query(
    `INSERT INTO departments (name, short_name, region_code, level) VALUES ${rows.map(() => '(?,?,?,?)').join(',')}`,
    rows.flat(),
  );
}

async function departmentId(db: DataSource, name: string): Promise<number> {
  const [row] = await db.query('SELECT id FROM departments WHERE name = ?', [name]);
  return Number(row.id);
}

/** One user per role (more where a role needs a counterpart in another region for the demo story). */
export async function seedStaff(db: DataSource, hasher: PasswordHasher): Promise<DemoLogin[]> {
  const hash = await hasher.hash(DEMO_PASSWORD);
  const staff: Array<{ username: string; name: string; role: string; region: string; dept?: string; head?: boolean; who: string }> = [
    { username: 'admin', name: '系统管理员', role: 'admin', region: '510000', who: 'administrator (whole province)' },
    { username: 'supervisor', name: '省督办员', role: 'supervisor', region: '510000', who: 'provincial supervisor' },
    { username: 'supervisor_cd', name: '成都市督办员', role: 'supervisor', region: '510100', who: 'Chengdu city supervisor' },
    { username: 'officer', name: '锦江区专员', role: 'officer', region: '510104', who: 'liaison officer, Jinjiang district of Chengdu' },
    { username: 'officer_cd', name: '成都市专员', role: 'officer', region: '510100', who: 'liaison officer, Chengdu city unit' },
    { username: 'officer_my', name: '绵阳市专员', role: 'officer', region: '510700', who: 'liaison officer, Mianyang city unit' },
    {
      username: 'handler',
      name: '成都经信局办理员',
      role: 'handler',
      region: '510100',
      dept: '成都市经济和信息化局',
      who: 'handler, Chengdu economy and IT bureau',
    },
    {
      username: 'handler_head',
      name: '成都经信局局长',
      role: 'handler',
      region: '510100',
      dept: '成都市经济和信息化局',
      head: true,
      who: 'head of that bureau (receives supervision orders)',
    },
    {
      username: 'handler_jj',
      name: '锦江区经信局办理员',
      role: 'handler',
      region: '510104',
      dept: '锦江区经济科技和信息化局',
      who: 'handler, Jinjiang district economy bureau',
    },
    {
      username: 'handler_hr',
      name: '成都人社局办理员',
      role: 'handler',
      region: '510100',
      dept: '成都市人力资源和社会保障局',
      who: 'handler, Chengdu human resources bureau',
    },
    {
      username: 'handler_prov',
      name: '省经信厅办理员',
      role: 'handler',
      region: '510000',
      dept: '四川省经济和信息化厅',
      who: 'handler, provincial economy and IT department',
    },
  ];
  for (const s of staff) {
    const dept = s.dept ? await departmentId(db, s.dept) : null;
    await db.query(
      `INSERT INTO users (username, password_hash, display_name, role, region_code, department_id, is_department_head)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [s.username, hash, s.name, s.role, s.region, dept, s.head ? 1 : 0],
    );
  }
  return staff.map((s) => ({ username: s.username, role: s.role, who: s.who }));
}

/**
 * The province's industrial-chain task force (产业链专班): the seed documents' "17 provincial
 * departments working in one task force", here every provincial department the demo has (17).
 */
export async function seedTaskForces(db: DataSource): Promise<void> {
  const names = PROVINCE_DEPARTMENTS.map(([name]) => name);
  const members: Array<{ id: number }> = await db.query("SELECT id FROM departments WHERE region_code = '510000' AND name IN (?) ORDER BY id", [names]);
  if (!members.length) return;
  const result: { insertId: number } = await db.query('INSERT INTO task_forces (name, region_code) VALUES (?, ?)', [
    `四川省产业链专班（${members.length}个省级部门）`,
    '510000',
  ]);
  await db.query(
    `INSERT INTO task_force_members (task_force_id, department_id) VALUES ${members.map(() => '(?, ?)').join(', ')}`,
    members.flatMap((m) => [Number(result.insertId), Number(m.id)]),
  );
}
