import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { GroupCityDto, GroupDuty, GroupMemberDto } from './dto/group.dto';

export interface GroupRecord {
  id: number;
  name: string;
  leaderId: number;
  periodStart: string;
  periodEnd: string | null;
  description: string | null;
  version: number;
  cities: GroupCityDto[];
  members: GroupMemberDto[];
}

/** The SQL of working groups themselves: their cities and members. */
@Injectable()
export class GroupsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  async staffUsers(ids: number[]): Promise<Map<number, { id: number; role: string; active: boolean }>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: number; role: string; active: number }> = await this.db.query(
      "SELECT id, role, active FROM users WHERE id IN (?) AND role <> 'enterprise'",
      [ids],
    );
    return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), role: r.role, active: Number(r.active) === 1 }]));
  }

  /** Active staff users by username (console forms name people by their account). */
  async staffByUsername(usernames: string[]): Promise<Map<string, number>> {
    if (!usernames.length) return new Map();
    const rows: Array<{ id: number; username: string }> = await this.db.query(
      "SELECT id, username FROM users WHERE username IN (?) AND role <> 'enterprise' AND active = 1",
      [usernames],
    );
    return new Map(rows.map((r) => [r.username, Number(r.id)]));
  }

  async usernamesOf(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows: Array<{ id: number; username: string }> = await this.db.query('SELECT id, username FROM users WHERE id IN (?)', [ids]);
    return new Map(rows.map((r) => [Number(r.id), r.username]));
  }

  /** Every city with the group that takes it, if any (console: choosing a group's cities). */
  async cityOptions(): Promise<Array<{ code: string; name: string; groupId: number | null }>> {
    const rows: Array<{ code: string; name: string; group_id: number | null }> = await this.db.query(
      `SELECT r.code, r.name, c.group_id FROM regions r LEFT JOIN working_group_cities c ON c.city_code = r.code
        WHERE r.level = 'city' ORDER BY r.code`,
    );
    return rows.map((r) => ({ code: r.code, name: r.name, groupId: r.group_id === null ? null : Number(r.group_id) }));
  }

  async cities(codes: string[]): Promise<Array<{ code: string; level: string }>> {
    if (!codes.length) return [];
    return this.db.query('SELECT code, level FROM regions WHERE code IN (?)', [codes]);
  }

  /** Cities already taken by another group (than `exceptGroupId`). */
  async takenCities(codes: string[], exceptGroupId = 0): Promise<string[]> {
    if (!codes.length) return [];
    const rows: Array<{ city_code: string }> = await this.db.query(
      'SELECT city_code FROM working_group_cities WHERE city_code IN (?) AND group_id <> ?',
      [codes, exceptGroupId],
    );
    return rows.map((r) => r.city_code);
  }

  async insert(
    m: EntityManager,
    g: { name: string; leaderId: number; periodStart: string; periodEnd: string | null; description: string | null; now: Date },
  ): Promise<number> {
    const result: { insertId: number } = await m.query(
      'INSERT INTO working_groups (name, leader_id, period_start, period_end, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [g.name, g.leaderId, g.periodStart, g.periodEnd, g.description, g.now, g.now],
    );
    return Number(result.insertId);
  }

  async insertCities(m: EntityManager, groupId: number, codes: string[]): Promise<void> {
    await m.query(
      `INSERT INTO working_group_cities (group_id, city_code) VALUES ${codes.map(() => '(?, ?)').join(', ')}`,
      codes.flatMap((c) => [groupId, c]),
    );
  }

  async replaceMembers(m: EntityManager, groupId: number, members: Array<{ userId: number; duty: GroupDuty }>): Promise<void> {
    await m.query('DELETE FROM working_group_members WHERE group_id = ?', [groupId]);
    if (!members.length) return;
    await m.query(
      `INSERT INTO working_group_members (group_id, user_id, duty) VALUES ${members.map(() => '(?, ?, ?)').join(', ')}`,
      members.flatMap((x) => [groupId, x.userId, x.duty]),
    );
  }

  /** Applies a checked change under the version read; false when someone changed the group meanwhile. */
  async update(
    m: EntityManager,
    id: number,
    version: number,
    g: { name: string; leaderId: number; periodStart: string; periodEnd: string | null; description: string | null },
    now: Date,
  ): Promise<boolean> {
    const result: { affectedRows: number } = await m.query(
      `UPDATE working_groups SET name = ?, leader_id = ?, period_start = ?, period_end = ?, description = ?, version = version + 1, updated_at = ?
        WHERE id = ? AND version = ?`,
      [g.name, g.leaderId, g.periodStart, g.periodEnd, g.description, now, id, version],
    );
    return result.affectedRows === 1;
  }

  async replaceCities(m: EntityManager, groupId: number, codes: string[]): Promise<void> {
    await m.query('DELETE FROM working_group_cities WHERE group_id = ?', [groupId]);
    await this.insertCities(m, groupId, codes);
  }

  async nameTaken(name: string, exceptGroupId: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM working_groups WHERE name = ? AND id <> ?', [name, exceptGroupId]);
    return rows.length > 0;
  }

  async bumpVersion(m: EntityManager, id: number, version: number, now: Date): Promise<boolean> {
    const result: { affectedRows: number } = await m.query(
      'UPDATE working_groups SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?',
      [now, id, version],
    );
    return result.affectedRows === 1;
  }

  /** Groups by id (all when ids is null), with cities and members, in three queries. */
  async load(ids: number[] | null): Promise<GroupRecord[]> {
    const where = ids === null ? '' : 'WHERE g.id IN (?)';
    if (ids !== null && !ids.length) return [];
    const groups: Array<{
      id: number;
      name: string;
      leader_id: number;
      period_start: string;
      period_end: string | null;
      description: string | null;
      version: number;
    }> = await this.db.query(
      `SELECT g.id, g.name, g.leader_id, DATE_FORMAT(g.period_start, '%Y-%m-%d') AS period_start, DATE_FORMAT(g.period_end, '%Y-%m-%d') AS period_end,
              g.description, g.version
         FROM working_groups g ${where} ORDER BY g.id`,
      ids === null ? [] : [ids],
    );
    const groupIds = groups.map((g) => Number(g.id));
    if (!groupIds.length) return [];
    const cities: Array<{ group_id: number; code: string; name: string }> = await this.db.query(
      'SELECT c.group_id, r.code, r.name FROM working_group_cities c JOIN regions r ON r.code = c.city_code WHERE c.group_id IN (?) ORDER BY r.code',
      [groupIds],
    );
    const members: Array<{ group_id: number; user_id: number; display_name: string; role: string; duty: GroupDuty }> = await this.db.query(
      `SELECT m.group_id, m.user_id, u.display_name, u.role, m.duty FROM working_group_members m JOIN users u ON u.id = m.user_id
        WHERE m.group_id IN (?) ORDER BY FIELD(m.duty, 'leader', 'deputy', 'liaison', 'member'), u.id`,
      [groupIds],
    );
    return groups.map((g) => {
      const id = Number(g.id);
      return {
        id,
        name: String(g.name),
        leaderId: Number(g.leader_id),
        periodStart: String(g.period_start),
        periodEnd: g.period_end ?? null,
        description: g.description ?? null,
        version: Number(g.version),
        cities: cities.filter((c) => Number(c.group_id) === id).map((c) => ({ code: c.code, name: c.name })),
        members: members
          .filter((x) => Number(x.group_id) === id)
          .map((x) => ({ userId: Number(x.user_id), displayName: x.display_name, role: x.role, duty: x.duty })),
      };
    });
  }

  /** Every group id and whether this user is a member: the basis of group access. */
  async membershipOf(userId: number): Promise<Set<number>> {
    const rows: Array<{ group_id: number }> = await this.db.query('SELECT group_id FROM working_group_members WHERE user_id = ?', [userId]);
    return new Set(rows.map((r) => Number(r.group_id)));
  }

  async allGroupIds(): Promise<number[]> {
    const rows: Array<{ id: number }> = await this.db.query('SELECT id FROM working_groups ORDER BY id');
    return rows.map((r) => Number(r.id));
  }
}
