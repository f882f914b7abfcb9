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
  /**
   * Set when the caller is a machine client (OAuth client credentials): it acts with this
   * account's role and reach, narrowed to the scopes its token holds (src/integrations/clients).
   */
  client?: { id: number; clientId: string; name: string; source: string; scopes: string[] };
}
