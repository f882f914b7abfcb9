import { assertNever } from '../../common/domain/assert-never';
import { joiningDepartments } from '../../taskforces/domain/task-force-rules';
import type { TaskForceOnCommand, VerificationAnswers } from './appeal-action';
import type { ValidatedCommand } from './appeal-command-validator';
import type { DecisionSuccess, Effect, EventPayload } from './appeal-decision';
import { nextLevel } from './appeal-level';
import { isSatisfied } from './appeal-outcome';
import type { AppealRelation } from './appeal-permissions';
import type { AppealSnapshot } from './appeal-snapshot';
import type { AppealStatus } from './appeal-status';

type Outcome = Omit<DecisionSuccess, 'ok' | 'action' | 'from'>;

/**
 * Fields that belong to one department's handling. Cleared whenever the case goes to a new
 * department or back for routing, so nothing stale survives: a pending request addressed to the
 * old department would otherwise sit in a supervisor's queue, and an old deadline would be reused.
 */
const DEPARTMENT_HANDLING_RESET = {
  pendingObjection: null,
  pendingExtension: null,
  objectionDeadlineAt: null,
  resolutionDueAt: null,
  suspendedAt: null,
} as const satisfies Partial<AppealSnapshot>;

/** Turns a command that passed every check into the transition. Never refuses. */
export function applyCommand(appeal: AppealSnapshot, command: ValidatedCommand, relation: AppealRelation, now: Date): DecisionSuccess {
  return { ok: true, action: command.action, from: appeal.status, ...endingSuspension(appeal, outcome(appeal, command, relation, now)) };
}

/**
 * Leaving `suspended` by any action — resuming, the firm's answer, a withdrawal — ends the pause:
 * the suspension mark is cleared and the clock is resumed (the pause row closed, the working time
 * it took added), so no appeal outside `suspended` has a pause still open. One rule here rather
 * than one per action, so an action added later cannot forget it.
 */
function endingSuspension(appeal: AppealSnapshot, result: Outcome): Outcome {
  if (appeal.status !== 'suspended' || result.to === 'suspended') return result;
  const resumes = result.effects.some((effect) => effect.type === 'resume_clock');
  return {
    ...result,
    changes: { ...result.changes, suspendedAt: null },
    effects: resumes ? result.effects : [{ type: 'resume_clock', pausedSince: appeal.suspendedAt }, ...result.effects],
  };
}

function outcome(appeal: AppealSnapshot, command: ValidatedCommand, relation: AppealRelation, now: Date): Outcome {
  const stay = appeal.status;
  switch (command.action) {
    case 'accept':
      return move('accepted', {}, [], { note: command.note ?? null });
    case 'reject':
      return move('rejected', {}, [], { reason: command.reason });
    case 'mark_duplicate':
      // Closed without an answer or a rating of its own: the firm follows the original instead.
      return move('closed', {}, [], {
        originalAppealId: command.originalAppealId,
        originalNumber: command.original?.number ?? null,
        note: command.note ?? null,
      });
    case 'route': {
      const force = command.taskForce ?? null;
      const joined = force ? joiningDepartments(force.memberDepartmentIds, command.leadDepartmentId, command.coDepartmentIds) : [];
      const coDepartmentIds = [...command.coDepartmentIds, ...joined];
      const routed = move(
        'assigned',
        { leadDepartmentId: command.leadDepartmentId, coDepartmentIds, ...DEPARTMENT_HANDLING_RESET },
        [{ type: 'start_handling_clocks' }],
        { leadDepartmentId: command.leadDepartmentId, coDepartmentIds, ...(force ? { taskForce: taskForcePayload(force, joined) } : {}) },
      );
      return force ? { ...routed, joinedByTaskForce: { taskForceId: force.id, departmentIds: joined } } : routed;
    }
    case 'bring_task_force': {
      // The validator refused a missing task force and one that brings nobody.
      const force = command.taskForce ?? { id: command.taskForceId, name: '', memberDepartmentIds: [] };
      const joined = joiningDepartments(force.memberDepartmentIds, appeal.leadDepartmentId, appeal.coDepartmentIds);
      return {
        ...move(stay, { coDepartmentIds: [...appeal.coDepartmentIds, ...joined] }, [], {
          taskForce: taskForcePayload(force, joined),
          coHandlerRequest: command.coHandlerRequest ?? null,
        }),
        joinedByTaskForce: { taskForceId: force.id, departmentIds: joined },
      };
    }
    case 'sign':
      return move('in_progress', {}, [], { departmentId: appeal.leadDepartmentId });
    case 'object': {
      const departmentId = appeal.leadDepartmentId ?? '';
      return move(
        stay,
        {
          pendingObjection: { departmentId, reason: command.reason, requestedAt: now },
          objectedDepartmentIds: [...appeal.objectedDepartmentIds, departmentId],
          // Counted when filed, not when approved: the objection rate measures routing friction.
          objectionCount: appeal.objectionCount + 1,
        },
        [],
        { departmentId, reason: command.reason },
      );
    }
    case 'approve_objection':
      return move('accepted', { leadDepartmentId: null, coDepartmentIds: [], ...DEPARTMENT_HANDLING_RESET }, [], {
        departmentId: appeal.pendingObjection?.departmentId ?? null,
        note: command.note ?? null,
      });
    case 'deny_objection':
      return move(stay, { pendingObjection: null }, [], {
        departmentId: appeal.pendingObjection?.departmentId ?? null,
        reason: command.reason,
      });
    case 'request_extension':
      return move(stay, { pendingExtension: { days: command.days, reason: command.reason, requestedAt: now } }, [], {
        days: command.days,
        reason: command.reason,
      });
    case 'approve_extension':
      return move(
        stay,
        { pendingExtension: null, extensionCount: appeal.extensionCount + 1 },
        [{ type: 'extend_deadline', workingDays: command.days }],
        { requestedDays: appeal.pendingExtension?.days ?? null, approvedDays: command.days, note: command.note ?? null },
      );
    case 'deny_extension':
      return move(stay, { pendingExtension: null }, [], {
        requestedDays: appeal.pendingExtension?.days ?? null,
        reason: command.reason,
      });
    case 'suspend':
      return move('suspended', { suspendedAt: now }, [{ type: 'pause_clock' }], { reason: command.reason });
    case 'supplement':
      // The firm answering is what the suspension waited for, so it also restarts the clock.
      return move('in_progress', { suspendedAt: null }, [{ type: 'resume_clock', pausedSince: appeal.suspendedAt }], {
        text: command.text,
        onBehalf: relation === 'firm_officer',
      });
    case 'resume':
      return move('in_progress', { suspendedAt: null }, [{ type: 'resume_clock', pausedSince: appeal.suspendedAt }], {
        note: command.note ?? null,
      });
    case 'transfer_up':
      return transferUp(appeal, command.targetDepartmentId, command.reason);
    case 'resolve':
      return move(
        'resolved',
        // An answer supersedes any extension still being asked for.
        { pendingExtension: null, verificationDueAt: null },
        [{ type: 'start_verification_clock' }],
        { closureType: command.closureType, answer: command.answer },
      );
    case 'verify':
      return verification(appeal, command, false);
    case 'follow_up_call':
      return verification(appeal, command, true);
    case 'rule_unreasonable_rating': {
      // The status and the handling stay as they are: the ruling judges the rating, not the case.
      const rating = appeal.rating;
      return move(stay, rating ? { rating: { ...rating, ruling: { at: now, reason: command.reason } } } : {}, [], {
        reason: command.reason,
        satisfaction: rating?.satisfaction ?? null,
        ratingOnBehalf: rating?.onBehalf ?? null,
      });
    }
    case 'withdraw':
      // Pending requests die with the case; deadlines stay, to show whether it was late when withdrawn.
      return move('withdrawn', { pendingObjection: null, pendingExtension: null }, [], {
        reason: command.reason ?? null,
        onBehalf: relation === 'firm_officer',
      });
    case 'comment':
      return move(stay, {}, [], { text: command.text, visibility: command.visibility });
    case 'auto_close':
      return move('closed', {}, [], { unrated: true });
    case 'red_card':
      return redCard(appeal, command.targetDepartmentId, command.reason);
    default:
      return assertNever(command, 'appeal command');
  }
}

/** What the event records of a task force brought in: which one, and the departments it brought. */
function taskForcePayload(force: TaskForceOnCommand, joined: readonly string[]): EventPayload {
  return { id: force.id, name: force.name, departmentIds: [...joined] };
}

function move(to: AppealStatus, changes: Partial<AppealSnapshot>, effects: readonly Effect[], eventPayload: EventPayload): Outcome {
  return { to, changes: { ...changes, status: to }, effects, eventPayload };
}

function transferUp(appeal: AppealSnapshot, targetDepartmentId: string, reason: string): Outcome {
  // The guard has already refused province, so a next level exists here.
  const raisedTo = nextLevel(appeal.level) ?? appeal.level;
  return move(
    'assigned',
    { level: raisedTo, leadDepartmentId: targetDepartmentId, coDepartmentIds: [], ...DEPARTMENT_HANDLING_RESET },
    [{ type: 'raise_level', from: appeal.level, to: raisedTo }, { type: 'reset_timers' }, { type: 'start_handling_clocks' }],
    { fromLevel: appeal.level, toLevel: raisedTo, targetDepartmentId, reason },
  );
}

/**
 * The red card raises the appeal one level, as a transfer does (new level, its SLA policy, fresh
 * timers and ladder), but the sweep chooses no department by hand: the one the routing rules name
 * at the new level gets it, and without such a rule it waits, accepted, in that level's
 * supervisors' queue to be routed (待交办).
 */
function redCard(appeal: AppealSnapshot, targetDepartmentId: string | null, reason: string): Outcome {
  // The guard has already refused province, so a next level exists here.
  const raisedTo = nextLevel(appeal.level) ?? appeal.level;
  const raise: Effect[] = [{ type: 'raise_level', from: appeal.level, to: raisedTo }, { type: 'reset_timers' }];
  const payload = { fromLevel: appeal.level, toLevel: raisedTo, targetDepartmentId, awaitingRouting: targetDepartmentId === null, reason };
  if (targetDepartmentId === null) {
    return move('accepted', { level: raisedTo, leadDepartmentId: null, coDepartmentIds: [], ...DEPARTMENT_HANDLING_RESET }, raise, payload);
  }
  return move(
    'assigned',
    { level: raisedTo, leadDepartmentId: targetDepartmentId, coDepartmentIds: [], ...DEPARTMENT_HANDLING_RESET },
    [...raise, { type: 'start_handling_clocks' }],
    payload,
  );
}

/**
 * Satisfied closes the case. Unsatisfied sends it back: every odd redo to the same department,
 * every even one a level up for fresh routing (提级), because the department has had two tries.
 * The rule only speaks of the second redo; applying it to the fourth, sixth ... keeps the same
 * "two tries per level" fairness. At province there is nowhere to go, so province redoes again.
 */
function verification(appeal: AppealSnapshot, answers: VerificationAnswers, onBehalf: boolean): Outcome {
  const payload: EventPayload = {
    solved: answers.solved,
    satisfaction: answers.satisfaction,
    comment: answers.comment ?? null,
    onBehalf,
  };
  // A new rating replaces the one on record; a ruling on the old one does not carry over. (The
  // answers themselves are written by actionChanges with the rest of the verification.)
  const rated: Partial<AppealSnapshot> =
    appeal.rating?.ruling ? { rating: { satisfaction: answers.satisfaction, onBehalf, ruling: null } } : {};
  if (isSatisfied(answers.satisfaction)) {
    return move('closed', rated, [], { ...payload, redo: false });
  }
  const redoCount = appeal.redoCount + 1;
  const raisedTo = redoCount % 2 === 0 ? nextLevel(appeal.level) : null;
  if (raisedTo === null) {
    return move('in_progress', { ...rated, redoCount, resolutionDueAt: null }, [{ type: 'reset_resolution_clock' }], {
      ...payload,
      redo: true,
      redoCount,
      raisedTo: null,
    });
  }
  return move(
    'accepted',
    { ...rated, redoCount, level: raisedTo, leadDepartmentId: null, coDepartmentIds: [], ...DEPARTMENT_HANDLING_RESET },
    [{ type: 'raise_level', from: appeal.level, to: raisedTo }, { type: 'reset_timers' }],
    { ...payload, redo: true, redoCount, raisedTo },
  );
}
