/**
 * The working-day calendar of one year as twelve month grids (weeks from Monday, as Chinese
 * calendars print them), each day marked 休 (a holiday), 班 (a make-up working day) or as a
 * weekend — pure, so the grid is tested without rendering it.
 */

export interface StoredDayLike {
  date: string;
  kind: 'holiday' | 'workday';
  name?: string;
  source: 'package' | 'admin';
  inCoverage: boolean;
}

export type DayKind = 'holiday' | 'workday' | 'weekend' | 'normal';

export interface DayCell {
  date: string;
  day: number;
  kind: DayKind;
  /** 休 / 班 printed in the cell, so the mark never rests on colour alone; '' otherwise. */
  mark: string;
  /** The day in words (the link's accessible name, the cell's title). */
  words: string;
  /** A stored entry: the cell links to its correction page. */
  special: boolean;
  /** Stored for a year not yet declared complete: shown, but not counted yet. */
  pending: boolean;
}

export interface MonthGrid {
  month: number;
  title: string;
  /** Weeks of seven cells, Monday first; null before the 1st and after the last day. */
  weeks: Array<Array<DayCell | null>>;
  holidays: number;
  workdays: number;
}

export interface YearView {
  year: number;
  months: MonthGrid[];
  holidays: number;
  workdays: number;
  /** Entries stored but not yet in force (their year is not declared complete). */
  pending: number;
}

export const WEEKDAY_HEADS = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAY_WORDS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** 0 = Monday … 6 = Sunday, for a proleptic Gregorian date (UTC arithmetic: no zone involved). */
function mondayIndex(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function cellOf(year: number, month: number, day: number, stored: StoredDayLike | undefined): DayCell {
  const date = `${year}-${pad2(month)}-${pad2(day)}`;
  const weekday = mondayIndex(year, month, day);
  const weekend = weekday >= 5;
  const kind: DayKind = stored ? stored.kind : weekend ? 'weekend' : 'normal';
  const what =
    kind === 'holiday' ? '放假' : kind === 'workday' ? '调休上班' : kind === 'weekend' ? '周末休息' : '工作日';
  const words = [
    `${month}月${day}日`,
    WEEKDAY_WORDS[weekday],
    stored?.name ?? '',
    // The package's names often say it already (春节调休上班).
    stored?.name?.endsWith(what) ? '' : what,
    stored && !stored.inCoverage ? '（年度未确认，暂未生效）' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    date,
    day,
    kind,
    mark: kind === 'holiday' ? '休' : kind === 'workday' ? '班' : '',
    words,
    special: stored !== undefined,
    pending: stored !== undefined && !stored.inCoverage,
  };
}

export function yearView(year: number, stored: readonly StoredDayLike[]): YearView {
  const byDate = new Map(stored.filter((d) => d.date.startsWith(`${year}-`)).map((d) => [d.date, d]));
  const months: MonthGrid[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const cells: Array<DayCell | null> = Array.from({ length: mondayIndex(year, month, 1) }, () => null);
    for (let day = 1; day <= daysIn(year, month); day += 1) {
      cells.push(cellOf(year, month, day, byDate.get(`${year}-${pad2(month)}-${pad2(day)}`)));
    }
    while (cells.length % 7 !== 0) cells.push(null);
    const weeks: Array<Array<DayCell | null>> = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    const days = cells.filter((c): c is DayCell => c !== null);
    months.push({
      month,
      title: `${month}月`,
      weeks,
      holidays: days.filter((d) => d.kind === 'holiday').length,
      workdays: days.filter((d) => d.kind === 'workday').length,
    });
  }
  const entries = [...byDate.values()];
  return {
    year,
    months,
    holidays: entries.filter((d) => d.kind === 'holiday').length,
    workdays: entries.filter((d) => d.kind === 'workday').length,
    pending: entries.filter((d) => !d.inCoverage).length,
  };
}
