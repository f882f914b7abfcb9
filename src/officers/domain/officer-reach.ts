import { subtreePrefix } from '../../common/scope/region-reach';

/**
 * An officer can serve a firm in their own region or below it: a Chengdu city officer a firm in
 * any Chengdu district, a Jinjiang district officer only Jinjiang firms, never a sibling's.
 */
export function officerCovers(officerRegionCode: string, firmRegionCode: string): boolean {
  return firmRegionCode.startsWith(subtreePrefix(officerRegionCode));
}
