import type { RegionLevel, Role } from './role';

/** The authenticated caller, as every service sees it. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionLevel: RegionLevel;
  departmentId: number | null;
  enterpriseId: number | null;
  isDepartmentHead: boolean;
  /** Code prefix of every region this user reaches ('' = the whole country, for admins). */
  reachPrefix: string;
}
