import { assertNever } from '../domain/assert-never';
import type { RegionLevel, Role } from '../auth/role';

/**
 * GB/T 2260 codes nest by prefix: 51xxxx is Sichuan, 5101xx is Chengdu and its districts. A user
 * reaches their own region and everything below it, which is exactly the codes that start with
 * their region's significant prefix — a range scan on an indexed code column.
 */
export function regionPrefix(code: string, level: RegionLevel): string {
  switch (level) {
    case 'province':
      return code.slice(0, 2);
    case 'city':
      return code.slice(0, 4);
    case 'county':
      return code;
    default:
      return assertNever(level, 'region level');
  }
}

export function reachPrefixFor(role: Role, regionCode: string, level: RegionLevel): string {
  return role === 'admin' ? '' : regionPrefix(regionCode, level);
}

export function reaches(reachPrefix: string, regionCode: string): boolean {
  return regionCode.startsWith(reachPrefix);
}

/** The regions from a code up to the province: a user may see departments on this chain. */
export function ancestorCodes(code: string, level: RegionLevel): string[] {
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  switch (level) {
    case 'province':
      return [province];
    case 'city':
      return [city, province];
    case 'county':
      return [code, city, province];
    default:
      return assertNever(level, 'region level');
  }
}

/**
 * The prefix of a code's subtree, read from the code's structure alone: GB/T 2260 reserves
 * XX0000 for provinces and XXXX00 for prefecture-level divisions, so no lookup is needed.
 */
export function subtreePrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** The level of a division, read from its code's structure (see subtreePrefix). */
export function levelOfCode(code: string): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}
