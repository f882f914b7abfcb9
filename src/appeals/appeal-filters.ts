import type { SqlConditions } from '../common/database/sql-conditions';
import { subtreePrefix } from '../common/scope/region-reach';
import type { ListAppealsQuery } from './dto/appeal-read.dto';

/** The filters the appeal list and the ledger export both offer. */
export type SharedAppealFilters = Pick<
  ListAppealsQuery,
  'status' | 'open' | 'categoryId' | 'regionCode' | 'departmentId' | 'officerId' | 'enterpriseId' | 'urgency' | 'light' | 'overdue'
>;

/**
 * One meaning for each filter, so the ledger exported with the filters of a list holds the
 * appeals that list shows: a category includes its subcategories, a light or "overdue" only
 * counts open appeals. The query reads `appeals a` and, for a category, `appeal_categories c`.
 */
export function addAppealFilters(where: SqlConditions, f: SharedAppealFilters): SqlConditions {
  if (f.status?.length) where.add('a.status IN (?)', f.status);
  if (f.open !== undefined) where.add('a.is_open = ?', f.open ? 1 : 0);
  if (f.categoryId) where.add('(a.category_id = ? OR c.parent_id = ?)', f.categoryId, f.categoryId);
  if (f.regionCode) where.add('a.region_code LIKE ?', `${subtreePrefix(f.regionCode)}%`);
  if (f.departmentId) where.add('a.lead_department_id = ?', f.departmentId);
  if (f.officerId) where.add('a.officer_id = ?', f.officerId);
  if (f.enterpriseId) where.add('a.enterprise_id = ?', f.enterpriseId);
  if (f.urgency) where.add('a.urgency = ?', f.urgency);
  if (f.light) where.add('a.warning_light = ? AND a.is_open = 1', f.light);
  if (f.overdue !== undefined) where.add(f.overdue ? 'a.overdue_since IS NOT NULL AND a.is_open = 1' : 'a.overdue_since IS NULL');
  return where;
}
