import type { AuthUser } from '../common/auth/auth-user';
import { assertNever } from '../common/domain/assert-never';

/**
 * Which appeals a user may read, as SQL over the `appeals a` alias. Every read path (list,
 * caseload, detail, timeline, attachments, exports) starts from this condition, so a record
 * outside it is indistinguishable from a missing one (404).
 */
export function appealReadCondition(user: AuthUser): { sql: string; params: unknown[] } {
  const byRole = roleReadCondition(user);
  // A machine client also follows the appeals it passed on (a hotline submitting for firms in its
  // reach with appeals:submit is not their officer), and nothing more.
  if (user.client) return { sql: `(${byRole.sql} OR a.submitted_by = ?)`, params: [...byRole.params, user.id] };
  return byRole;
}

function roleReadCondition(user: AuthUser): { sql: string; params: unknown[] } {
  switch (user.role) {
    case 'admin':
      return { sql: '1=1', params: [] };
    case 'supervisor':
      return { sql: 'a.region_code LIKE ?', params: [`${user.reachPrefix}%`] };
    case 'officer':
      // An officer works the firms assigned to them (the appeal follows the firm on reassignment).
      return { sql: 'a.officer_id = ?', params: [user.id] };
    case 'handler':
      return {
        sql: '(a.lead_department_id = ? OR EXISTS (SELECT 1 FROM appeal_co_departments cd WHERE cd.appeal_id = a.id AND cd.department_id = ?))',
        params: [user.departmentId ?? -1, user.departmentId ?? -1],
      };
    case 'enterprise':
      return { sql: 'a.enterprise_id = ?', params: [user.enterpriseId ?? -1] };
    default:
      return assertNever(user.role, 'role');
  }
}
