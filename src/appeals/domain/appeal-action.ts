import type { ClosureType, Satisfaction, SolvedAnswer } from './appeal-outcome';
import type { AppealStatus } from './appeal-status';

/**
 * Action names as written to the appeal's event log. `submit` is in the list because the log
 * starts with it, but it creates the appeal rather than moving an existing one (see
 * `decideSubmission`), so it has no command and no "from" status.
 */
export const APPEAL_ACTION_NAMES = [
  'submit',
  'accept',
  'reject',
  'mark_duplicate',
  'route',
  'bring_task_force',
  'sign',
  'object',
  'approve_objection',
  'deny_objection',
  'request_extension',
  'approve_extension',
  'deny_extension',
  'suspend',
  'supplement',
  'resume',
  'transfer_up',
  'resolve',
  'verify',
  'follow_up_call',
  'rule_unreasonable_rating',
  'withdraw',
  'comment',
  'auto_close',
  'red_card',
] as const;

export type AppealActionName = (typeof APPEAL_ACTION_NAMES)[number];

/** Actions taken on an appeal that already exists. */
export type CaseActionName = Exclude<AppealActionName, 'submit'>;

export const CASE_ACTION_NAMES: readonly CaseActionName[] = APPEAL_ACTION_NAMES.filter((name): name is CaseActionName => name !== 'submit');

export function isCaseActionName(value: unknown): value is CaseActionName {
  return typeof value === 'string' && (CASE_ACTION_NAMES as readonly string[]).includes(value);
}

/** `internal` notes are for staff only and must never reach the enterprise. */
export const COMMENT_VISIBILITIES = ['internal', 'public'] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

/** The enterprise's two answers, whether it gives them itself or over a follow-up call. */
export interface VerificationAnswers {
  readonly solved: SolvedAnswer;
  readonly satisfaction: Satisfaction;
  readonly comment?: string;
}

/**
 * The appeal named as the one a duplicate repeats, as the caller found it among the appeals the
 * actor may read (null when there is no such appeal): the rules cannot read other appeals, so the
 * facts they judge by travel with the command.
 */
export interface DuplicateOriginal {
  readonly id: string;
  readonly number: string;
  readonly enterpriseId: string;
  readonly status: AppealStatus;
  /** Set when the original was itself closed as a duplicate of another appeal. */
  readonly duplicateOfId: string | null;
  /** The appeal being marked, named as its own original. */
  readonly isSameAppeal: boolean;
}

/**
 * A task force (专班) named by a command, as the caller found it: the rules cannot read task
 * forces, so the facts they judge by travel with the command (null when there is no such task
 * force). The caller has already checked that it is active and covers the appeal's region.
 */
export interface TaskForceOnCommand {
  readonly id: string;
  readonly name: string;
  /** Its active member departments, of any level. */
  readonly memberDepartmentIds: readonly string[];
}

/*
 * One command per action, carrying only that action's input. The fields are typed, but the
 * values usually come from HTTP bodies, so the state machine still validates them at run time.
 */
export type AppealCommand =
  | { readonly action: 'accept'; readonly note?: string }
  | { readonly action: 'reject'; readonly reason: string }
  /** The firm raised the same problem again (重复): closed, linked to the appeal where it is being handled. */
  | {
      readonly action: 'mark_duplicate';
      readonly originalAppealId: string;
      readonly original?: DuplicateOriginal | null;
      readonly note?: string;
    }
  | {
      readonly action: 'route';
      readonly leadDepartmentId: string;
      readonly coDepartmentIds?: readonly string[];
      /** What the co-handlers are asked for (their tasks' request); a standard request when absent. */
      readonly coHandlerRequest?: string;
      /** A task force whose members (except the lead) co-handle too, whatever their level. */
      readonly taskForceId?: string;
      readonly taskForce?: TaskForceOnCommand | null;
    }
  /**
   * A supervisor brings a task force (专班) into a routed appeal: its members that take no part yet
   * become co-handling departments (协办) of this appeal, each with its co-handler task.
   */
  | {
      readonly action: 'bring_task_force';
      readonly taskForceId: string;
      readonly taskForce?: TaskForceOnCommand | null;
      readonly coHandlerRequest?: string;
    }
  | { readonly action: 'sign' }
  | { readonly action: 'object'; readonly reason: string }
  | { readonly action: 'approve_objection'; readonly note?: string }
  | { readonly action: 'deny_objection'; readonly reason: string }
  | { readonly action: 'request_extension'; readonly days: number; readonly reason: string }
  /** `days` defaults to the days asked for; a supervisor may grant fewer, never more. */
  | { readonly action: 'approve_extension'; readonly days?: number; readonly note?: string }
  | { readonly action: 'deny_extension'; readonly reason: string }
  | { readonly action: 'suspend'; readonly reason: string }
  | { readonly action: 'supplement'; readonly text: string }
  | { readonly action: 'resume'; readonly note?: string }
  | { readonly action: 'transfer_up'; readonly targetDepartmentId: string; readonly reason: string }
  | { readonly action: 'resolve'; readonly closureType: ClosureType; readonly answer: string }
  | ({ readonly action: 'verify' } & VerificationAnswers)
  | ({ readonly action: 'follow_up_call' } & VerificationAnswers)
  /**
   * 不合理差评: a supervisor rules the unsatisfied rating on record unreasonable, once per rating,
   * with a reason; the appeal's status and handling are unchanged, the rating leaves the
   * satisfaction rate's denominator and is counted apart.
   */
  | { readonly action: 'rule_unreasonable_rating'; readonly reason: string }
  | { readonly action: 'withdraw'; readonly reason?: string }
  | { readonly action: 'comment'; readonly text: string; readonly visibility: CommentVisibility }
  | { readonly action: 'auto_close' }
  /**
   * The sweep's red card (红牌): the appeal moves one level up — to the department the routing rules
   * name there, or, when none does (`targetDepartmentId` null), into that level's supervisors' queue
   * waiting to be routed (待交办).
   */
  | { readonly action: 'red_card'; readonly targetDepartmentId: string | null; readonly reason: string };

/** The longest reason a ruling on a rating may carry (characters). */
export const RATING_RULING_REASON_MAX = 500;

/** The command for one particular action, e.g. `CommandOf<'route'>`. */
export type CommandOf<A extends CaseActionName> = Extract<AppealCommand, { action: A }>;
