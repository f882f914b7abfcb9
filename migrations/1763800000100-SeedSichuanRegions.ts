import { MigrationInterface, QueryRunner } from 'typeorm';
import table from '../src/regions/data/sichuan-regions.json';

/**
 * Reference data: Sichuan (510000), its 21 prefecture-level divisions and 183 county-level
 * divisions from the Ministry of Civil Affairs' 2024 table (GB/T 2260). Region reach is computed
 * from code prefixes, so the migration refuses a table where a county's code does not start with
 * its city's four digits.
 */
export class SeedSichuanRegions1763800000100 implements MigrationInterface {
  name = 'SeedSichuanRegions1763800000100';

  async up(q: QueryRunner): Promise<void> {
    for (const county of table.counties) {
      if (county.code.slice(0, 4) !== county.parent.slice(0, 4)) {
        throw new Error(`County ${county.code} does not share its city's prefix ${county.parent}`);
      }
    }
    await q.query('INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, NULL)', [
      table.province.code,
      table.province.name,
      'province',
    ]);
    const cities = table.prefectures.map((c) => [c.code, c.name, 'city', table.province.code]);
    await q.query(`INSERT INTO regions (code, name, level, parent_code) VALUES ${cities.map(() => '(?,?,?,?)').join(',')}`, cities.flat());
    const counties = table.counties.map((c) => [c.code, c.name, 'county', c.parent]);
    await q.query(
      `INSERT INTO regions (code, name, level, parent_code) VALUES ${counties.map(() => '(?,?,?,?)').join(',')}`,
      counties.flat(),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM regions WHERE level = 'county' AND code LIKE '51%'`);
    await q.query(`DELETE FROM regions WHERE level = 'city' AND code LIKE '51%'`);
    await q.query(`DELETE FROM regions WHERE code = '510000'`);
  }
}
