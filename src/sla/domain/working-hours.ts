import { IsoDate, shanghaiInstant } from './shanghai-date';

/** Working hours as administrators edit them: 'HH:MM' wall-clock times in Asia/Shanghai. */
export interface WorkingHoursIntervalSetting {
  start: string;
  end: string;
}

export type WorkingHoursSettings = readonly WorkingHoursIntervalSetting[];

export const DEFAULT_WORKING_HOURS_SETTINGS: WorkingHoursSettings = Object.freeze([
  Object.freeze({ start: '09:00', end: '12:00' }),
  Object.freeze({ start: '13:30', end: '17:30' }),
]);

export interface WorkingHoursInterval {
  /** Minutes after midnight. */
  readonly startMinute: number;
  readonly endMinute: number;
}

/** Validated working hours; obtain one only through `parseWorkingHours`. */
export interface WorkingHours {
  readonly intervals: readonly WorkingHoursInterval[];
}

export class InvalidWorkingHoursError extends Error {
  override readonly name = 'InvalidWorkingHoursError';
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseClockTime(value: string): number {
  const match = HH_MM.exec(value);
  if (!match) {
    throw new InvalidWorkingHoursError(`Expected a time as HH:MM (00:00–23:59), got ${JSON.stringify(value)}`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClockTime(minuteOfDay: number): string {
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/**
 * Intervals must be listed in order and must not overlap; touching intervals are allowed.
 * Working hours never cross midnight, so every working instant belongs to the day it is on.
 */
export function parseWorkingHours(settings: WorkingHoursSettings): WorkingHours {
  if (settings.length === 0) {
    throw new InvalidWorkingHoursError('Working hours need at least one interval');
  }
  const intervals: WorkingHoursInterval[] = [];
  for (const setting of settings) {
    const startMinute = parseClockTime(setting.start);
    const endMinute = parseClockTime(setting.end);
    if (endMinute <= startMinute) {
      throw new InvalidWorkingHoursError(`Interval ${setting.start}–${setting.end} must end after it starts`);
    }
    const previous = intervals[intervals.length - 1];
    if (previous && startMinute < previous.endMinute) {
      throw new InvalidWorkingHoursError(
        `Interval ${setting.start}–${setting.end} overlaps or precedes ` +
          `${formatClockTime(previous.startMinute)}–${formatClockTime(previous.endMinute)}; list intervals in order`,
      );
    }
    intervals.push(Object.freeze({ startMinute, endMinute }));
  }
  return Object.freeze({ intervals: Object.freeze(intervals) });
}

export function formatWorkingHours(hours: WorkingHours): WorkingHoursIntervalSetting[] {
  return hours.intervals.map((i) => ({ start: formatClockTime(i.startMinute), end: formatClockTime(i.endMinute) }));
}

export const DEFAULT_WORKING_HOURS: WorkingHours = parseWorkingHours(DEFAULT_WORKING_HOURS_SETTINGS);

/** Minute of the day at which the working day closes (17:30 → 1050 by default). */
export function closingMinute(hours: WorkingHours): number {
  return hours.intervals[hours.intervals.length - 1].endMinute;
}

export function openingMinute(hours: WorkingHours): number {
  return hours.intervals[0].startMinute;
}

/** The instant working hours close on `date`, whether or not `date` is a working day. */
export function closeOfWorkingDay(date: IsoDate, hours: WorkingHours): Date {
  return shanghaiInstant(date, closingMinute(hours));
}

export function openingOfWorkingDay(date: IsoDate, hours: WorkingHours): Date {
  return shanghaiInstant(date, openingMinute(hours));
}

export function workingMsPerDay(hours: WorkingHours): number {
  return hours.intervals.reduce((sum, i) => sum + (i.endMinute - i.startMinute) * 60_000, 0);
}

/** The working-hour intervals of `date` as instants (the caller decides whether it is a working day). */
export function workingIntervalsOn(date: IsoDate, hours: WorkingHours): Array<{ from: Date; to: Date }> {
  return hours.intervals.map((i) => ({
    from: shanghaiInstant(date, i.startMinute),
    to: shanghaiInstant(date, i.endMinute),
  }));
}
