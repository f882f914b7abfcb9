import { INDUSTRIES, SCALES, TAGS, type Industry, type Scale, type Tag } from '../../enterprises/domain/enterprise-vocabulary';
import { subtreePrefix } from '../../common/scope/region-reach';
import { FIRM_FACTS, type FirmFact } from './policy-vocabulary';

/**
 * Eligibility rules over what Qiyuan knows of a firm. Every criterion that is given must hold
 * (AND); inside a list any entry is enough (OR), except `tagsAll`. An empty list does not
 * restrict. `regionCodes` are subtrees (a city code covers its counties); empty means the
 * policy's own region. Inactive firms never match.
 */
export interface PolicyRules {
  regionCodes: string[];
  industries: Industry[];
  scales: Scale[];
  /** The firm carries at least one of these tags. */
  tagsAny: Tag[];
  /** The firm carries every one of these tags. */
  tagsAll: Tag[];
  /** The firm's park (园区) is one of these, compared exactly. */
  parks: string[];
  /** Each listed fact is recorded for the firm and lies within [min, max]; a firm without the fact does not match. */
  facts: FactCondition[];
}

export interface FactCondition {
  fact: FirmFact;
  min: number | null;
  max: number | null;
}

export interface RuleError {
  field: string;
  message: string;
}

export type RulesValidation = { ok: true; rules: PolicyRules } | { ok: false; errors: RuleError[] };

const MAX_LIST = 50;
const DIVISION = /^\d{6}$/;

export const EMPTY_RULES: PolicyRules = { regionCodes: [], industries: [], scales: [], tagsAny: [], tagsAll: [], parks: [], facts: [] };

function listOf(input: unknown, field: string, errors: RuleError[]): unknown[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) {
    errors.push({ field, message: 'must be a list' });
    return [];
  }
  if (input.length > MAX_LIST) errors.push({ field, message: `at most ${MAX_LIST} entries` });
  return input;
}

function vocabulary<T extends string>(input: unknown, field: string, allowed: readonly T[], errors: RuleError[]): T[] {
  const values = listOf(input, field, errors);
  const seen = new Set<T>();
  values.forEach((value, i) => {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      errors.push({ field: `${field}[${i}]`, message: `must be one of ${allowed.join(', ')}` });
    } else if (seen.has(value as T)) {
      errors.push({ field: `${field}[${i}]`, message: `${value} is listed twice` });
    } else seen.add(value as T);
  });
  // Stored in vocabulary order, so two equal rule sets compare (and compile) equal.
  return allowed.filter((v) => seen.has(v));
}

function regions(input: unknown, policyRegionCode: string, errors: RuleError[]): string[] {
  const values = listOf(input, 'regionCodes', errors);
  const policyPrefix = subtreePrefix(policyRegionCode);
  const codes: string[] = [];
  values.forEach((value, i) => {
    const field = `regionCodes[${i}]`;
    if (typeof value !== 'string' || !DIVISION.test(value)) return errors.push({ field, message: 'must be a 6-digit division code' });
    if (!value.startsWith(policyPrefix)) return errors.push({ field, message: `${value} lies outside the policy's region ${policyRegionCode}` });
    if (codes.includes(value)) return errors.push({ field, message: `${value} is listed twice` });
    codes.push(value);
  });
  // A code inside another listed subtree adds nothing and hides a mistake (meant another city?).
  codes.forEach((code, i) => {
    const cover = codes.find((other) => other !== code && code.startsWith(subtreePrefix(other)));
    if (cover) errors.push({ field: `regionCodes[${i}]`, message: `${code} already lies within ${cover}` });
  });
  return [...codes].sort();
}

function parks(input: unknown, errors: RuleError[]): string[] {
  const values = listOf(input, 'parks', errors);
  const names: string[] = [];
  values.forEach((value, i) => {
    const field = `parks[${i}]`;
    if (typeof value !== 'string') return errors.push({ field, message: 'must be a park name' });
    const name = value.normalize('NFKC').trim();
    if (!name) return errors.push({ field, message: 'must not be empty' });
    if (name.length > 100) return errors.push({ field, message: 'at most 100 characters' });
    if (names.includes(name)) return errors.push({ field, message: `${name} is listed twice` });
    names.push(name);
  });
  return names.sort();
}

function bound(value: unknown, field: string, errors: RuleError[]): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    errors.push({ field, message: 'must be a number' });
    return null;
  }
  if (value < 0) errors.push({ field, message: 'must not be negative' });
  if (Math.round(value * 100) !== value * 100) errors.push({ field, message: 'at most two decimals' });
  if (value > 1e15) errors.push({ field, message: 'too large' });
  return value;
}

function facts(input: unknown, errors: RuleError[]): FactCondition[] {
  const values = listOf(input, 'facts', errors);
  const conditions: FactCondition[] = [];
  values.forEach((value, i) => {
    const field = `facts[${i}]`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return errors.push({ field, message: 'must be {fact, min, max}' });
    const { fact, min, max, ...rest } = value as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length) errors.push({ field, message: `unknown keys ${extra.join(', ')}` });
    if (typeof fact !== 'string' || !(FIRM_FACTS as readonly string[]).includes(fact)) {
      return errors.push({ field: `${field}.fact`, message: `must be one of ${FIRM_FACTS.join(', ')}` });
    }
    if (conditions.some((c) => c.fact === fact)) return errors.push({ field: `${field}.fact`, message: `${fact} is listed twice` });
    const low = bound(min, `${field}.min`, errors);
    const high = bound(max, `${field}.max`, errors);
    if (low === null && high === null) errors.push({ field, message: 'give min, max or both' });
    if (low !== null && high !== null && low > high) errors.push({ field, message: 'min must not exceed max' });
    conditions.push({ fact: fact as FirmFact, min: low, max: high });
  });
  return FIRM_FACTS.flatMap((f) => conditions.filter((c) => c.fact === f));
}

/**
 * Checks rules sent by a client and returns them normalised (sorted, deduplicated in meaning).
 * Pure: whether listed regions and parks exist is the service's question.
 */
export function validateRules(input: unknown, policyRegionCode: string): RulesValidation {
  const errors: RuleError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: [{ field: 'rules', message: 'must be an object' }] };
  const raw = input as Record<string, unknown>;
  const known = Object.keys(EMPTY_RULES);
  for (const key of Object.keys(raw)) if (!known.includes(key)) errors.push({ field: key, message: 'is not a rule' });
  const rules: PolicyRules = {
    regionCodes: regions(raw.regionCodes, policyRegionCode, errors),
    industries: vocabulary(raw.industries, 'industries', INDUSTRIES, errors),
    scales: vocabulary(raw.scales, 'scales', SCALES, errors),
    tagsAny: vocabulary(raw.tagsAny, 'tagsAny', TAGS, errors),
    tagsAll: vocabulary(raw.tagsAll, 'tagsAll', TAGS, errors),
    parks: parks(raw.parks, errors),
    facts: facts(raw.facts, errors),
  };
  const both = rules.tagsAny.filter((t) => rules.tagsAll.includes(t));
  if (both.length) errors.push({ field: 'tagsAny', message: `${both.join(', ')} also required in tagsAll` });
  return errors.length ? { ok: false, errors } : { ok: true, rules };
}

/** Rules as stored (JSON text written by this module), read back. */
export function parseStoredRules(text: string): PolicyRules {
  return { ...EMPTY_RULES, ...(JSON.parse(text) as Partial<PolicyRules>) };
}
