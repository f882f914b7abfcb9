import type { Pool } from 'mysql2/promise';
import { rowsOf, scalar } from './bench-db';

export const SKEWED_OFFICER = 'off_skew';

export interface SkewedOfficer {
  id: number;
  username: string;
  openAppeals: number;
  firms: number;
}

/**
 * One officer holding a large share of the open appeals (#22: "one officer with 20,000 open
 * appeals"), so the caseload's plan is measured where the optimizer's statistics are skewed.
 * Idempotent and kept with the data set: the officer `off_skew` is added once, and firms (with
 * their appeals, which follow the firm) are moved to it, the firms with the most open appeals
 * first, until it holds `target` open appeals; then the appeals' statistics are refreshed.
 */
export async function ensureSkewedOfficer(pool: Pool, target: number, log: (m: string) => void): Promise<SkewedOfficer> {
  let id = await scalar(pool, 'SELECT COALESCE(MAX(id), 0) FROM users WHERE username = ?', [SKEWED_OFFICER]);
  if (!id) {
    const [result] = await pool.query(
      `INSERT INTO users (username, password_hash, display_name, role, region_code, phone)
       SELECT ?, password_hash, '倾斜专员', 'officer', '510100', '13800000000' FROM users WHERE role = 'officer' ORDER BY id LIMIT 1`,
      [SKEWED_OFFICER],
    );
    id = Number((result as { insertId: number }).insertId);
  }
  const open = () => scalar(pool, 'SELECT COUNT(*) FROM appeals WHERE officer_id = ? AND is_open = 1', [id]);
  let openAppeals = await open();
  if (openAppeals < target) {
    const started = Date.now();
    const candidates = await rowsOf<{ enterprise_id: number; n: number }>(
      pool,
      `SELECT enterprise_id, COUNT(*) AS n FROM appeals WHERE is_open = 1 AND officer_id IS NOT NULL AND officer_id <> ?
        GROUP BY enterprise_id ORDER BY n DESC, enterprise_id`,
      [id],
    );
    const firms: number[] = [];
    let sum = openAppeals;
    for (const c of candidates) {
      if (sum >= target) break;
      firms.push(Number(c.enterprise_id));
      sum += Number(c.n);
    }
    for (let i = 0; i < firms.length; i += 500) {
      const batch = firms.slice(i, i + 500);
      await pool.query('UPDATE enterprises SET officer_id = ? WHERE id IN (?)', [id, batch]);
      await pool.query('UPDATE appeals SET officer_id = ? WHERE enterprise_id IN (?)', [id, batch]);
    }
    await pool.query('ANALYZE TABLE appeals, enterprises');
    openAppeals = await open();
    log(`Skewed officer ${SKEWED_OFFICER}: moved ${firms.length} firms to it, ${openAppeals} open appeals (${Date.now() - started} ms)`);
  }
  const firms = await scalar(pool, 'SELECT COUNT(*) FROM enterprises WHERE officer_id = ?', [id]);
  return { id, username: SKEWED_OFFICER, openAppeals, firms };
}
