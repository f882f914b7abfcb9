import { FoundationSchema1763800000000 } from './1763800000000-FoundationSchema';
import { SeedSichuanRegions1763800000100 } from './1763800000100-SeedSichuanRegions';

/** Listed explicitly (not globbed) so ts-node, jest and the compiled build run the same set. */
export const migrations = [FoundationSchema1763800000000, SeedSichuanRegions1763800000100];
