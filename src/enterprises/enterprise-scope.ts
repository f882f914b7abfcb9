import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { reachCondition, whereInReach } from '../common/scope/sql-reach';

type Viewer = Pick<AuthUser, 'role' | 'enterpriseId' | 'reachPrefix'>;

/**
 * Which enterprises a user may see: an enterprise user only their own firm, everyone else the
 * firms in their region reach. Every query over `enterprises` (here, in officers, visits and
 * imports) narrows through this, so the rule lives in one place.
 */
export function whereEnterpriseVisible<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  user: Viewer,
): SelectQueryBuilder<T> {
  if (user.role === 'enterprise') return qb.andWhere(`${alias}.id = :viewerEnterpriseId`, { viewerEnterpriseId: user.enterpriseId ?? 0 });
  return whereInReach(qb, `${alias}.region_code`, user, 'viewerReach');
}

/** Raw-SQL form with positional parameters. */
export function enterpriseVisibleCondition(alias: string, user: Viewer): { sql: string; params: unknown[] } {
  if (user.role === 'enterprise') return { sql: `${alias}.id = ?`, params: [user.enterpriseId ?? 0] };
  return reachCondition(`${alias}.region_code`, user);
}
