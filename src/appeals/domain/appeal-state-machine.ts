import type { AppealCommand, CaseActionName } from './appeal-action';
import { CASE_ACTION_NAMES, isCaseActionName } from './appeal-action';
import type { Actor, Submitter } from './appeal-actor';
import { validateCommand } from './appeal-command-validator';
import type { Decision, DecisionFailure, SubmissionDecision } from './appeal-decision';
import { checkAvailability, type Refusal } from './appeal-guards';
import { describeRelation, isPermitted, permittedRelations, relationOf } from './appeal-permissions';
import type { AppealSnapshot } from './appeal-snapshot';
import { applyCommand } from './appeal-transitions';

/**
 * Decides whether `actor` may apply `command` to `appeal` at `now`, and if so what changes.
 * Pure: the caller loads the snapshot, persists `changes` with an optimistic version check, runs
 * the `effects` and appends the event, all in one transaction.
 *
 * Checks run from the most to the least fundamental, and the first refusal wins:
 *  1. who you are relative to the appeal (`forbidden`): never depends on the state, so an actor
 *     without rights learns nothing about where the case stands;
 *  2. the status, pending requests, time windows and level (`illegal_state` and friends);
 *  3. the command's own input (`invalid_input`, or a conflict such as routing to a department
 *     that already objected).
 */
export function decide(appeal: AppealSnapshot, command: AppealCommand, actor: Actor, now: Date): Decision {
  const asked: unknown = (command as { action?: unknown } | null)?.action;
  if (!isCaseActionName(asked)) {
    return refuse(appeal, actor, now, String(asked), {
      error: 'invalid_input',
      message: `Unknown action ${JSON.stringify(asked)}.`,
    });
  }
  const relation = relationOf(appeal, actor);
  if (!isPermitted(asked, relation)) {
    const who = permittedRelations(asked).map(describeRelation).join(' or ');
    return refuse(appeal, actor, now, asked, {
      error: 'forbidden',
      message: `As ${describeRelation(relation)} you may not ${asked} this appeal; only ${who} may.`,
    });
  }
  const unavailable = checkAvailability(appeal, asked, now);
  if (unavailable) return refuse(appeal, actor, now, asked, unavailable);

  const validation = validateCommand(appeal, command, relation);
  if (!validation.ok) return refuse(appeal, actor, now, asked, validation.refusal);

  return applyCommand(appeal, validation.command, relation, now);
}

/**
 * What this actor can do right now, in the canonical action order: drives the UI's buttons and is
 * returned with every refusal. Built from the same checks as `decide` minus the input, so any
 * action listed here succeeds given valid input, and any action left out is refused whatever the input.
 */
export function allowedActions(appeal: AppealSnapshot, actor: Actor, now: Date): CaseActionName[] {
  const relation = relationOf(appeal, actor);
  return CASE_ACTION_NAMES.filter((action) => isPermitted(action, relation) && checkAvailability(appeal, action, now) === null);
}

/**
 * Creating an appeal: the enterprise for itself, its liaison officer on its behalf (e.g. after
 * a visit), or a machine client with `appeals:submit` for a firm in its reach (on the firm's
 * behalf, naming the client); the event marks which. `enterpriseId` is the firm the appeal is raised for.
 */
export function decideSubmission(enterpriseId: string, actor: Submitter): SubmissionDecision {
  if (actor.role === 'enterprise' && actor.enterpriseId === enterpriseId) {
    return { ok: true, action: 'submit', to: 'submitted', eventPayload: { onBehalf: false } };
  }
  if (actor.role === 'officer' && actor.isFirmOfficer) {
    return { ok: true, action: 'submit', to: 'submitted', eventPayload: { onBehalf: true } };
  }
  if (actor.role === 'client' && actor.firmInReach) {
    return { ok: true, action: 'submit', to: 'submitted', eventPayload: { onBehalf: true, viaClient: actor.clientId } };
  }
  return {
    ok: false,
    action: 'submit',
    error: 'forbidden',
    message: 'Only the enterprise itself, its liaison officer or a client whose reach holds it may submit an appeal for it.',
  };
}

function refuse(appeal: AppealSnapshot, actor: Actor, now: Date, action: string, refusal: Refusal): DecisionFailure {
  return { ok: false, action, ...refusal, allowedActions: allowedActions(appeal, actor, now) };
}
