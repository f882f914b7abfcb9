import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { enterpriseVisibleCondition } from '../../enterprises/enterprise-scope';

/** The lookups a project list import checks its rows against, each one query for the whole file. */
@Injectable()
export class ProjectImportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async regions(): Promise<Set<string>> {
    const rows: Array<{ code: string }> = await this.db.query('SELECT code FROM regions');
    return new Set(rows.map((r) => r.code));
  }

  async firmsByCode(user: AuthUser, codes: string[]): Promise<Map<string, number>> {
    if (!codes.length) return new Map();
    const visible = enterpriseVisibleCondition('e', user);
    const rows: Array<{ id: number; credit_code: string }> = await this.db.query(
      `SELECT e.id, e.credit_code FROM enterprises e WHERE e.credit_code IN (?) AND ${visible.sql}`,
      [codes, ...visible.params],
    );
    return new Map(rows.map((r) => [r.credit_code, Number(r.id)]));
  }

  async officersByUsername(user: AuthUser, usernames: string[]): Promise<Map<string, number>> {
    if (!usernames.length) return new Map();
    const rows: Array<{ id: number; username: string }> = await this.db.query(
      "SELECT id, username FROM users WHERE username IN (?) AND role = 'officer' AND active = 1 AND region_code LIKE ?",
      [usernames, `${user.reachPrefix}%`],
    );
    return new Map(rows.map((r) => [r.username, Number(r.id)]));
  }

  async existing(names: string[]): Promise<Set<string>> {
    if (!names.length) return new Set();
    const rows: Array<{ name: string; region_code: string }> = await this.db.query(
      'SELECT name, region_code FROM projects WHERE name IN (?)',
      [names],
    );
    return new Set(rows.map((r) => `${r.name}|${r.region_code}`));
  }
}
