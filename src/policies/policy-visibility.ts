import type { AuthUser } from '../common/auth/auth-user';
import { assertNever } from '../common/domain/assert-never';
import { ancestorCodes, reaches } from '../common/scope/region-reach';
import { reachCondition } from '../common/scope/sql-reach';
import { enterpriseVisibleCondition } from '../enterprises/enterprise-scope';

export interface Condition {
  sql: string;
  params: unknown[];
}

type Viewer = Pick<AuthUser, 'id' | 'role' | 'enterpriseId' | 'departmentId' | 'reachPrefix' | 'regionCode' | 'regionLevel'>;

/**
 * Which firms' delivery records a caller sees: the one firms rule (enterprises/enterprise-scope.ts:
 * an officer the firms assigned to them, a firm itself, supervisors and admins their reach),
 * closed to handlers — delivering policies is not a department's work, and the firms a handler
 * may see through an appeal are no reason to show them that firm's policy records.
 */
export function deliveryFirmCondition(alias: string, user: Viewer): Condition {
  if (user.role === 'handler') return { sql: '1=0', params: [] };
  return enterpriseVisibleCondition(alias, user);
}

/**
 * Which policies a caller may read: admins all; staff the policies issued in their reach or by a
 * region above them (a provincial policy applies in every city), drafts only to the supervisors
 * who could manage them; a firm's users the published or withdrawn policies matched to their firm.
 */
export function policyVisibleCondition(alias: string, user: Viewer): Condition {
  switch (user.role) {
    case 'admin':
      return { sql: '1=1', params: [] };
    case 'supervisor': {
      const reach = reachCondition(`${alias}.region_code`, user);
      const above = ancestorCodes(user.regionCode, user.regionLevel);
      return {
        sql: `(${reach.sql} OR (${alias}.region_code IN (?) AND ${alias}.status <> 'draft'))`,
        params: [...reach.params, above],
      };
    }
    case 'officer':
    case 'handler': {
      const reach = reachCondition(`${alias}.region_code`, user);
      const above = ancestorCodes(user.regionCode, user.regionLevel);
      return { sql: `(${reach.sql} OR ${alias}.region_code IN (?)) AND ${alias}.status <> 'draft'`, params: [...reach.params, above] };
    }
    case 'enterprise':
      return {
        sql: `${alias}.status <> 'draft' AND EXISTS (SELECT 1 FROM policy_firms pv WHERE pv.policy_id = ${alias}.id AND pv.enterprise_id = ?)`,
        params: [user.enterpriseId ?? -1],
      };
    default:
      return assertNever(user.role, 'role');
  }
}

/** Admins manage every policy; a supervisor the policies issued in their reach. */
export function mayManagePolicy(user: Pick<AuthUser, 'role' | 'reachPrefix'>, regionCode: string): boolean {
  if (user.role === 'admin') return true;
  return user.role === 'supervisor' && reaches(user.reachPrefix, regionCode);
}
