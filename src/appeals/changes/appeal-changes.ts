import type { DeadlineBasis } from '../../sla/domain/deadline-basis';
import type { AppealLevel, AppealStatus, ClosureType, PendingExtension, PendingObjection, Satisfaction, SolvedAnswer } from '../domain';

/**
 * Everything an action, a timer or the sweep may change on an appeal, typed: the one description
 * of a write that every path produces and the repository alone turns into columns
 * (`appealColumns`). Absent means "unchanged"; null means "cleared".
 */
export interface AppealChanges {
  status?: AppealStatus;
  level?: AppealLevel;
  leadDepartmentId?: number | null;
  /** The person in the lead department who signed for the appeal and answers it. */
  handlerId?: number | null;
  objectedDepartmentIds?: readonly number[];
  pendingObjection?: PendingObjection | null;
  pendingExtension?: PendingExtension | null;
  slaPolicyId?: number;

  acceptedAt?: Date;
  assignedAt?: Date;
  signedAt?: Date | null;
  resolvedAt?: Date;
  verifiedAt?: Date;
  closedAt?: Date;

  responseDueAt?: Date;
  responseDueBasis?: DeadlineBasis;
  objectionDeadlineAt?: Date | null;
  objectionDeadlineBasis?: DeadlineBasis;
  resolutionStartedAt?: Date;
  resolutionDueAt?: Date | null;
  resolutionDueBasis?: DeadlineBasis;
  verificationDueAt?: Date | null;
  verificationDueBasis?: DeadlineBasis;
  /** The deadline that matters in the current state (what lists sort and the sweep watch by). */
  currentDueAt?: Date | null;
  currentDueBasis?: DeadlineBasis;

  suspendedAt?: Date | null;
  /** Working time finished pauses consumed since the resolution clock started. */
  pausedMs?: number;
  warningLight?: 'green' | 'yellow' | 'red';
  yellowAt?: Date | null;
  nextCheckAt?: Date | null;
  overdueSince?: Date | null;
  responseOverdue?: boolean;
  resolutionOverdue?: boolean;
  supervisionLevel?: 'none' | 'reminder' | 'supervision' | 'yellow_card' | 'red_card';
  ladderCycle?: number;

  closureType?: ClosureType;
  answer?: string;
  solved?: SolvedAnswer;
  satisfaction?: Satisfaction;
  verificationComment?: string | null;
  verifiedOnBehalf?: boolean;
  /** A supervisor's ruling that the rating on record is unreasonable (不合理差评); cleared by a new rating. */
  ratingRuledAt?: Date | null;
  ratingRulingReason?: string | null;
  autoClosed?: boolean;
  /** Closed as a duplicate (重复) of this appeal of the same firm. */
  duplicateOfId?: number;

  redoCount?: number;
  objectionCount?: number;
  extensionCount?: number;
  extensionDays?: number;
  updatedAt?: Date;
}

/** A timer's instant and its basis (statutory / provisional, 暂定) are always written together. */
export type TimerName = 'responseDue' | 'objectionDeadline' | 'resolutionDue' | 'verificationDue' | 'currentDue';
