import { assertNever } from '../../common/domain/assert-never';
import type { AppealCommand, AppealSnapshot, DecisionSuccess } from '../domain';
import type { AppealChanges } from './appeal-changes';

/**
 * What an action writes besides the snapshot fields and the timers: its timestamp, who handles the
 * case, the answer and the verification, the closing marks. Pure and shared by every path that
 * applies a decision (a person's action, the sweep's auto-close, the red card), so an action
 * writes the same whoever triggers it.
 */
export function actionChanges(command: AppealCommand, decision: DecisionSuccess, actorId: number | null, now: Date): AppealChanges {
  const changes: AppealChanges = {};
  switch (command.action) {
    case 'accept':
      changes.acceptedAt = now;
      break;
    case 'sign':
      changes.signedAt = now;
      if (actorId !== null) changes.handlerId = actorId;
      break;
    case 'resolve':
      changes.closureType = command.closureType;
      changes.answer = command.answer;
      changes.resolvedAt = now;
      if (actorId !== null) changes.handlerId = actorId;
      break;
    case 'verify':
    case 'follow_up_call':
      changes.verifiedAt = now;
      changes.solved = command.solved;
      changes.satisfaction = command.satisfaction;
      changes.verificationComment = command.comment ?? null;
      changes.verifiedOnBehalf = command.action === 'follow_up_call';
      break;
    case 'auto_close':
      // Closed without the enterprise's rating: counted apart in the statistics.
      changes.autoClosed = true;
      break;
    case 'mark_duplicate':
      // Closed without an answer or rating of its own: the metrics count it apart, never as solved.
      changes.duplicateOfId = Number(command.originalAppealId);
      break;
    case 'reject':
    case 'route':
    case 'bring_task_force':
    case 'object':
    case 'approve_objection':
    case 'deny_objection':
    case 'request_extension':
    case 'approve_extension':
    case 'deny_extension':
    case 'suspend':
    case 'supplement':
    case 'resume':
    case 'transfer_up':
    case 'withdraw':
    case 'comment':
    case 'red_card':
      break;
    case 'rule_unreasonable_rating':
      // Its columns are the snapshot's rating (snapshotChanges).
      break;
    default:
      return assertNever(command, 'appeal command');
  }
  if (decision.to === 'closed') changes.closedAt = now;
  // A new department (or level) starts without a handler until someone signs.
  if (decision.changes.leadDepartmentId !== undefined) changes.handlerId = null;
  return changes;
}

/** The state machine's snapshot changes as typed appeal changes; co-departments live in their own table. */
export function snapshotChanges(changes: Partial<AppealSnapshot>): AppealChanges {
  const result: AppealChanges = {};
  for (const key of Object.keys(changes) as Array<keyof AppealSnapshot>) {
    switch (key) {
      case 'status':
        result.status = changes.status;
        break;
      case 'level':
        result.level = changes.level;
        break;
      case 'leadDepartmentId':
        result.leadDepartmentId = changes.leadDepartmentId === null ? null : Number(changes.leadDepartmentId);
        break;
      case 'objectedDepartmentIds':
        result.objectedDepartmentIds = (changes.objectedDepartmentIds ?? []).map(Number);
        break;
      case 'pendingObjection':
        result.pendingObjection = changes.pendingObjection;
        break;
      case 'pendingExtension':
        result.pendingExtension = changes.pendingExtension;
        break;
      case 'objectionDeadlineAt':
        result.objectionDeadlineAt = changes.objectionDeadlineAt;
        break;
      case 'resolutionDueAt':
        result.resolutionDueAt = changes.resolutionDueAt;
        break;
      case 'suspendedAt':
        result.suspendedAt = changes.suspendedAt;
        break;
      case 'verificationDueAt':
        result.verificationDueAt = changes.verificationDueAt;
        break;
      case 'redoCount':
        result.redoCount = changes.redoCount;
        break;
      case 'objectionCount':
        result.objectionCount = changes.objectionCount;
        break;
      case 'extensionCount':
        result.extensionCount = changes.extensionCount;
        break;
      case 'rating':
        // Only the ruling: the answers themselves are written by actionChanges with the verification.
        result.ratingRuledAt = changes.rating?.ruling?.at ?? null;
        result.ratingRulingReason = changes.rating?.ruling?.reason ?? null;
        break;
      case 'enterpriseId':
      case 'coDepartmentIds':
      case 'openCoHandlerTaskCount':
        break;
      default:
        assertNever(key, 'snapshot field');
    }
  }
  return result;
}
