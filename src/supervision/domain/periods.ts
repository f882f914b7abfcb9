import { assertNever } from '../../common/domain/assert-never';
import {
  dayNumberOf,
  daysInMonth,
  isoDateOf,
  LocalDateInput,
  MIN_YEAR,
  pad,
  parseIsoDate,
  startOfDayUtc,
  toDayNumber,
  weekdayOf,
  ymdOf,
} from './local-date';

/**
 * Reporting periods (周监测、旬调度、月盘点, plus quarter, year and custom ranges), always in
 * Asia/Shanghai: a period is a run of whole local days, so "the February report" means the same
 * thing whatever timezone the server runs in.
 */

export const PERIOD_KINDS = ['week', 'xun', 'month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
/** Kinds that tile the calendar, so "the period containing a date" and "the next one" exist. */
export type CalendarPeriodKind = Exclude<PeriodKind, 'custom'>;

export interface Period {
  readonly kind: PeriodKind;
  /** Stable identifier, e.g. 2026-W47, 2026-02-X3, 2026-02, 2026-Q1, 2026, 2026-01-05..2026-01-20. */
  readonly key: string;
  /** Chinese label for reports, e.g. 2026年2月下旬. */
  readonly label: string;
  /** First local date, inclusive (YYYY-MM-DD). */
  readonly fromDate: string;
  /** Last local date, inclusive (YYYY-MM-DD). */
  readonly toDate: string;
  /** Local midnight at `fromDate`, as a UTC instant: the inclusive lower bound for queries. */
  readonly startsAt: Date;
  /** Local midnight after `toDate`: the exclusive upper bound, so `startsAt <= t < endsAt`. */
  readonly endsAt: Date;
}

/** A trend series longer than this is a mistake in the request, not a report anyone reads. */
export const MAX_SERIES_LENGTH = 1000;

const XUN_NAMES = ['上旬', '中旬', '下旬'] as const;
const QUARTER_NAMES = ['一', '二', '三', '四'] as const;

export function isPeriodKind(value: unknown): value is PeriodKind {
  return typeof value === 'string' && (PERIOD_KINDS as readonly string[]).includes(value);
}

export function periodContaining(kind: CalendarPeriodKind, date: LocalDateInput): Period {
  const dayNumber = toDayNumber(date);
  const { year, month, day } = ymdOf(dayNumber);
  switch (kind) {
    case 'week':
      return weekContaining(dayNumber);
    case 'xun': {
      const index = day <= 10 ? 0 : day <= 20 ? 1 : 2;
      const firstDay = index * 10 + 1;
      const lastDay = index === 2 ? daysInMonth(year, month) : firstDay + 9;
      return build(
        'xun',
        `${pad(year, 4)}-${pad(month, 2)}-X${index + 1}`,
        `${year}年${month}月${XUN_NAMES[index]}`,
        dayNumberOf(year, month, firstDay),
        dayNumberOf(year, month, lastDay),
      );
    }
    case 'month':
      return build(
        'month',
        `${pad(year, 4)}-${pad(month, 2)}`,
        `${year}年${month}月`,
        dayNumberOf(year, month, 1),
        dayNumberOf(year, month, daysInMonth(year, month)),
      );
    case 'quarter': {
      const quarter = Math.ceil(month / 3);
      const firstMonth = quarter * 3 - 2;
      return build(
        'quarter',
        `${pad(year, 4)}-Q${quarter}`,
        `${year}年第${QUARTER_NAMES[quarter - 1]}季度`,
        dayNumberOf(year, firstMonth, 1),
        dayNumberOf(year, firstMonth + 2, daysInMonth(year, firstMonth + 2)),
      );
    }
    case 'year':
      return build('year', pad(year, 4), `${year}年`, dayNumberOf(year, 1, 1), dayNumberOf(year, 12, 31));
    default:
      return assertNever(kind, 'period kind');
  }
}

/** Any run of whole local days, both ends inclusive. */
export function customPeriod(from: LocalDateInput, to: LocalDateInput): Period {
  const fromDay = toDayNumber(from);
  const toDay = toDayNumber(to);
  if (fromDay > toDay) throw new RangeError(`Custom period starts after it ends: ${isoDateOf(fromDay)} > ${isoDateOf(toDay)}`);
  return build('custom', `${isoDateOf(fromDay)}..${isoDateOf(toDay)}`, `${chineseDate(fromDay)}至${chineseDate(toDay)}`, fromDay, toDay);
}

/**
 * The period a key names, or null when the key is malformed or names no real period (2026-W53,
 * 2026-13, 2026-02-X4, a custom range running backwards), so a controller can answer 400 in
 * its own words. Every accepted key round-trips: `parsePeriodKey(p.key).key === p.key`.
 */
export function parsePeriodKey(key: string): Period | null {
  const trimmed = key.trim();
  const candidate = candidateFor(trimmed);
  return candidate !== null && candidate.key === trimmed ? candidate : null;
}

/** The period just before; for a custom range, the same number of days immediately before it. */
export function previousPeriod(period: Period): Period {
  const fromDay = toDayNumber(period.fromDate);
  if (period.kind === 'custom') {
    const length = toDayNumber(period.toDate) - fromDay + 1;
    return customPeriod(isoDateOf(fromDay - length), isoDateOf(fromDay - 1));
  }
  return periodContaining(period.kind, isoDateOf(fromDay - 1));
}

/** The period just after; for a custom range, the same number of days immediately after it. */
export function nextPeriod(period: Period): Period {
  const toDay = toDayNumber(period.toDate);
  if (period.kind === 'custom') {
    const length = toDay - toDayNumber(period.fromDate) + 1;
    return customPeriod(isoDateOf(toDay + 1), isoDateOf(toDay + length));
  }
  return periodContaining(period.kind, isoDateOf(toDay + 1));
}

/**
 * Every period of a kind from the one containing `from` to the one containing `to`, oldest
 * first — the x-axis of a trend chart. Partial periods at either end are included whole.
 */
export function periodsBetween(kind: CalendarPeriodKind, from: LocalDateInput, to: LocalDateInput): Period[] {
  const fromDay = toDayNumber(from);
  const toDay = toDayNumber(to);
  if (fromDay > toDay) throw new RangeError(`Series starts after it ends: ${isoDateOf(fromDay)} > ${isoDateOf(toDay)}`);
  let current = periodContaining(kind, isoDateOf(fromDay));
  const series: Period[] = [];
  while (toDayNumber(current.fromDate) <= toDay) {
    if (series.length === MAX_SERIES_LENGTH) {
      throw new RangeError(`A series of more than ${MAX_SERIES_LENGTH} ${kind} periods was asked for`);
    }
    series.push(current);
    current = nextPeriod(current);
  }
  return series;
}

/** True once the whole period lies in the past: the point from which its report can be frozen. */
export function isEnded(period: Period, now: Date): boolean {
  return now.getTime() >= period.endsAt.getTime();
}

function weekContaining(dayNumber: number): Period {
  const monday = dayNumber - weekdayOf(dayNumber);
  // ISO 8601: a week belongs to the year its Thursday falls in.
  const thursday = monday + 3;
  const isoYear = ymdOf(thursday).year;
  const week = Math.floor((thursday - dayNumberOf(isoYear, 1, 1)) / 7) + 1;
  const sunday = monday + 6;
  const range = `${chineseDate(monday, isoYear)}—${chineseDate(sunday, isoYear)}`;
  return build('week', `${pad(isoYear, 4)}-W${pad(week, 2)}`, `${isoYear}年第${week}周（${range}）`, monday, sunday);
}

function candidateFor(key: string): Period | null {
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{2})-(\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key))) {
    const from = parseIsoDate(`${match[1]}-${match[2]}-${match[3]}`);
    const to = parseIsoDate(match[4]);
    return from === null || to === null || from > to ? null : customPeriod(isoDateOf(from), isoDateOf(to));
  }
  match = /^(\d{4})(?:-(?:W(\d{2})|Q(\d)|(\d{2})(?:-X(\d))?))?$/.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < MIN_YEAR) return null;
  const [, , week, quarter, month, xun] = match;
  // Each branch builds the period from a day inside it; the round-trip check in parsePeriodKey
  // then rejects keys like 2026-W53 or 2026-13 that would silently spill into the next year.
  if (week !== undefined) {
    const jan4 = dayNumberOf(year, 1, 4);
    const firstMonday = jan4 - weekdayOf(jan4);
    return periodContaining('week', isoDateOf(firstMonday + (Number(week) - 1) * 7));
  }
  if (quarter !== undefined) return periodContaining('quarter', isoDateOf(dayNumberOf(year, Number(quarter) * 3 - 2, 1)));
  if (month !== undefined && xun !== undefined) {
    return periodContaining('xun', isoDateOf(dayNumberOf(year, Number(month), (Number(xun) - 1) * 10 + 1)));
  }
  if (month !== undefined) return periodContaining('month', isoDateOf(dayNumberOf(year, Number(month), 1)));
  return periodContaining('year', isoDateOf(dayNumberOf(year, 1, 1)));
}

function build(kind: PeriodKind, key: string, label: string, fromDay: number, toDay: number): Period {
  return Object.freeze({
    kind,
    key,
    label,
    fromDate: isoDateOf(fromDay),
    toDate: isoDateOf(toDay),
    startsAt: startOfDayUtc(fromDay),
    endsAt: startOfDayUtc(toDay + 1),
  });
}

/** 2026年1月5日; the year is left out when it is the one the label already names. */
function chineseDate(dayNumber: number, impliedYear?: number): string {
  const { year, month, day } = ymdOf(dayNumber);
  return `${year === impliedYear ? '' : `${year}年`}${month}月${day}日`;
}
