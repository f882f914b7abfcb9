import { createChineseDaysCalendar } from '../calendar-seed/chinese-days-source';
import { naturalMsBetween, validatePauses, workingMsBetween } from './elapsed-time';
import { CalendarCoverageError } from './working-calendar';
import { DEFAULT_WORKING_HOURS } from './working-hours';

const calendar = createChineseDaysCalendar();
const hours = DEFAULT_WORKING_HOURS;
const H = 3_600_000;
/** 'YYYY-MM-DD HH:MM' on the Shanghai wall clock. */
const sh = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);

describe('workingMsBetween', () => {
  it.each([
    ['a plain week', '2025-03-10 09:00', '2025-03-17 09:00', 35],
    ['morning to afternoon across lunch', '2025-03-10 11:00', '2025-03-10 14:00', 1.5],
    ['inside the lunch break', '2025-03-10 12:10', '2025-03-10 13:20', 0],
    ['evening to next morning', '2025-03-10 17:00', '2025-03-11 09:30', 1],
    ['a whole weekend', '2025-03-15 00:00', '2025-03-17 00:00', 0],
    ['Spring Festival 2025 incl. make-up Sun 01-26', '2025-01-24 16:00', '2025-02-05 10:00', 1.5 + 7 + 7 + 1],
    ['National Day 2025', '2025-09-30 17:00', '2025-10-09 09:00', 0.5],
    ['make-up Sat 2026-02-28', '2026-02-27 17:00', '2026-03-02 09:00', 0.5 + 7],
  ])('%s', (_label, from, to, expectedHours) => {
    expect(workingMsBetween(sh(from), sh(to), calendar, hours)).toBe(expectedHours * H);
  });

  it('is 0 when to is not after from', () => {
    expect(workingMsBetween(sh('2025-03-11 10:00'), sh('2025-03-10 10:00'), calendar, hours)).toBe(0);
    expect(workingMsBetween(sh('2025-03-11 10:00'), sh('2025-03-11 10:00'), calendar, hours)).toBe(0);
  });

  it('excludes a pause spanning a weekend', () => {
    // Thu 09:00 → Tue 17:30 is 28 working hours; the pause eats Fri 15:00–17:30 and Mon 09:00–10:00.
    const pauses = [{ from: sh('2025-03-14 15:00'), to: sh('2025-03-17 10:00') }];
    expect(workingMsBetween(sh('2025-03-13 09:00'), sh('2025-03-18 17:30'), calendar, hours, pauses)).toBe(24.5 * H);
  });

  it('runs an open pause until `to`', () => {
    const pauses = [{ from: sh('2025-03-11 11:00'), to: null }];
    expect(workingMsBetween(sh('2025-03-10 09:00'), sh('2025-03-14 17:30'), calendar, hours, pauses)).toBe(9 * H);
  });

  it('clips pauses that start before `from` or end after `to`', () => {
    const pauses = [
      { from: sh('2025-03-07 09:00'), to: sh('2025-03-10 10:00') },
      { from: sh('2025-03-10 16:00'), to: sh('2025-03-12 09:00') },
    ];
    expect(workingMsBetween(sh('2025-03-10 09:00'), sh('2025-03-11 17:30'), calendar, hours, pauses)).toBe((2 + 2.5) * H);
  });

  it('refuses to measure across a day the calendar does not cover', () => {
    expect(() => workingMsBetween(sh('2026-12-31 09:00'), sh('2027-01-04 12:00'), calendar, hours)).toThrow(CalendarCoverageError);
  });

  it('does not need the day after when `to` is exactly midnight of it', () => {
    expect(workingMsBetween(sh('2026-12-31 09:00'), sh('2027-01-01 00:00'), calendar, hours)).toBe(7 * H);
  });
});

describe('naturalMsBetween', () => {
  it('counts wall-clock time minus pauses', () => {
    const pauses = [{ from: sh('2025-03-14 15:00'), to: sh('2025-03-17 10:00') }];
    expect(naturalMsBetween(sh('2025-03-13 09:00'), sh('2025-03-18 17:30'), pauses)).toBe((128.5 - 67) * H);
  });

  it('stops the clock at an open pause', () => {
    expect(naturalMsBetween(sh('2025-03-10 09:00'), sh('2025-03-12 09:00'), [{ from: sh('2025-03-10 21:00'), to: null }])).toBe(12 * H);
  });

  it('is 0 backwards', () => {
    expect(naturalMsBetween(sh('2025-03-12 09:00'), sh('2025-03-10 09:00'))).toBe(0);
  });
});

describe('validatePauses', () => {
  it('rejects overlapping pauses instead of counting time twice', () => {
    expect(() =>
      validatePauses([
        { from: sh('2025-03-10 09:00'), to: sh('2025-03-11 09:00') },
        { from: sh('2025-03-10 15:00'), to: sh('2025-03-12 09:00') },
      ]),
    ).toThrow(/overlap/);
  });

  it('rejects a pause after a still-open one', () => {
    expect(() =>
      validatePauses([
        { from: sh('2025-03-12 09:00'), to: sh('2025-03-13 09:00') },
        { from: sh('2025-03-10 09:00'), to: null },
      ]),
    ).toThrow(/overlap/);
  });

  it('rejects a pause that ends before it starts, and invalid dates', () => {
    expect(() => validatePauses([{ from: sh('2025-03-12 09:00'), to: sh('2025-03-11 09:00') }])).toThrow(RangeError);
    expect(() => validatePauses([{ from: new Date('nope'), to: null }])).toThrow(RangeError);
  });

  it('accepts back-to-back pauses', () => {
    expect(() =>
      validatePauses([
        { from: sh('2025-03-10 09:00'), to: sh('2025-03-11 09:00') },
        { from: sh('2025-03-11 09:00'), to: null },
      ]),
    ).not.toThrow();
  });
});
