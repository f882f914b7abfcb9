import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { parseStoredRules, type PolicyRules } from '../domain/policy-rules';
import { notMatching, type SqlCondition } from '../domain/rules-sql';

export interface MatchScope {
  policyIds: number[];
  /** Only these firms (re-matching after a firm changed); null = every firm (publishing). */
  firmIds: number[] | null;
  /** Over `e` (enterprises) and `p` (policies): which firm meets which policy (compileEach). */
  condition: SqlCondition;
}

export interface MatchOutcome {
  matched: number;
  rematched: number;
  unmatched: number;
  notified: number;
}

/**
 * The set-based matching statements. Every statement covers all firms × policies of the scope
 * at once — a province-wide publication is a handful of INSERT … SELECT / UPDATE … JOIN
 * statements, not a loop — and the whole run is idempotent: rows exist once per (policy, firm)
 * (primary key), a newly inserted row is recognised by `notified_at IS NULL` and gets its inbox
 * entries and its history row in the same transaction that stamps it.
 */
@Injectable()
export class PolicyMatchingRepository {
  /** Published policies not yet expired on `today` (Shanghai date; one not yet in force is told ahead): what a changed firm is re-matched against. */
  async livePolicies(m: EntityManager, today: string): Promise<Array<{ id: number; regionCode: string; rules: PolicyRules }>> {
    const rows: Array<{ id: number; region_code: string; rules: string }> = await m.query(
      `SELECT id, region_code, rules FROM policies WHERE status = 'published' AND (valid_until IS NULL OR valid_until >= ?) ORDER BY id`,
      [today],
    );
    return rows.map((r) => ({ id: Number(r.id), regionCode: r.region_code, rules: parseStoredRules(r.rules) }));
  }

  async match(m: EntityManager, scope: MatchScope, now: Date): Promise<MatchOutcome> {
    if (!scope.policyIds.length || (scope.firmIds !== null && !scope.firmIds.length)) return { matched: 0, rematched: 0, unmatched: 0, notified: 0 };
    const rows = this.existingRows(scope);
    const meets = scope.condition;
    const fails = notMatching(scope.condition);

    // A firm that matches again keeps its record and its state; it is not told a second time.
    await m.query(
      `INSERT INTO policy_firm_events (policy_id, enterprise_id, kind, from_state, to_state, source, created_at)
       SELECT pf.policy_id, pf.enterprise_id, 'rematched', pf.state, pf.state, 'matching', ?
         FROM ${rows.join} WHERE ${rows.where} AND pf.eligible = 0 AND (${meets.sql})`,
      [now, ...rows.params, ...meets.params],
    );
    const rematched: { affectedRows: number } = await m.query(
      `UPDATE ${rows.join} SET pf.eligible = 1, pf.unmatched_at = NULL, pf.updated_at = ?
        WHERE ${rows.where} AND pf.eligible = 0 AND (${meets.sql})`,
      [now, ...rows.params, ...meets.params],
    );
    // A firm that stops matching keeps its record (state, history), marked no longer eligible.
    await m.query(
      `INSERT INTO policy_firm_events (policy_id, enterprise_id, kind, from_state, to_state, source, created_at)
       SELECT pf.policy_id, pf.enterprise_id, 'unmatched', pf.state, pf.state, 'matching', ?
         FROM ${rows.join} WHERE ${rows.where} AND pf.eligible = 1 AND ${fails.sql}`,
      [now, ...rows.params, ...fails.params],
    );
    const unmatched: { affectedRows: number } = await m.query(
      `UPDATE ${rows.join} SET pf.eligible = 0, pf.unmatched_at = ?, pf.updated_at = ?
        WHERE ${rows.where} AND pf.eligible = 1 AND ${fails.sql}`,
      [now, now, ...rows.params, ...fails.params],
    );

    const firmFilter = scope.firmIds === null ? '' : ' AND e.id IN (?)';
    const inserted: { affectedRows: number } = await m.query(
      `INSERT INTO policy_firms (policy_id, enterprise_id, state, eligible, matched_at, version, updated_at)
       SELECT p.id, e.id, 'pending', 1, ?, 1, ?
         FROM policies p JOIN enterprises e
        WHERE p.id IN (?)${firmFilter} AND (${meets.sql})
          AND NOT EXISTS (SELECT 1 FROM policy_firms x WHERE x.policy_id = p.id AND x.enterprise_id = e.id)
       ON DUPLICATE KEY UPDATE policy_firms.updated_at = policy_firms.updated_at`,
      [now, now, scope.policyIds, ...(scope.firmIds === null ? [] : [scope.firmIds]), ...meets.params],
    );
    const notified = inserted.affectedRows ? await this.announce(m, scope, now) : 0;
    return { matched: inserted.affectedRows, rematched: rematched.affectedRows, unmatched: unmatched.affectedRows, notified };
  }

  /** History, the firms' inbox and one digest per officer for the rows not yet announced, then stamps them. */
  private async announce(m: EntityManager, scope: MatchScope, now: Date): Promise<number> {
    const fresh = `pf.policy_id IN (?)${scope.firmIds === null ? '' : ' AND pf.enterprise_id IN (?)'} AND pf.notified_at IS NULL AND pf.eligible = 1`;
    const freshParams = [scope.policyIds, ...(scope.firmIds === null ? [] : [scope.firmIds])];
    await m.query(
      `INSERT INTO policy_firm_events (policy_id, enterprise_id, kind, from_state, to_state, source, created_at)
       SELECT pf.policy_id, pf.enterprise_id, 'matched', NULL, pf.state, 'matching', ? FROM policy_firms pf WHERE ${fresh}`,
      [now, ...freshParams],
    );
    const firms: { affectedRows: number } = await m.query(
      `INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at)
       SELECT u.id, NULL, 'policy.matched', LEFT(CONCAT('【可享政策】', p.title), 200), LEFT(p.summary, 1000), ?
         FROM policy_firms pf
         JOIN policies p ON p.id = pf.policy_id
         JOIN users u ON u.enterprise_id = pf.enterprise_id AND u.role = 'enterprise' AND u.active = 1
        WHERE ${fresh}`,
      [now, ...freshParams],
    );
    const officers: { affectedRows: number } = await m.query(
      `INSERT INTO notifications (user_id, appeal_id, kind, title, body, created_at)
       SELECT e.officer_id, NULL, 'policy.to_deliver',
              LEFT(CONCAT('【待送政策】', MIN(p.title), '：', COUNT(*), '家企业待告知'), 200),
              LEFT(GROUP_CONCAT(e.name ORDER BY e.id SEPARATOR '、'), 1000), ?
         FROM policy_firms pf
         JOIN policies p ON p.id = pf.policy_id
         JOIN enterprises e ON e.id = pf.enterprise_id
        WHERE ${fresh} AND e.officer_id IS NOT NULL
        GROUP BY e.officer_id, pf.policy_id`,
      [now, ...freshParams],
    );
    await m.query(`UPDATE policy_firms pf SET pf.notified_at = ? WHERE ${fresh}`, [now, ...freshParams]);
    return firms.affectedRows + officers.affectedRows;
  }

  /** The existing records of the scope, joined to their firm and policy (the tables the rules read). */
  private existingRows(scope: MatchScope): { join: string; where: string; params: unknown[] } {
    return {
      join: 'policy_firms pf JOIN enterprises e ON e.id = pf.enterprise_id JOIN policies p ON p.id = pf.policy_id',
      where: `pf.policy_id IN (?)${scope.firmIds === null ? '' : ' AND pf.enterprise_id IN (?)'}`,
      params: [scope.policyIds, ...(scope.firmIds === null ? [] : [scope.firmIds])],
    };
  }
}
