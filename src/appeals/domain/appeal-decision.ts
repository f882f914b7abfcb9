import type { AppealActionName, CaseActionName } from './appeal-action';
import type { AppealLevel } from './appeal-level';
import type { AppealSnapshot } from './appeal-snapshot';
import type { AppealStatus } from './appeal-status';

/**
 * Why a command was refused. Suggested HTTP mapping (done by the exception filter, not here):
 * `forbidden` → 403, `invalid_input` → 400, every other code → 409 because the request was fine
 * but the appeal is not in a condition that allows it right now.
 */
export const DECISION_ERROR_CODES = [
  /** This actor may never take this action on this appeal, whatever its state. */
  'forbidden',
  /** The action does not exist from the appeal's current status. */
  'illegal_state',
  /** The command's own fields are missing or wrong (e.g. no reason given). */
  'invalid_input',
  /** A time window for the action has passed (objection window, resolution deadline). */
  'window_closed',
  /** A time window must pass first (the verification window before auto-closing). */
  'window_open',
  /** A request of the same kind already waits for a supervisor. */
  'already_pending',
  /** There is no request waiting that could be approved or denied. */
  'not_pending',
  /** The lead department's objection waits for a supervisor, so the department cannot work the case. */
  'objection_pending',
  /** The department already objected to this appeal (objecting again, or routing back to it). */
  'already_objected',
  /** The appeal is already at province level and cannot be raised. */
  'level_at_maximum',
  /** A co-handler task is still open, so the lead may not resolve yet (unless a supervisor waives it). */
  'co_handler_tasks_open',
  /** There is no unsatisfied rating on record that a supervisor could rule unreasonable. */
  'no_unsatisfied_rating',
  /** The rating on record was already ruled unreasonable; a ruling is made once. */
  'already_ruled',
  /** The rating on record is the firm's own: an officer's follow-up call (回访) may not replace it. */
  'rated_by_firm',
] as const;

export type DecisionErrorCode = (typeof DECISION_ERROR_CODES)[number];

/**
 * Work the caller must do because of a transition, typically with the working-day calendar or
 * the SLA policy, which this pure code cannot reach.
 */
export type Effect =
  /** The appeal was assigned to a department: set the objection window (1 working day) and the resolution deadline. */
  | { readonly type: 'start_handling_clocks' }
  /** Suspended waiting for the firm: the resolution clock stops. */
  | { readonly type: 'pause_clock' }
  /** Suspension ended: move the resolution deadline by the working time spent since `pausedSince`. */
  | { readonly type: 'resume_clock'; readonly pausedSince: Date | null }
  /** Approved extension: move the resolution deadline by this many working days. */
  | { readonly type: 'extend_deadline'; readonly workingDays: number }
  /** The appeal moved to a higher level (提级): notify that level's staff, apply its SLA policy. */
  | { readonly type: 'raise_level'; readonly from: AppealLevel; readonly to: AppealLevel }
  /** A new level starts afresh: restart the SLA clocks and the escalation ladder from now. */
  | { readonly type: 'reset_timers' }
  /** Redo at the same department: the resolution limit runs again from now. */
  | { readonly type: 'reset_resolution_clock' }
  /** An answer awaits the enterprise: set the verification deadline. */
  | { readonly type: 'start_verification_clock' };

export type EffectType = Effect['type'];

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What goes into the appeal's event log besides who, when, action and from/to. JSON-safe on purpose. */
export type EventPayload = { readonly [key: string]: JsonValue };

export interface DecisionSuccess {
  readonly ok: true;
  readonly action: CaseActionName;
  readonly from: AppealStatus;
  readonly to: AppealStatus;
  /** Fields to write to the appeal; always includes `status`, even when it stays the same. */
  readonly changes: Partial<AppealSnapshot>;
  readonly effects: readonly Effect[];
  readonly eventPayload: EventPayload;
  /** The co-handling departments this decision brought in through a task force (recorded on each). */
  readonly joinedByTaskForce?: { readonly taskForceId: string; readonly departmentIds: readonly string[] };
}

export interface DecisionFailure {
  readonly ok: false;
  /** The action as asked for; a string because a malformed command may name no known action. */
  readonly action: string;
  readonly error: DecisionErrorCode;
  /** English, meant for the person who tried. */
  readonly message: string;
  /** The input field the refusal is about, when it is about one (a form shows it there). */
  readonly field?: string;
  /** What this actor may do instead, right now, so the client can refresh its buttons. */
  readonly allowedActions: readonly CaseActionName[];
}

export type Decision = DecisionSuccess | DecisionFailure;

/** The outcome of creating an appeal, which has no "from" status and so no full `Decision`. */
export type SubmissionDecision =
  | {
      readonly ok: true;
      readonly action: Extract<AppealActionName, 'submit'>;
      readonly to: Extract<AppealStatus, 'submitted'>;
      readonly eventPayload: EventPayload;
    }
  | { readonly ok: false; readonly action: 'submit'; readonly error: 'forbidden'; readonly message: string };
