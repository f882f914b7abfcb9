export type WarningLight = 'green' | 'yellow' | 'red';

export const DEFAULT_YELLOW_AT = 0.7;

/**
 * Red is decided by the deadline alone, not by share >= 1: at exactly the due instant the share
 * is 1 but the appeal is not yet late. Yellow from `yellowAt` of the allowed time used
 * (inclusive), green below.
 */
export function warningLight(share: number, isOverdue: boolean, yellowAt = DEFAULT_YELLOW_AT): WarningLight {
  if (!(yellowAt > 0 && yellowAt <= 1)) {
    throw new RangeError(`yellowAt must be in (0, 1], got ${yellowAt}`);
  }
  if (Number.isNaN(share)) {
    throw new RangeError('share must be a number');
  }
  if (isOverdue) return 'red';
  return share >= yellowAt ? 'yellow' : 'green';
}
