/**
 * Calendar dates in Asia/Shanghai, as day numbers (days since 1970-01-01).
 *
 * China has kept a fixed UTC+08:00 without daylight saving since 1991, so a constant offset is
 * exact for every date a report can cover, and it avoids depending on the host's tz database.
 */

const MS_PER_DAY = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** A local date (`YYYY-MM-DD`) or an instant, which is read as the Shanghai date it falls on. */
export type LocalDateInput = string | Date;

export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayNumberOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function ymdOf(dayNumber: number): YearMonthDay {
  const date = new Date(dayNumber * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  return dayNumberOf(year, month + 1, 1) - dayNumberOf(year, month, 1);
}

/** Date.UTC reads years 0–99 as 1900–1999; no report predates 1000, so refusing them is safe. */
export const MIN_YEAR = 1000;

/** Parses a strict `YYYY-MM-DD`; null for anything else, including 2026-02-29. */
export function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayNumberOf(year, month, day);
}

export function toDayNumber(input: LocalDateInput): number {
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
  }
  const dayNumber = parseIsoDate(input);
  if (dayNumber === null) throw new RangeError(`Not a calendar date in YYYY-MM-DD form: "${input}"`);
  return dayNumber;
}

export function isoDateOf(dayNumber: number): string {
  const { year, month, day } = ymdOf(dayNumber);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The UTC instant of local midnight at the start of the given day. */
export function startOfDayUtc(dayNumber: number): Date {
  return new Date(dayNumber * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/** ISO weekday, Monday = 0 … Sunday = 6 (1970-01-01, day 0, was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return mod(dayNumber + 3, 7);
}

export function mod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
