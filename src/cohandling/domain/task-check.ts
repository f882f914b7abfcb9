import { isOverdue } from '../../sla/domain/deadline';
import type { WarningLight } from '../../sla/domain/warning-light';
import type { WorkingCalendar } from '../../sla/domain/working-calendar';
import type { WorkingHours } from '../../sla/domain/working-hours';
import { type CoHandlerTaskStatus, OPEN_TASK_STATUSES } from './co-handler-task';
import { coHandlerTaskLight } from './task-light';

/** A co-handler task's timer columns as the sweep reads them. */
export interface TaskTimerRow {
  readonly status: CoHandlerTaskStatus;
  readonly createdAt: Date;
  readonly dueAt: Date;
  /** Working time the appeal's finished pauses took from the task's clock (its deadline already moved by it). */
  readonly pausedMs: number;
  readonly warningLight: WarningLight;
  readonly remindedAt: Date | null;
  /** Whether the appeal is still open: a finished appeal owes nothing more, whatever its tasks say. */
  readonly appealOpen: boolean;
}

export interface TaskCheckPlan {
  /** The light to store (unchanged for a task that owes nothing any more). */
  readonly warningLight: WarningLight;
  readonly yellowAt: Date | null;
  /** When to look again; null when nothing more can happen to the task's timer. */
  readonly nextCheckAt: Date | null;
  /** The ladder's reminder step (催办) is due now: taken once per task, when it is overdue and not reminded yet. */
  readonly remind: boolean;
  readonly turnedYellow: boolean;
  readonly turnedRed: boolean;
}

/**
 * What the sweep does to one co-handler task whose next check has come: its light (counted like
 * the appeal's, see coHandlerTaskLight) and, once it is overdue, the escalation ladder's first
 * step only — the reminder (催办) to the co-handling department. The later steps (督办, cards)
 * stay with the appeal's lead department, whose own clock runs on the appeal. Every next check it
 * returns lies after `now`, so one run never picks the task twice, and a second run at the same
 * instant plans nothing new: the reminder is planned only while `remindedAt` is empty.
 */
export function planTaskCheck(
  row: TaskTimerRow,
  now: Date,
  yellowShare: number,
  calendar: WorkingCalendar,
  hours: WorkingHours,
): TaskCheckPlan {
  const idle = { warningLight: row.warningLight, yellowAt: null, nextCheckAt: null, remind: false, turnedYellow: false, turnedRed: false };
  if (!row.appealOpen || !OPEN_TASK_STATUSES.includes(row.status)) return idle;
  const light = coHandlerTaskLight(row, now, yellowShare, calendar, hours);
  if (!light) return idle;
  const changed = light.light !== row.warningLight;
  if (light.light === 'red') {
    // The reminder is the only step a task takes: nothing is left to watch after it.
    return {
      warningLight: 'red',
      yellowAt: light.yellowAt,
      nextCheckAt: null,
      remind: row.remindedAt === null && isOverdue(row.dueAt, now),
      turnedYellow: false,
      turnedRed: changed,
    };
  }
  // Yellow waits for the deadline to pass (at the due instant itself the task is not late yet).
  const next = light.light === 'green' ? light.yellowAt : new Date(row.dueAt.getTime() + 1);
  return {
    warningLight: light.light,
    yellowAt: light.yellowAt,
    nextCheckAt: next.getTime() > now.getTime() ? next : new Date(now.getTime() + 1),
    remind: false,
    turnedYellow: changed && light.light === 'yellow',
    turnedRed: false,
  };
}
