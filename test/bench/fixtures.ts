import type { Pool } from 'mysql2/promise';
import { rowsOf } from './bench-db';
import { BENCH_PASSWORD } from './dataset/org-generator';

/** The users and records the scenarios act on, picked from the data set with a fixed seed. */
export interface Fixtures {
  officers: Array<{ id: number; username: string; token: string }>;
  /** Enterprise accounts whose firms have an officer, with what a raw submission needs to know. */
  firms: Array<{ username: string; token: string; userId: number; enterpriseId: number; regionCode: string; officerId: number }>;
  /** Appeals of those officers' firms (open and finished), each with the index of its officer. */
  appeals: Array<{ id: number; officer: number }>;
  provinceSupervisor: { username: string; token: string };
  citySupervisors: Array<{ username: string; token: string }>;
  admin: { username: string; token: string };
  /** Leaf categories a submission may name. */
  categoryIds: number[];
  /** The officer holding a large share of the open appeals (skew.ts), when the data set has one. */
  skewedOfficer?: { id: number; username: string; token: string; openAppeals: number };
}

export async function login(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`Login of ${username} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function loginAll<T extends { username: string }>(baseUrl: string, users: T[]): Promise<Array<T & { token: string }>> {
  const out: Array<T & { token: string }> = [];
  // argon2id at 19 MiB per check: a few at a time.
  for (let i = 0; i < users.length; i += 4) {
    const batch = users.slice(i, i + 4);
    const tokens = await Promise.all(batch.map((u) => login(baseUrl, u.username)));
    batch.forEach((u, k) => out.push({ ...u, token: tokens[k] }));
  }
  return out;
}

export async function loadFixtures(
  pool: Pool,
  baseUrl: string,
  perRole: number,
  skewed?: { id: number; username: string; openAppeals: number },
): Promise<Fixtures> {
  const officerRows = await rowsOf<{ id: number; username: string }>(
    pool,
    `SELECT u.id, u.username FROM users u
      WHERE u.role = 'officer' AND u.username <> 'off_skew' AND EXISTS (SELECT 1 FROM enterprises e WHERE e.officer_id = u.id)
      ORDER BY RAND(11) LIMIT ?`,
    [perRole],
  );
  const firmRows = await rowsOf<{ username: string; userId: number; enterpriseId: number; regionCode: string; officerId: number }>(
    pool,
    `SELECT u.username, u.id AS userId, e.id AS enterpriseId, e.region_code AS regionCode, e.officer_id AS officerId
       FROM enterprises e JOIN users u ON u.enterprise_id = e.id AND u.role = 'enterprise'
      WHERE e.officer_id IS NOT NULL AND e.active = 1
      ORDER BY RAND(12) LIMIT ?`,
    [perRole],
  );
  const officerIndex = new Map(officerRows.map((o, i) => [Number(o.id), i]));
  const appealRows = officerRows.length
    ? await rowsOf<{ id: number; officer_id: number }>(
        pool,
        'SELECT id, officer_id FROM appeals WHERE officer_id IN (?) ORDER BY RAND(13) LIMIT 5000',
        [officerRows.map((o) => o.id)],
      )
    : [];
  const cities = await rowsOf<{ code: string }>(pool, "SELECT code FROM regions WHERE level = 'city' ORDER BY code");
  const categories = await rowsOf<{ id: number }>(
    pool,
    'SELECT c.id FROM appeal_categories c WHERE c.active = 1 AND NOT EXISTS (SELECT 1 FROM appeal_categories k WHERE k.parent_id = c.id)',
  );

  const officers = await loginAll(
    baseUrl,
    officerRows.map((o) => ({ id: Number(o.id), username: o.username })),
  );
  const firms = await loginAll(
    baseUrl,
    firmRows.map((f) => ({ ...f, userId: Number(f.userId), enterpriseId: Number(f.enterpriseId), officerId: Number(f.officerId) })),
  );
  const [provinceSupervisor] = await loginAll(baseUrl, [{ username: 'sup_510000' }]);
  const citySupervisors = await loginAll(
    baseUrl,
    cities.map((c) => ({ username: `sup_${c.code}` })),
  );
  const [admin] = await loginAll(baseUrl, [{ username: 'bench_admin' }]);
  const skewedOfficer = skewed ? { ...skewed, token: await login(baseUrl, skewed.username) } : undefined;
  return {
    skewedOfficer,
    officers,
    firms,
    appeals: appealRows.map((a) => ({ id: Number(a.id), officer: officerIndex.get(Number(a.officer_id)) as number })),
    provinceSupervisor,
    citySupervisors,
    admin,
    categoryIds: categories.map((c) => Number(c.id)),
  };
}
