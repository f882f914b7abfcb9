import type { AppealSnapshot } from '../../appeals/domain';
import { isOverdue } from '../domain/deadline';
import {
  climbLadder,
  LADDER_ACTION,
  type LadderMath,
  ladderMath,
  type LadderSettings,
  type LadderStep,
  type SupervisionLevel,
} from '../domain/escalation-ladder';
import type { WorkingCalendar } from '../domain/working-calendar';
import type { WorkingHours } from '../domain/working-hours';
import { planAutoClose } from './sweep-auto-close';
import type { PlannedEvent, SweepChanges } from './sweep-writes';

export type { PlannedEvent, SweepChanges } from './sweep-writes';

/**
 * What one sweep does to one appeal, decided in pure code from the row and the calendar; the
 * sweep service then writes many appeals' plans with a few set-based statements.
 */

const STEP_LABEL: Record<LadderStep, string> = {
  reminder: '催办',
  supervision: '督办',
  yellow_card: '黄牌警示',
  red_card: '红牌警示（提级督办）',
};

/** The columns of an appeals row the sweep reads. */
export interface SweepRow {
  id: number;
  status: string;
  level: string;
  signedAt: Date | null;
  currentDueAt: Date | null;
  yellowAt: Date | null;
  verificationDueAt: Date | null;
  warningLight: 'green' | 'yellow' | 'red';
  supervisionLevel: SupervisionLevel;
  ladderCycle: number;
  responseOverdue: boolean;
  resolutionOverdue: boolean;
  /** What the state machine needs to decide the sweep's status changes (the auto-close). */
  snapshot: AppealSnapshot;
}

export interface SweepPlan {
  /** The typed changes to write; nextCheckAt is always set. */
  set: SweepChanges;
  events: PlannedEvent[];
  /** A ladder supervision order (督办单) to the lead department. */
  supervisionOrder: boolean;
  /** The light just turned yellow: the handlers hear the case is due soon. */
  dueSoon: boolean;
  /** What changed, for the sweep's report. */
  changes: Array<'yellow' | 'red' | 'ladder' | 'auto_close'>;
}

const ACTIVE_CLOCK_STATUSES = new Set(['submitted', 'accepted', 'assigned', 'in_progress']);

/**
 * Decides the sweep's work for one appeal whose next_check_at has come. Every next_check_at it
 * sets lies after `now` (or is null), so a sweep never picks the same appeal twice in one run,
 * and running it again at the same instant plans nothing new: each ladder step is taken only
 * when `supervision_level` is below it, and written together with the new level.
 */
export function planSweep(
  row: SweepRow,
  now: Date,
  calendar: WorkingCalendar,
  hours: WorkingHours,
  ladder: LadderSettings,
  math: LadderMath = ladderMath(calendar, hours, now),
): SweepPlan {
  const plan: SweepPlan = { set: {}, events: [], supervisionOrder: false, dueSoon: false, changes: [] };

  if (row.status === 'resolved') {
    const close = planAutoClose(row.snapshot, now);
    if (close) {
      plan.set = close.set;
      plan.events.push(close.event);
      plan.changes.push('auto_close');
    } else {
      plan.set.nextCheckAt = row.verificationDueAt;
    }
    return plan;
  }

  const due = row.currentDueAt;
  if (!ACTIVE_CLOCK_STATUSES.has(row.status) || !due) {
    // Suspended (clock paused) or no deadline: nothing to watch until the appeals module sets one.
    plan.set.nextCheckAt = null;
    return plan;
  }

  if (!isOverdue(due, now)) {
    const yellowAt = row.yellowAt;
    if (row.warningLight === 'green' && yellowAt && yellowAt.getTime() <= now.getTime()) {
      plan.set.warningLight = 'yellow';
      plan.dueSoon = true;
      plan.changes.push('yellow');
    }
    const light = plan.set.warningLight ?? row.warningLight;
    plan.set.nextCheckAt = light === 'green' && yellowAt && yellowAt.getTime() > now.getTime() ? yellowAt : due;
    return plan;
  }

  // Overdue.
  const responsePhase = inResponsePhase(row);
  markOverdue(plan, row, responsePhase);
  if (Object.keys(plan.set).length) plan.set.overdueSinceFromDue = true;

  const overdueDays = math.overdueDays(due);
  const climb = climbLadder(row.supervisionLevel, overdueDays, ladder);
  for (const step of climb.steps) {
    plan.events.push({
      action: LADDER_ACTION[step],
      fromStatus: row.status,
      toStatus: row.status,
      reason: `已超期 ${overdueDays} 个工作日，${STEP_LABEL[step]}`,
      payload: {
        step,
        ladderCycle: row.ladderCycle,
        overdueWorkingDays: overdueDays,
        dueAt: due.toISOString(),
        phase: responsePhase ? 'response' : 'resolution',
        ...(step === 'red_card' ? { escalatedFromLevel: row.level } : {}),
      },
      visibility: 'internal',
    });
    if (step === 'supervision') plan.supervisionOrder = true;
  }
  if (climb.steps.length) {
    plan.set.supervisionLevel = climb.reached;
    plan.changes.push('ladder');
  }

  plan.set.nextCheckAt = climb.nextStepAtOverdueDays === null ? null : math.reachAt(due, climb.nextStepAtOverdueDays);
  return plan;
}

/** Still before the lead department signed for it: the response clock is the one running. */
function inResponsePhase(row: SweepRow): boolean {
  return row.status === 'submitted' || row.status === 'accepted' || (row.status === 'assigned' && !row.signedAt);
}

/** The red light and the overdue mark of the phase whose clock ran out (each written once). */
function markOverdue(plan: SweepPlan, row: SweepRow, responsePhase: boolean): void {
  if (row.warningLight !== 'red') {
    plan.set.warningLight = 'red';
    plan.changes.push('red');
  }
  if (responsePhase && !row.responseOverdue) plan.set.responseOverdue = true;
  if (!responsePhase && !row.resolutionOverdue) plan.set.resolutionOverdue = true;
}

/** Whether the appeal's active clock has run out: such an appeal is shown red whatever else fails. */
function activeAndOverdue(row: SweepRow, now: Date): boolean {
  return ACTIVE_CLOCK_STATUSES.has(row.status) && row.currentDueAt !== null && isOverdue(row.currentDueAt, now);
}

/**
 * What the sweep writes for an appeal it could not plan: the red light and the overdue marks
 * when the deadline has passed (no ladder step, no event: those wait for a successful plan), and
 * a later look.
 */
export function fallbackPlan(row: SweepRow, now: Date, retryAt: Date): SweepPlan {
  const plan: SweepPlan = { set: { nextCheckAt: retryAt }, events: [], supervisionOrder: false, dueSoon: false, changes: [] };
  if (!activeAndOverdue(row, now)) return plan;
  const responsePhase = inResponsePhase(row);
  markOverdue(plan, row, responsePhase);
  plan.set.overdueSinceFromDue = true;
  return plan;
}
