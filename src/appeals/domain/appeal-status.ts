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

/**
 * The department has answered: resolved (awaiting the firm's verdict) or closed after it. Metrics
 * count an appeal answered, and no longer overdue for its answer, from these statuses only.
 */
export function isAnsweredStatus(status: AppealStatus): boolean {
  switch (status) {
    case 'resolved':
    case 'closed':
      return true;
    case 'submitted':
    case 'accepted':
    case 'assigned':
    case 'in_progress':
    case 'suspended':
    case 'rejected':
    case 'withdrawn':
      return false;
    default:
      return assertNever(status, 'appeal status');
  }
}

export const ANSWERED_APPEAL_STATUSES: readonly AppealStatus[] = APPEAL_STATUSES.filter(isAnsweredStatus);
/** Ended without an answer: turned away (rejected) or withdrawn by the firm. */
export const UNANSWERED_END_STATUSES: readonly AppealStatus[] = TERMINAL_APPEAL_STATUSES.filter((s) => !isAnsweredStatus(s));
/** Open, not yet answered and not suspended: the appeal's current clock is running and can run out. */
export const CLOCK_RUNNING_STATUSES: readonly AppealStatus[] = OPEN_APPEAL_STATUSES.filter((s) => !isAnsweredStatus(s) && s !== 'suspended');
