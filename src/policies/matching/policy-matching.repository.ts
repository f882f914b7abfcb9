import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { parseStoredRules, type PolicyRules } from '../domain/policy-rules';
import { compileEach, notMatching, type SqlCondition } from '../domain/rules-sql';

export interface MatchScope {
  /**
   * Each policy with its compiled rules (a condition over `e`, enterprises) and, when re-matching,
   * the changed firms worth testing for a new record (those in its regions); a policy with an
   * empty list only has its existing records re-checked.
   */
  policies: ReadonlyArray<{ id: number; condition: SqlCondition; candidates?: number[]; hasRecords?: boolean }>;
  /** Only these firms (re-matching after a firm changed); null = every firm (publishing). */
  firmIds: number[] | null;
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
 * (primary key), and only the rows a run inserts (its `match_batch`) get inbox entries.
 */
@Injectable()
export class PolicyMatchingRepository {
  /** The policies that already have a record for one of these firms. */
  async policiesWithRecords(m: EntityManager, firmIds: readonly number[]): Promise<Set<number>> {
    const rows: Array<{ policy_id: number }> = await m.query('SELECT DISTINCT policy_id FROM policy_firms WHERE enterprise_id IN (?)', [firmIds]);
    return new Set(rows.map((r) => Number(r.policy_id)));
  }

  /** The current region of each firm (what decides which policies are worth testing). */
  async firmRegions(m: EntityManager, firmIds: readonly number[]): Promise<Map<number, string>> {
    const rows: Array<{ id: number; region_code: string }> = await m.query('SELECT id, region_code FROM enterprises WHERE id IN (?)', [firmIds]);
    return new Map(rows.map((r) => [Number(r.id), r.region_code]));
  }

  /** Published policies not yet expired on `today` (Shanghai date; one not yet in force is told ahead): what a changed firm is re-matched against. */
  async livePolicies(m: EntityManager, today: string): Promise<Array<{ id: number; regionCode: string; rules: PolicyRules }>> {
    const rows: Array<{ id: number; region_code: string; rules: string }> = await m.query(
      `SELECT id, region_code, rules FROM policies WHERE status = 'published' AND (valid_until IS NULL OR valid_until >= ?) ORDER BY id`,
      [today],
    );
    return rows.map((r) => ({ id: Number(r.id), regionCode: r.region_code, rules: parseStoredRules(r.rules) }));
  }

  async match(m: EntityManager, scope: MatchScope, now: Date): Promise<MatchOutcome> {
    if (!scope.policies.length || (scope.firmIds !== null && !scope.firmIds.length)) return { matched: 0, rematched: 0, unmatched: 0, notified: 0 };
    // Existing records first (a publication has none; a changed firm a few): re-checked with one
    // OR-chain `(p.id = ? AND …) OR …` over the policies that have records for these firms.
    const withRecords = scope.policies.filter((p) => p.hasRecords !== false);
    const { rematched, unmatched } = withRecords.length
      ? await this.recheckExisting(m, { policies: withRecords, firmIds: scope.firmIds }, now)
      : { rematched: 0, unmatched: 0 };

    // The rows this run inserts carry its own batch number and their announcement time, so the
    // inbox entries below are written for exactly these rows without another pass over them; an
    // existing (policy, firm) row is left as it is (ON DUPLICATE KEY: no change), never told twice.
    const batch = randomInt(1, 2 ** 47);
    // New records: one SELECT branch per policy, so each firm is tested against each policy's own
    // condition once (an OR-chain over a cross join would test every pair against every policy).
    const candidates = scope.policies
      .map((p) => ({ ...p, firms: scope.firmIds === null ? null : (p.candidates ?? scope.firmIds) }))
      .filter((p) => p.firms === null || p.firms.length > 0);
    if (!candidates.length) return { matched: 0, rematched, unmatched, notified: 0 };
    const branches = candidates.map((p) => `SELECT ? AS policy_id, e.id AS enterprise_id FROM enterprises e WHERE (${p.condition.sql})${p.firms === null ? '' : ' AND e.id IN (?)'}`);
    const branchParams = candidates.flatMap((p) => [p.id, ...p.condition.params, ...(p.firms === null ? [] : [p.firms])]);
    const inserted: { affectedRows: number } = await m.query(
      `INSERT INTO policy_firms (policy_id, enterprise_id, state, eligible, matched_at, notified_at, match_batch, version, updated_at)
       SELECT n.policy_id, n.enterprise_id, 'pending', 1, ?, ?, ?, 1, ? FROM (${branches.join(' UNION ALL ')}) n
       ON DUPLICATE KEY UPDATE policy_firms.updated_at = policy_firms.updated_at`,
      [now, now, batch, now, ...branchParams],
    );
    // mysql2 counts a row left unchanged by ON DUPLICATE KEY as affected (FOUND_ROWS), so the new ones are counted by their batch.
    const [{ fresh }]: Array<{ fresh: number }> = inserted.affectedRows
      ? await m.query(`SELECT COUNT(*) AS fresh FROM policy_firms pf WHERE ${this.freshRows(scope).sql}`, [...this.freshRows(scope).params, batch])
      : [{ fresh: 0 }];
    const notified = Number(fresh) ? await this.announce(m, scope, batch, now) : 0;
    return { matched: Number(fresh), rematched, unmatched, notified };
  }

  /**
   * The firms' inbox and one digest per officer and policy for the rows of this run. The first
   * match is recorded by the row itself (`matched_at`); the history shows it from there.
   */
  private async announce(m: EntityManager, scope: MatchScope, batch: number, now: Date): Promise<number> {
    const fresh = this.freshRows(scope).sql;
    const freshParams = [...this.freshRows(scope).params, batch];
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
    return firms.affectedRows + officers.affectedRows;
  }

  /** Records that match again are reopened, records that stopped matching are closed, each with a history row. */
  private async recheckExisting(m: EntityManager, scope: MatchScope, now: Date): Promise<{ rematched: number; unmatched: number }> {
    const rows = this.existingRows(scope);
    const meets = compileEach(scope.policies, 'p.id');
    const fails = notMatching(meets);

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

    return { rematched: rematched.affectedRows, unmatched: unmatched.affectedRows };
  }

  /** The rows one run inserted (its batch number is the last parameter). */
  private freshRows(scope: MatchScope): { sql: string; params: unknown[] } {
    return {
      sql: `pf.policy_id IN (?)${scope.firmIds === null ? '' : ' AND pf.enterprise_id IN (?)'} AND pf.match_batch = ?`,
      params: [scope.policies.map((p) => p.id), ...(scope.firmIds === null ? [] : [scope.firmIds])],
    };
  }

  /** The existing records of the scope, joined to their firm and policy (the tables the rules read). */
  private existingRows(scope: MatchScope): { join: string; where: string; params: unknown[] } {
    return {
      join: 'policy_firms pf JOIN enterprises e ON e.id = pf.enterprise_id JOIN policies p ON p.id = pf.policy_id',
      where: `pf.policy_id IN (?)${scope.firmIds === null ? '' : ' AND pf.enterprise_id IN (?)'}`,
      params: [scope.policies.map((p) => p.id), ...(scope.firmIds === null ? [] : [scope.firmIds])],
    };
  }
}
