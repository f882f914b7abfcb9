import type { AuthUser } from '../common/auth/auth-user';
import { assertNever } from '../common/domain/assert-never';

type Viewer = Pick<AuthUser, 'id' | 'role' | 'reachPrefix' | 'departmentId' | 'enterpriseId'>;

/**
 * Which projects a user may see — the one rule every project query (lists, reads, exports,
 * supervision figures) narrows through, in SQL over the `projects` alias given:
 * - admins everything, supervisors their region reach;
 * - an officer the projects in their reach where they are the liaison officer or the officer of
 *   one of the project's firms (as with firms, an officer sees what is assigned to them);
 * - a handler the projects their department leads or owns a milestone of;
 * - an enterprise user the projects of their own firm;
 * - a working-group member, whatever their role, also the projects of their group's cities
 *   (membership is a grant on top of the role, see groups/domain/group-access.ts).
 */
export function projectVisibleCondition(alias: string, user: Viewer): { sql: string; params: unknown[] } {
  const byRole = roleCondition(alias, user);
  if (user.role === 'admin' || user.role === 'enterprise') return byRole;
  return {
    sql: `(${byRole.sql} OR ${alias}.city_code IN (SELECT gc.city_code FROM working_group_cities gc
             JOIN working_group_members gm ON gm.group_id = gc.group_id WHERE gm.user_id = ?))`,
    params: [...byRole.params, user.id],
  };
}

function roleCondition(alias: string, user: Viewer): { sql: string; params: unknown[] } {
  const reach =
    user.reachPrefix === ''
      ? { sql: '1=1', params: [] as unknown[] }
      : { sql: `${alias}.region_code LIKE ?`, params: [`${user.reachPrefix}%`] };
  switch (user.role) {
    case 'admin':
      return { sql: '1=1', params: [] };
    case 'supervisor':
      return reach;
    case 'officer':
      return {
        sql: `(${reach.sql} AND (${alias}.liaison_officer_id = ? OR EXISTS (SELECT 1 FROM project_enterprises pe JOIN enterprises e ON e.id = pe.enterprise_id
                 WHERE pe.project_id = ${alias}.id AND e.officer_id = ?)))`,
        params: [...reach.params, user.id, user.id],
      };
    case 'handler':
      return {
        sql: `(${alias}.lead_department_id = ? OR EXISTS (SELECT 1 FROM project_milestones m WHERE m.project_id = ${alias}.id AND m.owner_department_id = ?))`,
        params: [user.departmentId ?? 0, user.departmentId ?? 0],
      };
    case 'enterprise':
      return {
        sql: `EXISTS (SELECT 1 FROM project_enterprises pe WHERE pe.project_id = ${alias}.id AND pe.enterprise_id = ?)`,
        params: [user.enterpriseId ?? 0],
      };
    default:
      return assertNever(user.role, 'role');
  }
}
