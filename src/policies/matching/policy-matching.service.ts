import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import type { PolicyRules } from '../domain/policy-rules';
import { compileRules, firmsInRegions, regionPrefixes } from '../domain/rules-sql';
import { PolicyMatchingRepository, type MatchOutcome } from './policy-matching.repository';

/** Policies per re-matching statement (one UNION ALL branch each for new records, one OR-chain over the existing ones). */
const POLICIES_PER_STATEMENT = 50;
/** Firms per statement for a large import. */
const FIRMS_PER_STATEMENT = 1000;

/**
 * Keeps policy_firms in step with the rules: when a policy is published (all firms) and whenever
 * firms' attributes change (those firms against every live policy). Runs inside the caller's
 * transaction, so a firm update or an import and its re-matching commit or fail together.
 */
@Injectable()
export class PolicyMatchingService {
  constructor(
    private readonly matching: PolicyMatchingRepository,
    private readonly clock: Clock,
  ) {}

  matchPublished(m: EntityManager, policy: { id: number; regionCode: string; rules: PolicyRules }): Promise<MatchOutcome> {
    // A draft has no records yet: only new ones are written.
    const policies = [{ id: policy.id, condition: compileRules(policy.rules, policy.regionCode), hasRecords: false }];
    return this.matching.match(m, { policies, firmIds: null }, this.clock.now());
  }

  /** The firms whose region, industry, scale, tags, park, activity or facts may have changed. */
  async rematchFirms(m: EntityManager, firmIds: readonly number[]): Promise<MatchOutcome> {
    const total: MatchOutcome = { matched: 0, rematched: 0, unmatched: 0, notified: 0 };
    if (!firmIds.length) return total;
    const now = this.clock.now();
    const policies = (await this.matching.livePolicies(m, shanghaiDateOf(now))).map((p) => ({
      id: p.id,
      condition: compileRules(p.rules, p.regionCode),
      prefixes: regionPrefixes(p.rules, p.regionCode),
    }));
    for (let j = 0; j < firmIds.length; j += FIRMS_PER_STATEMENT) {
      const firms = firmIds.slice(j, j + FIRMS_PER_STATEMENT);
      const [regions, withRecords] = await Promise.all([this.matching.firmRegions(m, firms), this.matching.policiesWithRecords(m, firms)]);
      for (let i = 0; i < policies.length; i += POLICIES_PER_STATEMENT) {
        // Only the firms inside a policy's regions can gain it; the others only have their existing records re-checked.
        const batch = policies
          .slice(i, i + POLICIES_PER_STATEMENT)
          .map((p) => ({ ...p, candidates: firmsInRegions(regions, p.prefixes), hasRecords: withRecords.has(p.id) }))
          .filter((p) => p.candidates.length > 0 || p.hasRecords);
        if (!batch.length) continue;
        const outcome = await this.matching.match(m, { policies: batch, firmIds: firms }, now);
        total.matched += outcome.matched;
        total.rematched += outcome.rematched;
        total.unmatched += outcome.unmatched;
        total.notified += outcome.notified;
      }
    }
    return total;
  }
}
