import { type LightAndNextCheck, lightSchedule } from '../../sla/domain/light-schedule';
import type { WorkingCalendar } from '../../sla/domain/working-calendar';
import type { WorkingHours } from '../../sla/domain/working-hours';
import { type CoHandlerTaskStatus, OPEN_TASK_STATUSES } from './co-handler-task';

/**
 * A co-handler task's warning light, counted like the appeal's (working days, same yellow share)
 * so the sweep can treat both alike; the working time its appeal's pauses took is left out of the share. Delivered, objected and waived tasks have no light: nothing
 * is owed any more.
 */
export function coHandlerTaskLight(
  task: { readonly status: CoHandlerTaskStatus; readonly createdAt: Date; readonly dueAt: Date; readonly pausedMs: number },
  now: Date,
  yellowShare: number,
  calendar: WorkingCalendar,
  hours: WorkingHours,
): LightAndNextCheck | null {
  if (!OPEN_TASK_STATUSES.includes(task.status)) return null;
  return lightSchedule(task.createdAt, task.dueAt, now, 'working_days', task.pausedMs, yellowShare, calendar, hours);
}
