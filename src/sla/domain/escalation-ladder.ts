import { addDays, shanghaiDateOf } from './shanghai-date';
import type { WorkingCalendar } from './working-calendar';
import { closeOfWorkingDay, openingOfWorkingDay, type WorkingHours } from './working-hours';
import { overdueWorkingDays } from './overdue-working-days';

/**
 * The escalation ladder (DOMAIN "Escalation"): once a timer is overdue it climbs 催办 → 督办 →
 * 黄牌 → 红牌 at whole overdue working days set by the ladder settings. Appeals (the SLA sweep) and
 * project milestones (the milestone job) climb the same ladder; this is its one definition.
 */

export const SUPERVISION_LEVELS = ['none', 'reminder', 'supervision', 'yellow_card', 'red_card'] as const;
export type SupervisionLevel = (typeof SUPERVISION_LEVELS)[number];
export type LadderStep = Exclude<SupervisionLevel, 'none'>;

/** The event each ladder step writes to the timeline it climbs on. */
export const LADDER_ACTION: Record<LadderStep, 'remind' | 'supervise' | 'yellow_card' | 'red_card'> = {
  reminder: 'remind',
  supervision: 'supervise',
  yellow_card: 'yellow_card',
  red_card: 'red_card',
};

export interface LadderSettings {
  supervisionAfterOverdueWorkingDays: number;
  yellowCardAfterOverdueWorkingDays: number;
  redCardAfterOverdueWorkingDays: number;
}

/** Whole overdue working days at which each step is due; the reminder comes as soon as the timer is late. */
export function stepThresholds(ladder: LadderSettings): Array<[LadderStep, number]> {
  return [
    ['reminder', 0],
    ['supervision', ladder.supervisionAfterOverdueWorkingDays],
    ['yellow_card', ladder.yellowCardAfterOverdueWorkingDays],
    ['red_card', ladder.redCardAfterOverdueWorkingDays],
  ];
}

export function ladderIndex(level: SupervisionLevel): number {
  return SUPERVISION_LEVELS.indexOf(level);
}

export interface LadderClimb {
  /** The steps above `current` that are due now, lowest first: each writes its event once. */
  steps: LadderStep[];
  /** The level after those steps (`current` when none is due). */
  reached: SupervisionLevel;
  /** Overdue working days at which the next step above `reached` falls due; null at the top. */
  nextStepAtOverdueDays: number | null;
}

/**
 * Which steps an overdue timer at `current` takes with `overdueDays` whole overdue working days.
 * A step is taken only while the stored level is below it, so a job that runs twice (or on two
 * instances) takes each step once, provided the new level is written with the step's event.
 */
export function climbLadder(current: SupervisionLevel, overdueDays: number, ladder: LadderSettings): LadderClimb {
  const thresholds = stepThresholds(ladder);
  const from = ladderIndex(current);
  const steps: LadderStep[] = [];
  let reached = from;
  for (const [step, days] of thresholds) {
    const index = ladderIndex(step);
    if (index <= from || overdueDays < days) continue;
    reached = index;
    steps.push(step);
  }
  const next = thresholds.find(([step, days]) => ladderIndex(step) > reached && days > overdueDays);
  return { steps, reached: SUPERVISION_LEVELS[reached], nextStepAtOverdueDays: next ? next[1] : null };
}

/**
 * The instant at which `overdueWorkingDays(due, ·)` reaches `days`: the close of the `days`-th
 * working day that opens at or after `due`. Mirrors the definition in overdue-working-days.ts.
 */
export function instantOverdueDaysReach(due: Date, days: number, calendar: WorkingCalendar, hours: WorkingHours): Date {
  if (days <= 0) return new Date(due.getTime() + 1);
  let count = 0;
  for (let day = shanghaiDateOf(due); ; day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    if (openingOfWorkingDay(day, hours).getTime() < due.getTime()) continue;
    count += 1;
    if (count === days) return closeOfWorkingDay(day, hours);
  }
}

/** The calendar questions a ladder job asks, answered once per distinct deadline in a run. */
export interface LadderMath {
  overdueDays(due: Date): number;
  reachAt(due: Date, days: number): Date;
}

/**
 * Memoised by deadline: deadlines cluster on a few closing times (17:30 of some working day), so
 * a batch of thousands of overdue timers asks the calendar a few dozen distinct questions.
 */
export function ladderMath(calendar: WorkingCalendar, hours: WorkingHours, now: Date): LadderMath {
  const overdue = new Map<number, number>();
  const reach = new Map<string, Date>();
  return {
    overdueDays(due) {
      let days = overdue.get(due.getTime());
      if (days === undefined) {
        days = overdueWorkingDays(due, now, calendar, hours);
        overdue.set(due.getTime(), days);
      }
      return days;
    },
    reachAt(due, days) {
      const key = `${due.getTime()}:${days}`;
      let at = reach.get(key);
      if (at === undefined) {
        at = instantOverdueDaysReach(due, days, calendar, hours);
        reach.set(key, at);
      }
      return new Date(at.getTime());
    },
  };
}
