import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RegionLevel } from '../../common/auth/role';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** Display names for group keys: regions, departments, officers and categories. */
@Injectable()
export class GroupNamesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async region(code: string): Promise<RegionRow | null> {
    const rows = await this.regionsWhere('code = ?', [code]);
    return rows[0] ?? null;
  }

  /** Regions of one level whose codes start with `prefix` (the whole tree for ''). */
  regionsOfLevel(level: RegionLevel, prefix: string): Promise<RegionRow[]> {
    return this.regionsWhere('level = ? AND code LIKE ?', [level, `${prefix}%`]);
  }

  regions(codes: string[]): Promise<RegionRow[]> {
    return codes.length ? this.regionsWhere(`code IN (${codes.map(() => '?').join(',')})`, codes) : Promise.resolve([]);
  }

  departments(ids: number[]): Promise<Map<string, string>> {
    return this.names('SELECT id, name FROM departments WHERE id IN', ids);
  }

  officers(ids: number[]): Promise<Map<string, string>> {
    return this.names('SELECT id, display_name AS name FROM users WHERE id IN', ids);
  }

  categories(ids: number[]): Promise<Map<string, string>> {
    return this.names('SELECT id, name FROM appeal_categories WHERE id IN', ids);
  }

  private async regionsWhere(where: string, params: unknown[]): Promise<RegionRow[]> {
    const rows: Array<{ code: string; name: string; level: RegionLevel; parent_code: string | null }> = await this.db.query(
      `SELECT code, name, level, parent_code FROM regions WHERE ${where} ORDER BY code`,
      params,
    );
    return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
  }

  private async names(select: string, ids: number[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: number; name: string }> = await this.db.query(`${select} (${ids.map(() => '?').join(',')})`, ids);
    return new Map(rows.map((r) => [String(r.id), r.name]));
  }
}
