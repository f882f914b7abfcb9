import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** mysql2 returns JSON columns parsed on MySQL and as text on MariaDB (where JSON is LONGTEXT). */
function parseJsonColumn(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export interface SettingRow {
  key: string;
  value: unknown;
  version: number;
  updatedBy: number | null;
  updatedAt: Date;
}

interface RawSettingRow {
  setting_key: string;
  value: unknown;
  version: number;
  updated_by: number | null;
  updated_at: Date;
}

function toRow(raw: RawSettingRow): SettingRow {
  return {
    key: raw.setting_key,
    value: parseJsonColumn(raw.value),
    version: Number(raw.version),
    updatedBy: raw.updated_by === null ? null : Number(raw.updated_by),
    updatedAt: raw.updated_at,
  };
}

@Injectable()
export class SettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findAll(): Promise<SettingRow[]> {
    const rows: RawSettingRow[] = await this.dataSource.query(
      'SELECT setting_key, value, version, updated_by, updated_at FROM settings ORDER BY setting_key',
    );
    return rows.map(toRow);
  }

  async findByKey(key: string): Promise<SettingRow | null> {
    const rows: RawSettingRow[] = await this.dataSource.query(
      'SELECT setting_key, value, version, updated_by, updated_at FROM settings WHERE setting_key = ?',
      [key],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Applies only when the stored version is still the one the admin read; false means someone else won. */
  async updateIfVersion(key: string, expectedVersion: number, value: unknown, userId: number, now: Date): Promise<boolean> {
    const result: { affectedRows: number } = await this.dataSource.query(
      `UPDATE settings SET value = ?, version = version + 1, updated_by = ?, updated_at = ?
        WHERE setting_key = ? AND version = ?`,
      [JSON.stringify(value), userId, now, key, expectedVersion],
    );
    return result.affectedRows === 1;
  }

  /** A key the migration did not seed (added in a later release): the first write creates it at version 2, the default having been version 1. */
  async insertIfMissing(key: string, value: unknown, userId: number, now: Date): Promise<boolean> {
    const result: { affectedRows: number } = await this.dataSource.query(
      'INSERT IGNORE INTO settings (setting_key, value, version, updated_by, updated_at) VALUES (?, ?, 2, ?, ?)',
      [key, JSON.stringify(value), userId, now],
    );
    return result.affectedRows === 1;
  }
}
