import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { DayOverride, WorkingCalendar, WorkingCalendarDefinition } from '../domain';

/**
 * The raw tables chinese-days ships (dist/chinese-days.json). Values look like
 * "Spring Festival,春节,4": English name, Chinese name, holiday id. `inLieuDays` (weekdays off
 * in exchange for make-up days) are already among `holidays`, so they need no separate handling.
 */
export interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** The Chinese name is what staff recognise in the admin calendar. */
function holidayName(value: string): string {
  const [english, chinese] = value.split(',');
  return (chinese ?? english).trim();
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * Turns the package tables into a calendar definition whose coverage is every year the package
 * has data for. A year inside the range without any entry means the package skipped it, and
 * treating that year as plain Mon–Fri is exactly what coverage exists to prevent.
 */
export function chineseDaysDefinitionFrom(data: ChineseDaysData): WorkingCalendarDefinition {
  const holidays: DayOverride[] = Object.entries(data.holidays).map(([date, value]) => ({
    date,
    kind: 'holiday',
    name: holidayName(value),
  }));
  const workdays: DayOverride[] = Object.entries(data.workdays).map(([date, value]) => ({
    date,
    kind: 'workday',
    name: `${holidayName(value)}调休上班`,
  }));
  const overrides = [...holidays, ...workdays].sort((a, b) => a.date.localeCompare(b.date));
  if (overrides.length === 0) {
    throw new Error('chinese-days provided no holiday data');
  }
  const years = new Set(overrides.map((o) => yearOf(o.date)));
  const firstYear = Math.min(...years);
  const lastYear = Math.max(...years);
  for (let year = firstYear; year <= lastYear; year += 1) {
    if (!years.has(year)) {
      throw new Error(`chinese-days has no holiday data for ${year}, inside ${firstYear}..${lastYear}`);
    }
  }
  return { firstDay: `${firstYear}-01-01`, lastDay: `${lastYear}-12-31`, overrides };
}

/** The statutory calendar for every year the installed chinese-days version covers. */
export function loadChineseDaysDefinition(): WorkingCalendarDefinition {
  return chineseDaysDefinitionFrom(chineseDaysData);
}

export function createChineseDaysCalendar(): WorkingCalendar {
  return new WorkingCalendar(loadChineseDaysDefinition());
}
