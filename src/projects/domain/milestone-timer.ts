import { addWorkingDays, addWorkingHours, elapsedMsInUnit, isOverdue } from '../../sla/domain/deadline';
import { withBasis } from '../../sla/domain/deadline-basis';
import { type IsoDate, MS_PER_HOUR, shanghaiDateOf } from '../../sla/domain/shanghai-date';
import type { WorkingCalendar } from '../../sla/domain/working-calendar';
import { closeOfWorkingDay, type WorkingHours } from '../../sla/domain/working-hours';
import {
  climbLadder,
  LADDER_ACTION,
  type LadderMath,
  type LadderSettings,
  type LadderStep,
  type SupervisionLevel,
} from '../../sla/domain/escalation-ladder';

/**
 * A milestone of a project's responsibility list is another SLA timer: its deadline is counted
 * on the working-day calendar (自次日起算, close of working hours), its light turns yellow at the
 * same share of time used as an appeal's and red when overdue, and the same escalation ladder
 * (催办 → 督办 → 黄牌 → 红牌) with the same thresholds climbs on it. Only the bookkeeping is its own.
 *
 * The calendar may end (the State Council publishes a year at a time). A deadline past the last
 * covered day is then provisional (暂定): counted with weekends as the only rest days beyond the
 * end, marked as such, and recomputed by the milestone job once the next year is entered.
 */

export interface MilestoneDue {
  dueAt: Date;
  /** True when the count needed days past the calendar's end (暂定). */
  provisional: boolean;
}

/** Runs a count on the calendar; past its end, on its provisional view (sla/domain/deadline-basis.ts), marked provisional. */
function withProvisionalFallback(calendar: WorkingCalendar, count: (c: WorkingCalendar) => Date): MilestoneDue {
  const { value, basis } = withBasis(calendar, count);
  return { dueAt: value, provisional: basis === 'provisional' };
}

/** N working days from `start`, counted as offices count (the start day never counts). */
export function milestoneDueInWorkingDays(start: Date, workingDays: number, calendar: WorkingCalendar, hours: WorkingHours): MilestoneDue {
  return withProvisionalFallback(calendar, (c) => addWorkingDays(start, workingDays, c, hours));
}

/**
 * "By <date>": the close of working hours that day, or of the next working day when the date is a
 * rest day (a deadline on a holiday falls due when the offices reopen).
 */
export function milestoneDueOnDate(date: IsoDate, calendar: WorkingCalendar, hours: WorkingHours): MilestoneDue {
  return withProvisionalFallback(calendar, (c) => closeOfWorkingDay(c.isWorkingDay(date) ? date : c.nextWorkingDay(date), hours));
}

/** When the share of working time used reaches `yellowShare`, as an appeal's light does. */
export function milestoneYellowAt(start: Date, due: Date, yellowShare: number, calendar: WorkingCalendar, hours: WorkingHours): Date {
  const c = calendar.isPastLastDay(shanghaiDateOf(due)) ? calendar.provisional() : calendar;
  const allowed = elapsedMsInUnit(start, due, 'working_days', c, hours);
  if (allowed <= 0) return new Date(due.getTime());
  return addWorkingHours(start, Math.ceil(allowed * yellowShare) / MS_PER_HOUR, c, hours);
}

/** The columns of a milestone row the job reads. */
export interface MilestoneTimerRow {
  id: number;
  dueAt: Date;
  yellowAt: Date;
  warningLight: 'green' | 'yellow' | 'red';
  supervisionLevel: SupervisionLevel;
}

export interface MilestoneStepTaken {
  step: LadderStep;
  action: (typeof LADDER_ACTION)[LadderStep];
  overdueWorkingDays: number;
}

export interface MilestonePlan {
  warningLight: 'green' | 'yellow' | 'red';
  supervisionLevel: SupervisionLevel;
  /** Set when the milestone turns red: the deadline it missed. */
  overdueSince: Date | null;
  nextCheckAt: Date | null;
  steps: MilestoneStepTaken[];
}

/**
 * What one check does to one open milestone. Every ladder step is taken only while the stored
 * level is below it and is written together with the new level, so the job running twice (or on
 * two instances behind the lease) takes each step once. next_check_at always lies after `now`.
 */
export function planMilestoneCheck(row: MilestoneTimerRow, now: Date, ladder: LadderSettings, math: LadderMath): MilestonePlan {
  if (!isOverdue(row.dueAt, now)) {
    const yellow = row.yellowAt.getTime() <= now.getTime();
    return {
      warningLight: yellow ? 'yellow' : 'green',
      supervisionLevel: row.supervisionLevel,
      overdueSince: null,
      nextCheckAt: yellow ? row.dueAt : row.yellowAt,
      steps: [],
    };
  }
  const overdueDays = math.overdueDays(row.dueAt);
  const climb = climbLadder(row.supervisionLevel, overdueDays, ladder);
  return {
    warningLight: 'red',
    supervisionLevel: climb.reached,
    overdueSince: row.dueAt,
    nextCheckAt: climb.nextStepAtOverdueDays === null ? null : math.reachAt(row.dueAt, climb.nextStepAtOverdueDays),
    steps: climb.steps.map((step) => ({ step, action: LADDER_ACTION[step], overdueWorkingDays: overdueDays })),
  };
}

export const MILESTONE_STEP_LABEL: Record<LadderStep, string> = {
  reminder: '催办',
  supervision: '督办',
  yellow_card: '黄牌警示',
  red_card: '红牌警示',
};
