import { createChineseDaysCalendar } from '../../sla/calendar-seed/chinese-days-source';
import { CalendarCoverageError, DEFAULT_WORKING_HOURS, workingMsBetween } from '../../sla/domain';
import { WorkingTimeIndex } from './working-time-index';

const calendar = createChineseDaysCalendar();
const index = new WorkingTimeIndex(calendar, DEFAULT_WORKING_HOURS);
const HOUR = 3_600_000;

describe('WorkingTimeIndex', () => {
  it('counts a full working day as 7 hours (09:00–12:00, 13:30–17:30)', () => {
    // Monday 2026-03-02 08:00 to Tuesday 08:00 Shanghai time.
    expect(index.workingMsBetween(new Date('2026-03-02T00:00:00Z'), new Date('2026-03-03T00:00:00Z'))).toBe(7 * HOUR);
    expect(index.msPerWorkingDay).toBe(7 * HOUR);
  });

  it('skips weekends and the Spring Festival holiday', () => {
    // Friday 2026-02-13 17:30 to Tuesday 2026-02-24 09:00: Feb 15–23 is the 2026 Spring Festival
    // break, Feb 14 (Saturday) a make-up working day.
    const from = new Date('2026-02-13T09:30:00Z');
    const to = new Date('2026-02-24T01:00:00Z');
    expect(index.workingDaysBetween(from, to)).toBe(1);
    expect(index.workingMsBetween(from, to)).toBe(workingMsBetween(from, to, calendar, DEFAULT_WORKING_HOURS));
  });

  it('subtracts paused time, merging overlapping pauses and running an open pause to the end', () => {
    const from = new Date('2026-03-02T01:00:00Z'); // Mon 09:00
    const to = new Date('2026-03-06T09:30:00Z'); // Fri 17:30
    expect(index.workingDaysBetween(from, to)).toBe(5);
    const tuesday = { from: new Date('2026-03-03T01:00:00Z'), to: new Date('2026-03-04T01:00:00Z') };
    const overlapping = { from: new Date('2026-03-03T12:00:00Z'), to: new Date('2026-03-04T01:00:00Z') };
    expect(index.workingDaysBetween(from, to, [tuesday, overlapping])).toBe(4);
    expect(index.workingDaysBetween(from, to, [{ from: new Date('2026-03-05T01:00:00Z'), to: null }])).toBe(3);
  });

  it('agrees with the day-by-day reference on many random stretches', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const base = Date.parse('2025-01-01T00:00:00Z');
    for (let i = 0; i < 300; i += 1) {
      const from = new Date(base + Math.floor(random() * 600 * 24 * HOUR));
      const to = new Date(from.getTime() + Math.floor(random() * 40 * 24 * HOUR));
      const pauseFrom = new Date(from.getTime() + Math.floor(random() * (to.getTime() - from.getTime())));
      const pauses = random() < 0.5 ? [] : [{ from: pauseFrom, to: new Date(Math.min(to.getTime(), pauseFrom.getTime() + 3 * 24 * HOUR)) }];
      expect(index.workingMsBetween(from, to, pauses)).toBe(workingMsBetween(from, to, calendar, DEFAULT_WORKING_HOURS, pauses));
    }
  });

  it('is 0 for an empty or reversed stretch', () => {
    const t = new Date('2026-03-02T03:00:00Z');
    expect(index.workingMsBetween(t, t)).toBe(0);
    expect(index.workingMsBetween(t, new Date('2026-03-01T03:00:00Z'))).toBe(0);
  });

  it('refuses, loudly, an instant the calendar does not cover', () => {
    expect(() =>
      index.workingMsBetween(new Date('2026-12-30T00:00:00Z'), new Date(`${Number(calendar.lastDay.slice(0, 4)) + 1}-01-05T00:00:00Z`)),
    ).toThrow(CalendarCoverageError);
  });
});
