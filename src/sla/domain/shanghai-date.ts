/**
 * Calendar dates ('YYYY-MM-DD') as seen in Asia/Shanghai, and the instants that bound them.
 *
 * China has observed no daylight-saving time since 1991, so Asia/Shanghai is a fixed UTC+08:00
 * for every date this system can meet. A fixed offset keeps these functions pure and independent
 * of the server's TZ setting and of the ICU data shipped with Node.
 */

/** An ISO calendar date, 'YYYY-MM-DD', meant in Asia/Shanghai. */
export type IsoDate = string;

export const SHANGHAI_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
export const MS_PER_MINUTE = 60 * 1000;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 — integer arithmetic is cheaper and safer than string juggling. */
/**
 * Day arithmetic runs millions of times in a recompute or a sweep (working time is counted day by
 * day) over a few thousand distinct dates: both conversions are memoised (valid dates only; the
 * caches are bounded and simply cleared when full).
 */
const EPOCH_DAYS = new Map<string, number>();
const ISO_DATES = new Map<number, IsoDate>();
const MEMO_LIMIT = 50_000;

export function toEpochDay(date: IsoDate): number {
  const known = EPOCH_DAYS.get(date);
  if (known !== undefined) return known;
  const match = ISO_DATE.exec(date);
  if (!match) {
    throw new RangeError(`Expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2025-02-30 over to March; a round trip catches that.
  if (fromEpochDay(ms / MS_PER_DAY) !== date) {
    throw new RangeError(`${date} is not a real calendar date`);
  }
  if (EPOCH_DAYS.size >= MEMO_LIMIT) EPOCH_DAYS.clear();
  EPOCH_DAYS.set(date, ms / MS_PER_DAY);
  return ms / MS_PER_DAY;
}

export function fromEpochDay(epochDay: number): IsoDate {
  const known = ISO_DATES.get(epochDay);
  if (known !== undefined) return known;
  const date = new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
  if (ISO_DATES.size >= MEMO_LIMIT) ISO_DATES.clear();
  ISO_DATES.set(epochDay, date);
  return date;
}

export function assertIsoDate(date: IsoDate): void {
  toEpochDay(date);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(date: IsoDate): boolean {
  return isoWeekday(date) >= 6;
}

export function assertValidInstant(instant: Date, what: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${what} must be a valid Date`);
  }
}

/** The Asia/Shanghai calendar date on which `instant` falls. */
export function shanghaiDateOf(instant: Date): IsoDate {
  return fromEpochDay(Math.floor((instant.getTime() + SHANGHAI_UTC_OFFSET_MS) / MS_PER_DAY));
}

/** The instant at `minuteOfDay` minutes after midnight of `date` in Asia/Shanghai. */
export function shanghaiInstant(date: IsoDate, minuteOfDay: number): Date {
  return new Date(toEpochDay(date) * MS_PER_DAY - SHANGHAI_UTC_OFFSET_MS + minuteOfDay * MS_PER_MINUTE);
}
