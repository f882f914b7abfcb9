import { MigrationInterface, QueryRunner } from 'typeorm';

/** The appeal categories of the programme; admins can add and rename them later. */
const CATEGORIES: Array<{ code: string; name: string; parent?: string; urgent?: boolean }> = [
  { code: 'energy', name: '能源要素保障' },
  { code: 'energy_power', name: '电力保障', parent: 'energy' },
  { code: 'energy_coal', name: '电煤供应', parent: 'energy' },
  { code: 'energy_gas', name: '天然气供应', parent: 'energy' },
  { code: 'labour', name: '用工与就业' },
  { code: 'financing', name: '融资信贷' },
  { code: 'logistics', name: '物流与供应链' },
  { code: 'supply_chain_break', name: '供应链断链断供', parent: 'logistics', urgent: true },
  { code: 'land_approval', name: '用地规划与项目审批' },
  { code: 'market', name: '市场开拓与产销对接' },
  { code: 'policy', name: '政策兑现与补贴' },
  { code: 'arrears', name: '拖欠企业账款' },
  { code: 'fees', name: '涉企收费与负担' },
  { code: 'tax', name: '税收' },
  { code: 'technology', name: '科技创新' },
  { code: 'emergency', name: '疫情或突发事件影响' },
  { code: 'other', name: '其他' },
];

export class SeedCategories1763800000310 implements MigrationInterface {
  name = 'SeedCategories1763800000310';

  async up(q: QueryRunner): Promise<void> {
    let order = 0;
    for (const c of CATEGORIES) {
      order += 10;
      await q.query(
        `INSERT INTO appeal_categories (code, name, parent_id, urgent_by_default, sort_order)
         VALUES (?, ?, (SELECT id FROM (SELECT id FROM appeal_categories WHERE code = ?) AS p), ?, ?)`,
        [c.code, c.name, c.parent ?? null, c.urgent ? 1 : 0, order],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM appeal_categories WHERE parent_id IS NOT NULL');
    await q.query('DELETE FROM appeal_categories');
  }
}
