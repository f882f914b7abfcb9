import type { Role } from '../../common/auth/role';

/**
 * Who reaches a working group (and so its ledger, measures, visits and dashboard):
 * - its members (leader included), whatever their role: read and write;
 * - admins: read and write (they set groups up);
 * - supervisors whose region reach covers every city the group takes (the province's
 *   supervision office): read only — the province view of all groups side by side;
 * - nobody else: the group does not exist for them (404).
 * Membership is a grant on top of a role, never a role: a member officer is still an officer
 * everywhere else, and outside the group's endpoints sees only what their role lets them see.
 */
export type GroupAccess = 'none' | 'read' | 'write';

export interface GroupAccessFacts {
  role: Role;
  isMember: boolean;
  reachPrefix: string;
  cityCodes: readonly string[];
}

export function groupAccess(facts: GroupAccessFacts): GroupAccess {
  if (facts.isMember || facts.role === 'admin') return 'write';
  if (facts.role === 'supervisor' && facts.cityCodes.length > 0 && facts.cityCodes.every((c) => c.startsWith(facts.reachPrefix)))
    return 'read';
  return 'none';
}

/** 销号: a ledger entry is closed off only once its appeal is closed, and only once. */
export function closeOffRefusal(appealStatus: string, alreadyClosedOff: boolean): string | null {
  if (alreadyClosedOff) return 'The ledger entry is already closed off (已销号)';
  if (appealStatus !== 'closed') return `The appeal must be closed before its ledger entry is closed off; it is ${appealStatus}`;
  return null;
}

export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** A measure moves forward (planned → in progress → done) or is cancelled; done and cancelled are final. Done needs evidence. */
export function measureTransitionRefusal(from: MeasureStatus, to: MeasureStatus, evidence: string | null): string | null {
  if (from === to) return null;
  if (from === 'done' || from === 'cancelled') return `A ${from} measure cannot change status`;
  if (to === 'planned') return 'A measure cannot go back to planned';
  if (to === 'done' && !(evidence && evidence.trim().length >= 2)) return 'Marking a measure done needs its evidence (成效佐证)';
  return null;
}
