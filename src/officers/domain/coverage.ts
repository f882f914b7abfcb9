import { ratio } from '../../supervision/domain/metrics';

export interface CoverageCounts {
  firms: number;
  firmsWithOfficer: number;
  firmsVisited: number;
}

export interface CoverageFigures extends CoverageCounts {
  firmsWithoutOfficer: number;
  /** firmsWithOfficer / firms, 4 decimals; null when there are no firms */
  coverageRate: number | null;
  /** firmsVisited / firms, 4 decimals; null when there are no firms */
  visitRate: number | null;
}

/** 一企一专员全覆盖: the share of active firms with an officer, and of firms visited in the period. */
export function coverageFigures(counts: CoverageCounts): CoverageFigures {
  return {
    ...counts,
    firmsWithoutOfficer: counts.firms - counts.firmsWithOfficer,
    coverageRate: ratio(counts.firmsWithOfficer, counts.firms).value,
    visitRate: ratio(counts.firmsVisited, counts.firms).value,
  };
}

/**
 * The rows a region's coverage is broken down into: a province by its cities, a city by its
 * counties plus the city itself (firms registered directly at city level), a county by itself.
 */
export function breakdownKey(level: 'province' | 'city' | 'county', firmRegionCode: string): string {
  return level === 'province' ? `${firmRegionCode.slice(0, 4)}00` : firmRegionCode;
}
