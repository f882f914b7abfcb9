import { insertFirm, unique } from './factories';
import type { TestContext } from './test-app';

export const NO_RULES = { regionCodes: [], industries: [], scales: [], tagsAny: [], tagsAll: [], parks: [], facts: [] };

/** A firm in a park of its own (so a spec's rules see only the spec's firms), with optional facts. */
export async function insertParkFirm(
  ctx: TestContext,
  park: string,
  fields: Parameters<typeof insertFirm>[1] & { facts?: Record<string, number> },
): Promise<{ id: number; name: string; creditCode: string }> {
  const firm = await insertFirm(ctx.db, fields);
  await ctx.db.query('UPDATE enterprises SET park = ? WHERE id = ?', [park, firm.id]);
  for (const [fact, value] of Object.entries(fields.facts ?? {})) {
    await ctx.db.query('INSERT INTO firm_facts (enterprise_id, fact, value, updated_at) VALUES (?, ?, ?, NOW(3))', [firm.id, fact, value]);
  }
  return firm;
}

export function policyBody(departmentId: number, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: unique('关于支持专精特新企业发展的若干措施').slice(0, 200),
    issuingBody: '四川省经济和信息化厅',
    documentNumber: '川经信发〔2026〕1号',
    regionCode: '510000',
    validFrom: '2026-01-01',
    validUntil: '2027-12-31',
    summary: '对认定的专精特新中小企业给予一次性奖励，支持企业加大研发投入。',
    fullText: '第一条 为支持专精特新中小企业高质量发展……',
    departmentId,
    obtainMode: 'apply',
    rules: NO_RULES,
    ...fields,
  };
}
