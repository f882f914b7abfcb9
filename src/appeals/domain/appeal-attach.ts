import type { Actor } from './appeal-actor';
import { canReadAppeal } from './appeal-permissions';
import type { AppealSnapshot } from './appeal-snapshot';
import { isTerminalStatus } from './appeal-status';

/** Roles that may add files to an appeal: the firm, its officer and the handling departments; not supervisors or admins. */
export function mayAttachAsRole(role: string): boolean {
  return role !== 'admin' && role !== 'supervisor';
}

export type AttachRefusal =
  | { error: 'forbidden'; message: string }
  | { error: 'not_found'; message: string }
  | { error: 'finished'; message: string };

/**
 * Attaching a file is an action on the appeal with one rule, obeyed by the API and the console
 * alike: a reader of the appeal in an attaching role, on an appeal that is still open (a closed,
 * rejected or withdrawn appeal takes no more files). Null when the attachment may be added.
 */
export function attachRefusal(appeal: AppealSnapshot, actor: Actor): AttachRefusal | null {
  if (!mayAttachAsRole(actor.role)) return { error: 'forbidden', message: 'Attachments come from the enterprise, its officer or the handling department' };
  if (!canReadAppeal(appeal, actor)) return { error: 'not_found', message: 'The appeal was not found' };
  if (isTerminalStatus(appeal.status)) return { error: 'finished', message: `The appeal is ${appeal.status}; a finished appeal takes no more attachments` };
  return null;
}

/** What the console asks before offering the upload form (the same rule, from the appeal's status and the user's role). */
export function mayOfferAttach(status: string, role: string): boolean {
  return mayAttachAsRole(role) && !isTerminalStatus(status);
}
