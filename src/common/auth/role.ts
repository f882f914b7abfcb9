export const ROLES = ['enterprise', 'officer', 'handler', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const REGION_LEVELS = ['province', 'city', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
