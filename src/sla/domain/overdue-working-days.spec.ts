import { createChineseDaysCalendar } from '../calendar-seed/chinese-days-source';
import { overdueWorkingDays } from './overdue-working-days';
import { CalendarCoverageError } from './working-calendar';
import { DEFAULT_WORKING_HOURS } from './working-hours';

const calendar = createChineseDaysCalendar();
const hours = DEFAULT_WORKING_HOURS;
const sh = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
const overdue = (due: string, now: string) => overdueWorkingDays(sh(due), sh(now), calendar, hours);

describe('overdueWorkingDays', () => {
  it.each([
    ['before the deadline', '2025-01-24 16:00', 0],
    ['at the deadline', '2025-01-24 17:30', 0],
    ['Sat evening (weekend does not count)', '2025-01-25 20:00', 0],
    ['make-up Sun before close', '2025-01-26 17:29', 0],
    ['make-up Sun at close', '2025-01-26 17:30', 1],
    ['Mon 01-27 at close', '2025-01-27 17:30', 2],
    ['through Spring Festival nothing accrues', '2025-02-04 23:59', 2],
    ['Wed 02-05 mid-day', '2025-02-05 12:00', 2],
    ['Wed 02-05 at close', '2025-02-05 17:30', 3],
    ['make-up Sat 02-08 at close', '2025-02-08 17:31', 6],
  ])('due Fri 2025-01-24 17:30, %s', (_label, now, days) => {
    expect(overdue('2025-01-24 17:30', now)).toBe(days);
  });

  it('reaches the yellow card (5) and red card (10) thresholds around National Day 2025', () => {
    const due = '2025-09-26 17:30';
    // Sun 09-28, Mon 09-29, Tue 09-30, Thu 10-09, Fri 10-10 …
    expect(overdue(due, '2025-10-10 17:29')).toBe(4);
    expect(overdue(due, '2025-10-10 17:30')).toBe(5);
    // … make-up Sat 10-11, Mon 10-13 .. Thu 10-16.
    expect(overdue(due, '2025-10-16 17:29')).toBe(9);
    expect(overdue(due, '2025-10-16 17:30')).toBe(10);
  });

  it('does not count the rest of a due day that ends mid-afternoon', () => {
    expect(overdue('2025-03-12 14:00', '2025-03-12 17:30')).toBe(0);
    expect(overdue('2025-03-12 14:00', '2025-03-13 17:30')).toBe(1);
  });

  it('counts the due day itself when the deadline falls before it opens', () => {
    expect(overdue('2025-03-12 08:00', '2025-03-12 17:30')).toBe(1);
    expect(overdue('2025-03-12 09:00', '2025-03-12 17:30')).toBe(1);
  });

  it('refuses to count past the calendar rather than guessing', () => {
    expect(() => overdue('2026-12-30 17:30', '2027-01-05 10:00')).toThrow(CalendarCoverageError);
  });
});
