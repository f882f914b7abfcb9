import type { AuthUser } from '../../common/auth/auth-user';
import type { RegionLevel } from '../../common/auth/role';
import { AppError } from '../../common/errors/app-error';
import { reaches, subtreePrefix } from '../../common/scope/region-reach';
import type { GroupNamesRepository } from './group-names.repository';

/** The region a report or dashboard is about: the caller's own, or one below it they asked for. */
export interface SupervisionScope {
  code: string;
  name: string;
  level: RegionLevel;
  /** Code prefix of the region's subtree. */
  prefix: string;
}

/**
 * A region outside the caller's reach answers 404 exactly like one that does not exist, so the
 * codes of other cities cannot be probed.
 */
export async function resolveScope(names: GroupNamesRepository, user: AuthUser, regionCode?: string): Promise<SupervisionScope> {
  const code = regionCode ?? user.regionCode;
  const region = await names.region(code);
  if (!region || !reaches(user.reachPrefix, code)) throw AppError.notFound('Region', code);
  return { code: region.code, name: region.name, level: region.level, prefix: subtreePrefix(region.code) };
}

export interface ScopeView {
  code: string;
  name: string;
  level: string;
}

export function scopeView(scope: SupervisionScope): ScopeView {
  return { code: scope.code, name: scope.name, level: scope.level };
}
