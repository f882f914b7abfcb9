import type { AppealLevel } from './appeal-level';
import type { Satisfaction } from './appeal-outcome';
import type { AppealStatus } from './appeal-status';

/** A lead department's objection (退单) waiting for a supervisor. */
export interface PendingObjection {
  readonly departmentId: string;
  readonly reason: string;
  readonly requestedAt: Date;
}

/** A lead department's extension request (延期) waiting for a supervisor. */
export interface PendingExtension {
  readonly days: number;
  readonly reason: string;
  readonly requestedAt: Date;
}

/** A supervisor's ruling that the rating on record is unreasonable (不合理差评). */
export interface RatingRuling {
  readonly at: Date;
  readonly reason: string;
}

/**
 * The latest rating on record (the firm's own verification or an officer's follow-up call): a
 * redo keeps it until the next verification replaces it.
 */
export interface RatingOnRecord {
  readonly satisfaction: Satisfaction;
  readonly onBehalf: boolean;
  readonly ruling: RatingRuling | null;
}

/**
 * What the workflow rules need to know about one appeal, and nothing else: the entity has far
 * more (title, attachments, category ...), none of which changes who may do what.
 *
 * Deadlines are computed by the caller with the working-day calendar and stored here; the state
 * machine only compares them with `now`. Whenever a decision asks the caller to (re)start a clock,
 * it also sets the affected deadline to null in `changes`, so a caller that forgets to compute it
 * fails closed (e.g. no objection window) instead of reusing a stale one.
 */
export interface AppealSnapshot {
  readonly status: AppealStatus;
  readonly level: AppealLevel;
  readonly enterpriseId: string;
  /** 主办: the department that answers. Null until routed and after an approved objection. */
  readonly leadDepartmentId: string | null;
  /** 协办: departments that contribute notes. Never contains the lead department. */
  readonly coDepartmentIds: readonly string[];
  /** Every department that ever objected to this appeal; each may object once and is not routed to again. */
  readonly objectedDepartmentIds: readonly string[];
  readonly pendingObjection: PendingObjection | null;
  readonly pendingExtension: PendingExtension | null;
  /** End of the objection window: 1 working day after assignment. Inclusive. */
  readonly objectionDeadlineAt: Date | null;
  /** When the lead department must have resolved the appeal. Exclusive for extension requests. */
  readonly resolutionDueAt: Date | null;
  /** When the current suspension started; the clock stood still from then on. */
  readonly suspendedAt: Date | null;
  /** End of the enterprise's verification window; `auto_close` may only run after it. */
  readonly verificationDueAt: Date | null;
  readonly redoCount: number;
  readonly objectionCount: number;
  readonly extensionCount: number;
  /**
   * Co-handler tasks (协办任务) still owed (open or signed): while any is, the lead may not resolve
   * (the joint closure rule, see src/cohandling/domain/joint-closure.ts).
   */
  readonly openCoHandlerTaskCount: number;
  /** The rating on record, null until the first verification. */
  readonly rating: RatingOnRecord | null;
}

/** The snapshot of a freshly submitted appeal; the level is the one of the enterprise's region. */
export function initialAppealSnapshot(input: { enterpriseId: string; level: AppealLevel }): AppealSnapshot {
  return {
    status: 'submitted',
    level: input.level,
    enterpriseId: input.enterpriseId,
    leadDepartmentId: null,
    coDepartmentIds: [],
    objectedDepartmentIds: [],
    pendingObjection: null,
    pendingExtension: null,
    objectionDeadlineAt: null,
    resolutionDueAt: null,
    suspendedAt: null,
    verificationDueAt: null,
    redoCount: 0,
    objectionCount: 0,
    extensionCount: 0,
    openCoHandlerTaskCount: 0,
    rating: null,
  };
}
