import type { AuthUser } from '../../common/auth/auth-user';
import { reaches } from '../../common/scope/region-reach';
import type { Submitter } from '../domain';

/** The scope that lets a machine client submit for any firm within its region reach. */
export const SUBMIT_IN_REACH_SCOPE = 'appeals:submit';

export interface SubmitterView {
  /** Who the submission rules see; null: a caller who never submits (handler, supervisor, admin). */
  actor: Submitter | null;
  /** False when the firm is to be answered as missing (404): outside an officer's assignment or a client's reach. */
  firmVisible: boolean;
}

/**
 * Places the caller relative to the firm an appeal is raised for. An enterprise account (a person,
 * or a client acting for one firm) submits for itself; a client holding `appeals:submit` submits for
 * any firm in its reach, whatever role its account has; an officer, person or client, for the firms
 * assigned to it.
 */
export function submitterOf(user: AuthUser, firm: { region_code: string; officer_id: number | null } | undefined): SubmitterView {
  if (!firm) return { actor: null, firmVisible: false };
  if (user.role === 'enterprise') {
    return { actor: { role: 'enterprise', userId: String(user.id), enterpriseId: String(user.enterpriseId) }, firmVisible: true };
  }
  if (user.client?.scopes.includes(SUBMIT_IN_REACH_SCOPE)) {
    const firmInReach = reaches(user.reachPrefix, firm.region_code);
    return { actor: { role: 'client', userId: String(user.id), clientId: user.client.clientId, firmInReach }, firmVisible: firmInReach };
  }
  if (user.role === 'officer') {
    const isFirmOfficer = firm.officer_id !== null && Number(firm.officer_id) === user.id;
    return { actor: { role: 'officer', userId: String(user.id), isFirmOfficer }, firmVisible: isFirmOfficer };
  }
  return { actor: null, firmVisible: true };
}
