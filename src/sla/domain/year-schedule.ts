import { addDays, assertIsoDate, type IsoDate, isWeekend } from './shanghai-date';
import type { DayOverride } from './working-calendar';

/** One holiday as the State Council notice states it: its days off, and the weekend days worked in exchange. */
export interface NoticeHoliday {
  name: string;
  firstDay: IsoDate;
  lastDay: IsoDate;
  makeupDays: readonly IsoDate[];
}

export interface YearSchedule {
  year: number;
  holidays: readonly NoticeHoliday[];
}

export interface ScheduleProblem {
  field: string;
  message: string;
}

export interface ExpandedSchedule {
  days: DayOverride[];
  /** Days off that fall on a weekday (a weekend day off changes nothing in the count). */
  weekdaysOff: number;
  makeupDays: number;
}

function validDate(date: string): boolean {
  try {
    assertIsoDate(date);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a year's schedule and turns it into calendar days. Every problem is reported (with the
 * field it concerns), not just the first: an admin entering a whole notice fixes them in one go.
 */
export function expandYearSchedule(schedule: YearSchedule): { problems: ScheduleProblem[]; expanded: ExpandedSchedule | null } {
  const problems: ScheduleProblem[] = [];
  const inYear = (d: string) => d.startsWith(`${schedule.year}-`);
  const ranges: Array<{ index: number; from: string; to: string; name: string }> = [];
  schedule.holidays.forEach((h, i) => {
    const at = `holidays[${i}]`;
    for (const [field, date] of [
      ['firstDay', h.firstDay],
      ['lastDay', h.lastDay],
    ] as const) {
      if (!validDate(date)) problems.push({ field: `${at}.${field}`, message: `${h.name}：${date} 不是有效日期（YYYY-MM-DD）` });
      else if (!inYear(date)) problems.push({ field: `${at}.${field}`, message: `${h.name}：${date} 不在 ${schedule.year} 年内` });
    }
    if (validDate(h.firstDay) && validDate(h.lastDay)) {
      if (h.firstDay > h.lastDay)
        problems.push({ field: `${at}.lastDay`, message: `${h.name}：放假结束日 ${h.lastDay} 早于开始日 ${h.firstDay}` });
      else ranges.push({ index: i, from: h.firstDay, to: h.lastDay, name: h.name });
    }
    h.makeupDays.forEach((d, j) => {
      const field = `${at}.makeupDays[${j}]`;
      if (!validDate(d)) problems.push({ field, message: `${h.name}：调休上班日 ${d} 不是有效日期` });
      else if (!inYear(d)) problems.push({ field, message: `${h.name}：调休上班日 ${d} 不在 ${schedule.year} 年内` });
      else if (!isWeekend(d)) problems.push({ field, message: `${h.name}：调休上班日 ${d} 不是周六或周日` });
    });
  });
  const sorted = [...ranges].sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i].from <= sorted[i - 1].to) {
      problems.push({
        field: `holidays[${sorted[i].index}].firstDay`,
        message: `${sorted[i].name}（${sorted[i].from} 起）与${sorted[i - 1].name}（至 ${sorted[i - 1].to}）放假日期重叠`,
      });
    }
  }
  const makeup = new Map<string, string>();
  schedule.holidays.forEach((h, i) =>
    h.makeupDays.forEach((d, j) => {
      const holiday = ranges.find((r) => d >= r.from && d <= r.to);
      if (holiday) problems.push({ field: `holidays[${i}].makeupDays[${j}]`, message: `调休上班日 ${d} 落在${holiday.name}放假期间` });
      if (makeup.has(d)) problems.push({ field: `holidays[${i}].makeupDays[${j}]`, message: `调休上班日 ${d} 重复（${makeup.get(d)}）` });
      makeup.set(d, h.name);
    }),
  );
  if (!schedule.holidays.length) problems.push({ field: 'holidays', message: '至少录入一个节假日' });
  if (problems.length) return { problems, expanded: null };

  const days: DayOverride[] = [];
  let weekdaysOff = 0;
  for (const r of ranges) {
    for (let d = r.from; d <= r.to; d = addDays(d, 1)) {
      days.push({ date: d, kind: 'holiday', name: r.name });
      if (!isWeekend(d)) weekdaysOff += 1;
    }
  }
  for (const [date, name] of makeup) days.push({ date, kind: 'workday', name: `${name}调休上班` });
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { problems: [], expanded: { days, weekdaysOff, makeupDays: makeup.size } };
}
