import { subtreePrefix } from '../../common/scope/region-reach';
import type { PolicyRules } from './policy-rules';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * One SQL condition over an `enterprises` row (alias `e`) that holds exactly when the firm meets
 * the rules. Region subtrees are prefix ranges of the indexed region code; tags are members of
 * the SET column; facts are an EXISTS on firm_facts' primary key. Values are always parameters.
 * Where a column is NULL (no park) the condition is NULL, i.e. not met; callers that negate it
 * wrap it in COALESCE (see notMatching).
 */
export function compileRules(rules: PolicyRules, policyRegionCode: string, alias = 'e'): SqlCondition {
  const parts: string[] = [`${alias}.active = 1`];
  const params: unknown[] = [];
  const prefixes = regionPrefixes(rules, policyRegionCode);
  parts.push(`(${prefixes.map(() => `${alias}.region_code LIKE ?`).join(' OR ')})`);
  params.push(...prefixes.map((prefix) => `${prefix}%`));
  if (rules.industries.length) {
    parts.push(`${alias}.industry IN (${placeholders(rules.industries.length)})`);
    params.push(...rules.industries);
  }
  if (rules.scales.length) {
    parts.push(`${alias}.scale IN (${placeholders(rules.scales.length)})`);
    params.push(...rules.scales);
  }
  if (rules.tagsAny.length) {
    parts.push(`(${rules.tagsAny.map(() => `FIND_IN_SET(?, ${alias}.tags) > 0`).join(' OR ')})`);
    params.push(...rules.tagsAny);
  }
  for (const tag of rules.tagsAll) {
    parts.push(`FIND_IN_SET(?, ${alias}.tags) > 0`);
    params.push(tag);
  }
  if (rules.parks.length) {
    parts.push(`${alias}.park IN (${placeholders(rules.parks.length)})`);
    params.push(...rules.parks);
  }
  for (const condition of rules.facts) {
    const bounds = [condition.min !== null ? ' AND ff.value >= ?' : '', condition.max !== null ? ' AND ff.value <= ?' : ''].join('');
    parts.push(`EXISTS (SELECT 1 FROM firm_facts ff WHERE ff.enterprise_id = ${alias}.id AND ff.fact = ?${bounds})`);
    params.push(condition.fact, ...[condition.min, condition.max].filter((v) => v !== null));
  }
  return { sql: parts.join(' AND '), params };
}

/** The region-code prefixes a firm must start with to meet the rules: the listed subtrees, or the policy's own region. */
export function regionPrefixes(rules: Pick<PolicyRules, 'regionCodes'>, policyRegionCode: string): string[] {
  return (rules.regionCodes.length ? rules.regionCodes : [policyRegionCode]).map(subtreePrefix);
}

/** The firms (id → current region code) that lie in a policy's regions: the only ones worth testing against its other rules. */
export function firmsInRegions(firms: ReadonlyMap<number, string>, prefixes: readonly string[]): number[] {
  return [...firms].filter(([, region]) => prefixes.some((prefix) => region.startsWith(prefix))).map(([id]) => id);
}

/** The negation, NULL-safe: true for every firm the rules do not admit. */
export function notMatching(condition: SqlCondition): SqlCondition {
  return { sql: `COALESCE((${condition.sql}), 0) = 0`, params: condition.params };
}

/**
 * Several policies' rules in one condition over a cross join of firms and policies (alias `p`
 * for the policy): `(p.id = 1 AND …) OR (p.id = 2 AND …)`. Re-matching the firms one update
 * touched against every live policy is then one statement per batch of policies, not one per policy.
 */
export function compileEach(policies: ReadonlyArray<{ id: number; condition: SqlCondition }>, policyIdColumn: string): SqlCondition {
  if (!policies.length) return { sql: '1=0', params: [] };
  return {
    sql: policies.map((p) => `(${policyIdColumn} = ? AND ${p.condition.sql})`).join(' OR '),
    params: policies.flatMap((p) => [p.id, ...p.condition.params]),
  };
}
