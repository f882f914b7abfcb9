import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const KEYS = ['metrics.weights', 'metrics.basically_satisfied_counts', 'sla.working_hours'] as const;

/** Raw setting values (parsed JSON) keyed by setting name; a missing row is simply absent. */
export type RawSettings = Partial<Record<(typeof KEYS)[number], unknown>>;

/**
 * Reads the settings reports depend on straight from the settings table. MariaDB returns a
 * JSON column as text and MySQL 8 as a parsed value, so both are accepted.
 */
@Injectable()
export class SupervisionSettingsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(): Promise<RawSettings> {
    const rows: Array<{ setting_key: (typeof KEYS)[number]; value: unknown }> = await this.db.query(
      `SELECT setting_key, value FROM settings WHERE setting_key IN (${KEYS.map(() => '?').join(',')})`,
      [...KEYS],
    );
    const settings: RawSettings = {};
    for (const row of rows) settings[row.setting_key] = typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
    return settings;
  }
}
