import { assertNever } from '../../common/domain/assert-never';
import type { Role } from '../../common/auth/role';

export const ENTERPRISE_FIELDS = [
  'creditCode',
  'name',
  'regionCode',
  'industry',
  'scale',
  'tags',
  'park',
  'contactPerson',
  'contactPhone',
  'address',
  'active',
] as const;
export type EnterpriseField = (typeof ENTERPRISE_FIELDS)[number];

/** What the firm itself and its officer keep current: how to reach the firm. */
export const CONTACT_FIELDS: readonly EnterpriseField[] = ['contactPerson', 'contactPhone', 'address'];

/**
 * Which fields of a firm in reach a user may change. The register itself (code, name, region,
 * industry, scale, tags, active) belongs to administrators and supervisors; the firm's own staff
 * and its assigned officer may correct its contact details.
 */
export function editableEnterpriseFields(role: Role, relation: { ownFirm: boolean }): readonly EnterpriseField[] {
  switch (role) {
    case 'admin':
    case 'supervisor':
      return ENTERPRISE_FIELDS;
    case 'officer':
    case 'enterprise':
      return relation.ownFirm ? CONTACT_FIELDS : [];
    case 'handler':
      return [];
    default:
      return assertNever(role, 'role');
  }
}

export function mayCreateEnterprise(role: Role): boolean {
  return role === 'admin' || role === 'supervisor';
}
