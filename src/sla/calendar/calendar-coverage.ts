import type { DayOverride, WorkingCalendarDefinition } from '../domain/working-calendar';

/**
 * Coverage is the run of consecutive declared years starting at the first one. A year declared
 * after a gap (2028 while 2027 is missing) does not count until the gap is filled, because
 * every deadline crossing the missing year would silently treat it as plain Mon–Fri. Days stored
 * for a year that is not covered yet (an admin still entering next year's schedule) are kept
 * in the table and left out of the calendar.
 */
export function calendarDefinitionFrom(years: readonly number[], days: readonly DayOverride[]): WorkingCalendarDefinition | null {
  const declared = new Set(years);
  if (declared.size === 0) return null;
  const firstYear = Math.min(...declared);
  let lastYear = firstYear;
  while (declared.has(lastYear + 1)) lastYear += 1;
  const firstDay = `${firstYear}-01-01`;
  const lastDay = `${lastYear}-12-31`;
  return { firstDay, lastDay, overrides: days.filter((d) => d.date >= firstDay && d.date <= lastDay) };
}
