import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { assertNever } from '../common/domain/assert-never';
import { reachCondition } from '../common/scope/sql-reach';

type Viewer = Pick<AuthUser, 'id' | 'role' | 'enterpriseId' | 'departmentId' | 'reachPrefix'>;

/**
 * What the caller wants of the firm. `details` is the firm itself (register fields, contacts,
 * current officer) — what handling an appeal needs; `history` is the programme's own record of it
 * (officer assignments over time), which a handler does not need.
 */
export type FirmAccess = 'details' | 'history';

interface Condition {
  sql: string;
  params: unknown[];
}

const NOTHING: Condition = { sql: '1=0', params: [] };

/**
 * Who may see a firm — the one rule (DOMAIN.md "Who uses it"). Region reach is the outer bound,
 * not the whole rule, because a firm's contacts and visits are personal to the programme:
 *  - admin: every firm; supervisor: the firms in their reach;
 *  - officer: the firms assigned to them right now (the history too, while the firm is theirs);
 *  - handler: the firms one of whose appeals their department leads or co-handles, open or
 *    finished — exactly the appeals they may read (appeal-access.ts) — and only the firm itself;
 *    within their reach, except the firm of an appeal a task force (专班) brought them into;
 *  - enterprise: their own firm.
 * Every query over `enterprises` that answers a caller (reads, lists, filters, exports, console
 * pages, the lookups before a mutation) narrows through this, so anything outside is a 404 like a
 * missing id. The handler's condition is driven from the department's appeal indexes
 * (ix_appeals_lead_open_due, ix_co_department), not by probing every firm.
 */
export function enterpriseVisibleCondition(alias: string, user: Viewer, access: FirmAccess = 'details'): Condition {
  switch (user.role) {
    case 'admin':
    case 'supervisor':
      return reachCondition(`${alias}.region_code`, user);
    case 'officer':
      return { sql: `${alias}.officer_id = ?`, params: [user.id] };
    case 'handler': {
      if (access === 'history') return NOTHING;
      const department = user.departmentId ?? -1;
      const reach = reachCondition(`${alias}.region_code`, user);
      // A department a task force (专班) brought into an appeal has its reach extended to that appeal's firm only.
      return {
        sql: `((${alias}.id IN (SELECT fv_a.enterprise_id FROM appeals fv_a WHERE fv_a.lead_department_id = ?)
            OR ${alias}.id IN (SELECT fv_c.enterprise_id FROM appeal_co_departments fv_cd JOIN appeals fv_c ON fv_c.id = fv_cd.appeal_id
                                WHERE fv_cd.department_id = ?))
           AND ${reach.sql}
          OR ${alias}.id IN (SELECT fv_t.enterprise_id FROM appeal_co_departments fv_td JOIN appeals fv_t ON fv_t.id = fv_td.appeal_id
                              WHERE fv_td.department_id = ? AND fv_td.task_force_id IS NOT NULL))`,
        params: [department, department, ...reach.params, department],
      };
    }
    case 'enterprise':
      return { sql: `${alias}.id = ?`, params: [user.enterpriseId ?? -1] };
    default:
      return assertNever(user.role, 'role');
  }
}

/** The same rule for TypeORM query builders (named parameters). */
export function whereEnterpriseVisible<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  user: Viewer,
  access: FirmAccess = 'details',
): SelectQueryBuilder<T> {
  const { sql, params } = enterpriseVisibleCondition(alias, user, access);
  let index = 0;
  const named: Record<string, unknown> = {};
  const withNames = sql.replace(/\?/g, () => {
    const name = `firmVisible${index}`;
    named[name] = params[index];
    index += 1;
    return `:${name}`;
  });
  return qb.andWhere(withNames, named);
}

/** What a caller planned beyond their own visits: their working groups, and the joint visits a visit of theirs was merged into. */
export interface PlannerReach {
  groupIds: readonly number[];
  jointVisitIds: readonly number[];
}

export const NO_PLANNER_REACH: PlannerReach = { groupIds: [], jointVisitIds: [] };

/**
 * Who may see a visit (走访): supervisors and admins the visits made in their reach, an officer
 * their own visits (also to a firm since handed to someone else: the record is theirs), a firm the
 * visits to it. Handlers do not see visits: handling an appeal does not need them. Whoever planned
 * a visit also sees it — the officer, or any member of the working group that planned it — and the
 * joint visit theirs was merged into (#20). Those two come as id lists read beforehand
 * (VisitsRepository.plannerReach, two indexed reads), so the condition stays an OR of indexed
 * equalities and lists (index merge) rather than subqueries probed for every visit row.
 */
export function visitVisibleCondition(alias: string, user: Viewer, planner: PlannerReach = NO_PLANNER_REACH): Condition {
  const parts: Condition[] = [];
  if (planner.groupIds.length) parts.push({ sql: `${alias}.group_id IN (?)`, params: [planner.groupIds] });
  if (planner.jointVisitIds.length) parts.push({ sql: `${alias}.id IN (?)`, params: [planner.jointVisitIds] });
  const or = (base: Condition[]): Condition =>
    base.length === 0 ? NOTHING : { sql: `(${base.map((c) => c.sql).join(' OR ')})`, params: base.flatMap((c) => c.params) };
  switch (user.role) {
    case 'admin':
    case 'supervisor':
      return or([reachCondition(`${alias}.region_code`, user), ...parts]);
    case 'officer':
      return or([{ sql: `${alias}.officer_id = ?`, params: [user.id] }, ...parts]);
    case 'handler':
      return or(parts);
    case 'enterprise':
      return { sql: `${alias}.enterprise_id = ?`, params: [user.enterpriseId ?? -1] };
    default:
      return assertNever(user.role, 'role');
  }
}

/**
 * Coverage and load figures are the supervisors' and admins' (within their reach); an officer
 * sees their own load only, and nobody else any of it.
 */
export type CoverageSight = { kind: 'region' } | { kind: 'own-load'; officerId: number } | { kind: 'none' };

export function coverageSight(user: Viewer): CoverageSight {
  switch (user.role) {
    case 'admin':
    case 'supervisor':
      return { kind: 'region' };
    case 'officer':
      return { kind: 'own-load', officerId: user.id };
    case 'handler':
    case 'enterprise':
      return { kind: 'none' };
    default:
      return assertNever(user.role, 'role');
  }
}
