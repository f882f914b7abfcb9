import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { type EnterpriseFieldsDbRow, enterpriseFieldsFromRow } from '../enterprises/enterprise-row';
import type { ExistingFirm, FirmValues, RegionInfo } from './domain/import-row';

/** Rows per multi-row statement (about 300 KB of SQL; well under max_allowed_packet). */
export const IMPORT_CHUNK = 1000;

function chunks<T>(items: readonly T[], size = IMPORT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

const COLUMNS = ['credit_code', 'name', 'region_code', 'industry', 'scale', 'tags', 'park', 'contact_person', 'contact_phone', 'address'];

/** Set-based reads and writes of the enterprise import: one statement per thousand rows. */
@Injectable()
export class EnterpriseImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async regions(): Promise<Map<string, RegionInfo>> {
    const rows: RegionInfo[] = await this.dataSource.query('SELECT code, name, level FROM regions');
    return new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level }]));
  }

  async findExisting(creditCodes: string[]): Promise<Map<string, ExistingFirm>> {
    const found = new Map<string, ExistingFirm>();
    for (const part of chunks(creditCodes)) {
      const rows: Array<EnterpriseFieldsDbRow & { id: number; officer_id: number | null; officer_region_code: string | null }> = await this.dataSource.query(
        `SELECT e.id, e.credit_code, e.name, e.region_code, e.industry, e.scale, e.tags, e.park, e.contact_person, e.contact_phone,
                e.address, e.active, e.officer_id, o.region_code AS officer_region_code
           FROM enterprises e LEFT JOIN users o ON o.id = e.officer_id
          WHERE e.credit_code IN (${placeholders(part.length)})`,
        part,
      );
      for (const r of rows) {
        found.set(String(r.credit_code), {
          id: Number(r.id),
          ...enterpriseFieldsFromRow(r),
          officerId: r.officer_id === null ? null : Number(r.officer_id),
          officerRegionCode: r.officer_region_code ?? null,
        });
      }
    }
    return found;
  }

  /**
   * Multi-row INSERT … ON DUPLICATE KEY UPDATE keyed by the credit code: a new code inserts, a
   * known one updates (and bumps the version). VALUES() runs on MySQL 8 and MariaDB alike.
   */
  async upsert(manager: EntityManager, firms: FirmValues[], now: Date): Promise<void> {
    const updates = COLUMNS.filter((c) => c !== 'credit_code').map((c) => `${c} = VALUES(${c})`);
    for (const part of chunks(firms)) {
      await manager.query(
        `INSERT INTO enterprises (${COLUMNS.join(', ')}, created_at, updated_at)
         VALUES ${part.map(() => `(${placeholders(COLUMNS.length + 2)})`).join(',')}
         ON DUPLICATE KEY UPDATE ${updates.join(', ')}, version = version + 1, updated_at = VALUES(updated_at)`,
        part.flatMap((f) => [
          f.creditCode,
          f.name,
          f.regionCode,
          f.industry,
          f.scale,
          f.tags.join(','),
          f.park,
          f.contactPerson,
          f.contactPhone,
          f.address,
          now,
          now,
        ]),
      );
    }
  }

  async idsByCreditCode(manager: EntityManager, creditCodes: string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const part of chunks(creditCodes)) {
      const rows: Array<{ id: number; credit_code: string }> = await manager.query(
        `SELECT id, credit_code FROM enterprises WHERE credit_code IN (${placeholders(part.length)})`,
        part,
      );
      for (const r of rows) ids.set(r.credit_code, Number(r.id));
    }
    return ids;
  }
}
