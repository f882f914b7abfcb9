import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';

/**
 * The one way a query is narrowed to the caller's reach. Every list, read, export and report
 * passes through one of these two helpers, so "outside your region" is enforced in SQL, where
 * it cannot be forgotten by a later filter.
 */
export function whereInReach<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  regionColumn: string,
  user: Pick<AuthUser, 'reachPrefix'>,
  paramName = 'reachPrefix',
): SelectQueryBuilder<T> {
  if (user.reachPrefix === '') return qb;
  return qb.andWhere(`${regionColumn} LIKE :${paramName}`, { [paramName]: `${user.reachPrefix}%` });
}

/** Raw-SQL form: returns a condition and its parameter for positional (`?`) queries. */
export function reachCondition(regionColumn: string, user: Pick<AuthUser, 'reachPrefix'>): { sql: string; params: string[] } {
  if (user.reachPrefix === '') return { sql: '1=1', params: [] };
  return { sql: `${regionColumn} LIKE ?`, params: [`${user.reachPrefix}%`] };
}
