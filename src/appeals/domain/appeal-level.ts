import { assertNever } from '../../common/domain/assert-never';

/** Administrative level that currently owns the appeal (省市县联动). Stored in the database as-is. */
export const APPEAL_LEVELS = ['county', 'city', 'province'] as const;

export type AppealLevel = (typeof APPEAL_LEVELS)[number];

export function isAppealLevel(value: unknown): value is AppealLevel {
  return typeof value === 'string' && (APPEAL_LEVELS as readonly string[]).includes(value);
}

/**
 * The level an appeal is raised to (提级). Returns null at province rather than province itself,
 * so that a caller cannot mistake "could not raise" for "raised".
 */
export function nextLevel(level: AppealLevel): AppealLevel | null {
  switch (level) {
    case 'county':
      return 'city';
    case 'city':
      return 'province';
    case 'province':
      return null;
    default:
      return assertNever(level, 'appeal level');
  }
}
