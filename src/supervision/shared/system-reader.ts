import type { AuthUser } from '../../common/auth/auth-user';

/**
 * Who counts a report's figures, or a region's figures counted on its behalf: they do not depend
 * on who asks, so they are counted with whole-province reach and narrowed by the region only. The
 * caller's right to that region is checked before, always.
 */
export const SYSTEM_READER: AuthUser = {
  id: 0,
  username: 'system',
  displayName: 'system',
  role: 'admin',
  regionCode: '000000',
  regionLevel: 'province',
  departmentId: null,
  enterpriseId: null,
  isDepartmentHead: false,
  reachPrefix: '',
};
