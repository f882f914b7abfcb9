import { addDays, assertValidInstant, shanghaiDateOf } from './shanghai-date';
import { WorkingCalendar } from './working-calendar';
import { closeOfWorkingDay, openingOfWorkingDay, WorkingHours } from './working-hours';

/**
 * Whole working days an appeal is overdue at `now`, for the escalation ladder (yellow card at 5,
 * red card at 10).
 *
 * Definition: the number of working days whose working hours lie entirely after `due` (the day
 * opens at or after `due`) and have entirely ended by `now` (the day closes at or before `now`).
 * For the usual deadline at 17:30 on day D this counts working days after D whose 17:30 has
 * passed: 1 at 17:30 on the next working day, 0 one minute earlier. A partly used day — the rest
 * of the due day when a pause moved `due` to mid-afternoon, or today before closing — never counts.
 * Weekends, holidays and make-up working days follow the calendar.
 */
export function overdueWorkingDays(due: Date, now: Date, calendar: WorkingCalendar, hours: WorkingHours): number {
  assertValidInstant(due, 'due');
  assertValidInstant(now, 'now');
  if (now.getTime() <= due.getTime()) return 0;
  const today = shanghaiDateOf(now);
  let count = 0;
  for (let day = shanghaiDateOf(due); day <= today; day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    const opensAfterDue = openingOfWorkingDay(day, hours).getTime() >= due.getTime();
    const closedByNow = closeOfWorkingDay(day, hours).getTime() <= now.getTime();
    if (opensAfterDue && closedByNow) count += 1;
  }
  return count;
}
