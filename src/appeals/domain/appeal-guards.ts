import { assertNever } from '../../common/domain/assert-never';
import type { CaseActionName } from './appeal-action';
import type { DecisionErrorCode } from './appeal-decision';
import { nextLevel } from './appeal-level';
import { isSatisfied } from './appeal-outcome';
import type { AppealSnapshot } from './appeal-snapshot';
import { APPEAL_STATUSES, type AppealStatus } from './appeal-status';

export interface Refusal {
  readonly error: DecisionErrorCode;
  readonly message: string;
  /** The input field at fault, when one is. */
  readonly field?: string;
}

/** Statuses each action may start from: the arrows of the closed loop. */
const SOURCE_STATUSES: { readonly [A in CaseActionName]: readonly AppealStatus[] } = {
  accept: ['submitted'],
  reject: ['submitted'],
  // An intake decision, like rejecting: once a department handles the case, it answers it.
  mark_duplicate: ['submitted', 'accepted'],
  route: ['accepted'],
  // While a department handles the case and before its answer; a suspended case waits for the firm.
  bring_task_force: ['assigned', 'in_progress'],
  sign: ['assigned'],
  object: ['assigned', 'in_progress'],
  approve_objection: ['assigned', 'in_progress'],
  deny_objection: ['assigned', 'in_progress'],
  // A firm can take long to answer, so the department may still ask for time while suspended.
  request_extension: ['in_progress', 'suspended'],
  approve_extension: ['in_progress', 'suspended'],
  deny_extension: ['in_progress', 'suspended'],
  suspend: ['in_progress'],
  supplement: ['suspended'],
  resume: ['suspended'],
  transfer_up: ['accepted', 'assigned', 'in_progress'],
  resolve: ['in_progress'],
  verify: ['resolved'],
  follow_up_call: ['resolved'],
  // Wherever a rating can be on record: a redo, a withdrawal or an auto-close keeps the last one.
  rule_unreasonable_rating: APPEAL_STATUSES,
  // Once an answer exists the firm rates it instead; withdrawing would hide a delivered answer.
  withdraw: ['submitted', 'accepted', 'assigned', 'in_progress', 'suspended'],
  // The record stays discussable after the case ends (e.g. a firm's follow-up remark).
  comment: APPEAL_STATUSES,
  auto_close: ['resolved'],
  // The clock runs (and can be overdue) in these; a suspended appeal's clock stands still.
  red_card: ['submitted', 'accepted', 'assigned', 'in_progress'],
};

export function sourceStatuses(action: CaseActionName): readonly AppealStatus[] {
  return SOURCE_STATUSES[action];
}

/**
 * Everything that decides whether an action is available right now apart from who asks and what
 * they typed: the status, pending requests, time windows, the level. `allowedActions` is built
 * from this, which is what keeps it consistent with `decide`.
 */
export function checkAvailability(appeal: AppealSnapshot, action: CaseActionName, now: Date): Refusal | null {
  const from = SOURCE_STATUSES[action];
  if (!from.includes(appeal.status)) {
    return {
      error: 'illegal_state',
      message: `Cannot ${action} an appeal that is ${appeal.status}; only possible when ${from.join(' or ')}.`,
    };
  }
  return checkPreconditions(appeal, action, now);
}

function checkPreconditions(appeal: AppealSnapshot, action: CaseActionName, now: Date): Refusal | null {
  switch (action) {
    case 'sign':
    case 'suspend':
    case 'bring_task_force':
      return refuseWhileObjectionPending(appeal, action);
    case 'resolve':
      return refuseWhileObjectionPending(appeal, action) ?? refuseWhileCoHandlerTasksOpen(appeal);
    case 'object':
      return checkObjection(appeal, now);
    case 'approve_objection':
    case 'deny_objection':
      return appeal.pendingObjection ? null : { error: 'not_pending', message: 'There is no pending objection to decide on.' };
    case 'request_extension':
      return refuseWhileObjectionPending(appeal, action) ?? checkExtensionRequest(appeal, now);
    case 'approve_extension':
    case 'deny_extension':
      return appeal.pendingExtension ? null : { error: 'not_pending', message: 'There is no pending extension request to decide on.' };
    case 'transfer_up':
    case 'red_card':
      return nextLevel(appeal.level) === null
        ? { error: 'level_at_maximum', message: 'The appeal is already at province level and cannot be raised further.' }
        : null;
    case 'auto_close':
      return checkVerificationWindowOver(appeal, now);
    case 'rule_unreasonable_rating':
      return checkRatingRuling(appeal);
    case 'follow_up_call':
      return checkFollowUpCall(appeal);
    case 'accept':
    case 'reject':
    case 'mark_duplicate':
    case 'route':
    case 'supplement':
    case 'resume':
    case 'verify':
    case 'withdraw':
    case 'comment':
      return null;
    default:
      return assertNever(action, 'appeal action');
  }
}

/**
 * While the department says "this is not ours", it must not also sign, answer or suspend the
 * case: the supervisor's decision on the objection comes first.
 */
function refuseWhileObjectionPending(appeal: AppealSnapshot, action: CaseActionName): Refusal | null {
  return appeal.pendingObjection
    ? { error: 'objection_pending', message: `Cannot ${action} while the department's objection awaits a supervisor.` }
    : null;
}

/** The joint closure rule: every co-handler's part is delivered, objected to or waived first. */
function refuseWhileCoHandlerTasksOpen(appeal: AppealSnapshot): Refusal | null {
  return appeal.openCoHandlerTaskCount > 0
    ? {
        error: 'co_handler_tasks_open',
        message: `Cannot resolve while ${appeal.openCoHandlerTaskCount} co-handler task(s) are open; wait for their answers or ask a supervisor to waive them.`,
      }
    : null;
}

function checkObjection(appeal: AppealSnapshot, now: Date): Refusal | null {
  if (appeal.pendingObjection) {
    return { error: 'already_pending', message: 'An objection is already waiting for a supervisor.' };
  }
  if (appeal.leadDepartmentId !== null && appeal.objectedDepartmentIds.includes(appeal.leadDepartmentId)) {
    return { error: 'already_objected', message: 'This department has already objected to this appeal once.' };
  }
  // The window end is inclusive: "within 1 working day" still includes the last instant of it.
  if (appeal.objectionDeadlineAt === null || now.getTime() > appeal.objectionDeadlineAt.getTime()) {
    return {
      error: 'window_closed',
      message: 'The objection window (1 working day after assignment) has closed.',
    };
  }
  return null;
}

function checkExtensionRequest(appeal: AppealSnapshot, now: Date): Refusal | null {
  if (appeal.pendingExtension) {
    return { error: 'already_pending', message: 'An extension request is already waiting for a supervisor.' };
  }
  if (appeal.resolutionDueAt === null) {
    return { error: 'window_closed', message: 'The appeal has no resolution deadline to extend.' };
  }
  // While suspended the clock stands still at the moment of suspension, so that is the time that
  // counts: a suspension that began before the deadline keeps the right to ask.
  const clock = appeal.status === 'suspended' && appeal.suspendedAt !== null ? appeal.suspendedAt : now;
  if (clock.getTime() >= appeal.resolutionDueAt.getTime()) {
    return {
      error: 'window_closed',
      message: 'An extension must be requested before the resolution deadline, which has passed.',
    };
  }
  return null;
}

/**
 * An officer's follow-up call (回访) records the firm's verdict when the firm has not given one: it
 * never replaces a rating the firm gave itself. The status already rules out the same answer (the
 * firm's verification moves the appeal on); this covers the redo: once the firm rated an answer
 * unsatisfied itself, it rates the new answer itself too (or the appeal closes unrated when the
 * window runs out). A rating the officer recorded may be followed by another call.
 */
function checkFollowUpCall(appeal: AppealSnapshot): Refusal | null {
  if (appeal.rating !== null && !appeal.rating.onBehalf) {
    return {
      error: 'rated_by_firm',
      message: 'The firm rated this appeal itself; a follow-up call cannot replace its rating. The firm verifies the new answer itself.',
    };
  }
  return null;
}

/** Only an unsatisfied rating on record can be ruled unreasonable, and only once. */
function checkRatingRuling(appeal: AppealSnapshot): Refusal | null {
  if (appeal.rating === null || isSatisfied(appeal.rating.satisfaction)) {
    return { error: 'no_unsatisfied_rating', message: 'The appeal has no unsatisfied rating on record to rule on.' };
  }
  if (appeal.rating.ruling !== null) {
    return { error: 'already_ruled', message: 'This rating was already ruled unreasonable; a rating is ruled once.' };
  }
  return null;
}

/**
 * The sweep decides when to run, but closing an appeal the firm could still rate would lose its
 * verdict, so the rule is re-checked here and fails closed when no window was recorded.
 */
function checkVerificationWindowOver(appeal: AppealSnapshot, now: Date): Refusal | null {
  if (appeal.verificationDueAt === null || now.getTime() < appeal.verificationDueAt.getTime()) {
    return { error: 'window_open', message: 'The verification window has not run out yet.' };
  }
  return null;
}
