import { addWorkingDays, elapsedMsInUnit, shiftDueForPause } from '../../sla/domain/deadline';
import { type Based, combineBases, type DeadlineBasis, withBasis } from '../../sla/domain/deadline-basis';
import type { WorkingCalendar } from '../../sla/domain/working-calendar';
import type { WorkingHours } from '../../sla/domain/working-hours';

/** Default working days a co-handler gets; the setting must stay below the lead's limit. */
export const DEFAULT_CO_HANDLER_TASK_DAYS = 3;

/** Working days a co-handler may object to its task in, as the lead may object to the appeal. */
export const TASK_OBJECTION_WORKING_DAYS = 1;

/**
 * The working days a co-handler gets on an appeal whose lead has `leadDays`: the setting, but never
 * as long as the lead's own limit (the lead must still fold the parts into its answer), and at
 * least one working day. Returns the days and the lead limit the clocks are checked against: a
 * lead limit of one working day leaves the co-handler that same one day.
 */
export function effectiveTaskDays(settingDays: number, leadDays: number): { taskDays: number; leadDays: number } {
  const taskDays = Math.max(1, Math.min(Math.floor(settingDays), leadDays - 1));
  return { taskDays, leadDays: Math.max(leadDays, taskDays + 1) };
}

export interface TaskClocks {
  readonly due: Based<Date>;
  readonly objectionDeadline: Based<Date>;
}

/**
 * The clocks of a co-handler task created at `createdAt`: due `taskDays` working days later
 * (自次日起算, like every deadline), objection window one working day. Provisional when the count
 * needs a day past the published calendar, exactly like the appeal's own deadlines.
 *
 * The co-handler must deliver before the lead has to: `taskDays` must be smaller than the lead's
 * limit in working days, so the lead still has time to fold the parts into its answer.
 */
export function coHandlerTaskClocks(
  createdAt: Date,
  taskDays: number,
  leadDays: number,
  calendar: WorkingCalendar,
  hours: WorkingHours,
): TaskClocks {
  if (!Number.isInteger(taskDays) || taskDays < 1) {
    throw new RangeError(`Co-handler task days must be a whole number >= 1, got ${taskDays}`);
  }
  if (taskDays >= leadDays) {
    throw new RangeError(`Co-handler task days (${taskDays}) must be shorter than the lead's limit (${leadDays} working days)`);
  }
  return {
    due: withBasis(calendar, (c) => addWorkingDays(createdAt, taskDays, c, hours)),
    objectionDeadline: withBasis(calendar, (c) => addWorkingDays(createdAt, TASK_OBJECTION_WORKING_DAYS, c, hours)),
  };
}

/** A task's deadline after its appeal's pause, and the working time the pause took. */
export interface TaskClockAfterPause {
  readonly id: string;
  readonly due: Based<Date>;
  readonly pausedMs: number;
}

/**
 * The still-owed tasks' clocks when their appeal resumes after a suspension from `pausedFrom` to
 * `pausedTo`: each deadline pushed by the working time the pause took (shiftDueForPause, as the
 * appeal's own), so what remained of the task's time at suspension remains at resumption. The
 * deadline stays provisional if it was, or becomes so if the push needs a day past the calendar.
 */
export function taskClocksAfterPause(
  tasks: ReadonlyArray<{ readonly id: string; readonly dueAt: Date; readonly dueBasis: DeadlineBasis }>,
  pausedFrom: Date,
  pausedTo: Date,
  calendar: WorkingCalendar,
  hours: WorkingHours,
): TaskClockAfterPause[] {
  const pausedMs = elapsedMsInUnit(pausedFrom, pausedTo, 'working_days', calendar, hours);
  return tasks.map((task) => {
    const shifted = withBasis(calendar, (c) => shiftDueForPause(task.dueAt, pausedFrom, pausedTo, { unit: 'working_days' }, c, hours));
    return { id: task.id, due: { value: shifted.value, basis: combineBases(task.dueBasis, shifted.basis) }, pausedMs };
  });
}
