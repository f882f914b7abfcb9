import { assertNever } from '../../common/domain/assert-never';

/** Stored in the database as-is: renaming a value needs a data migration, not just a code change. */
export const APPEAL_STATUSES = [
  'submitted',
  'accepted',
  'assigned',
  'in_progress',
  'suspended',
  'resolved',
  'closed',
  'rejected',
  'withdrawn',
] as const;

export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export function isAppealStatus(value: unknown): value is AppealStatus {
  return typeof value === 'string' && (APPEAL_STATUSES as readonly string[]).includes(value);
}

/**
 * An open appeal still needs somebody to act on it (and still runs against its time limits).
 * Spelled out as a switch so that adding a status forces a decision here rather than silently
 * counting the new status as open or closed in every queue and metric.
 */
export function isOpenStatus(status: AppealStatus): boolean {
  switch (status) {
    case 'submitted':
    case 'accepted':
    case 'assigned':
    case 'in_progress':
    case 'suspended':
    case 'resolved':
      return true;
    case 'closed':
    case 'rejected':
    case 'withdrawn':
      return false;
    default:
      return assertNever(status, 'appeal status');
  }
}

/**
 * A status as stored or reported (a plain string): finished when it is one of the statuses
 * isOpenStatus calls closed. The one place code outside the domain asks "is this appeal done?".
 */
export function isTerminalStatus(status: string): boolean {
  return isAppealStatus(status) && !isOpenStatus(status);
}

export const OPEN_APPEAL_STATUSES: readonly AppealStatus[] = APPEAL_STATUSES.filter(isOpenStatus);
export const TERMINAL_APPEAL_STATUSES: readonly AppealStatus[] = APPEAL_STATUSES.filter((s) => !isOpenStatus(s));
