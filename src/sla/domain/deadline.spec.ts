import { createChineseDaysCalendar } from '../calendar-seed/chinese-days-source';
import {
  addNaturalHours,
  addWorkingDays,
  addWorkingHours,
  computeDue,
  elapsedMsInUnit,
  extendDue,
  isOverdue,
  LimitUnit,
  shiftDueForPause,
  usedShare,
} from './deadline';
import { workingMsBetween } from './elapsed-time';
import { CalendarCoverageError } from './working-calendar';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from './working-hours';
import { warningLight } from './warning-light';

const calendar = createChineseDaysCalendar();
const hours = DEFAULT_WORKING_HOURS;
const H = 3_600_000;
/** 'YYYY-MM-DD HH:MM' on the Shanghai wall clock. */
const sh = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);

describe('addWorkingDays (自次日起算, real 2025/2026 tables)', () => {
  it.each([
    // Spring Festival 2025: Sat 01-25 off, Sun 01-26 make-up, Mon 01-27, 01-28..02-04 off, Sat 02-08 make-up.
    ['Fri afternoon before Spring Festival', '2025-01-24 15:00', 1, '2025-01-26 17:30'],
    ['… +2', '2025-01-24 15:00', 2, '2025-01-27 17:30'],
    ['… +3 across the holiday', '2025-01-24 15:00', 3, '2025-02-05 17:30'],
    ['… +6 reaches the make-up Saturday', '2025-01-24 15:00', 6, '2025-02-08 17:30'],
    ['… +7', '2025-01-24 15:00', 7, '2025-02-10 17:30'],
    ['start on a holiday', '2025-01-30 10:00', 1, '2025-02-05 17:30'],
    ['start on a holiday, +4 lands on make-up Sat', '2025-01-30 10:00', 4, '2025-02-08 17:30'],
    ['start after 17:30 counts from the next day as always', '2025-03-12 18:30', 1, '2025-03-13 17:30'],
    ['start at 09:00 gives the same deadline', '2025-03-12 09:00', 1, '2025-03-13 17:30'],
    ['start after 17:30 before a holiday', '2025-01-27 18:00', 1, '2025-02-05 17:30'],
    ['start on make-up Sat: the start day never counts', '2025-02-08 10:00', 1, '2025-02-10 17:30'],
    ['start on make-up Sun', '2025-01-26 10:00', 1, '2025-01-27 17:30'],
    ['start on a plain Sunday', '2025-03-16 10:00', 1, '2025-03-17 17:30'],
    ['00:30 Shanghai is still that Shanghai date (previous UTC date)', '2025-03-13 00:30', 1, '2025-03-14 17:30'],
    ['23:59 Shanghai', '2025-03-13 23:59', 1, '2025-03-14 17:30'],
    // National Day 2025: Sun 09-28 make-up, 10-01..10-08 off, Sat 10-11 make-up.
    ['Fri before National Day +1 is make-up Sun', '2025-09-26 16:00', 1, '2025-09-28 17:30'],
    ['… +3', '2025-09-26 16:00', 3, '2025-09-30 17:30'],
    ['… +4 jumps the holiday', '2025-09-26 16:00', 4, '2025-10-09 17:30'],
    ['… +7', '2025-09-26 16:00', 7, '2025-10-13 17:30'],
    ['last day before National Day', '2025-09-30 10:00', 1, '2025-10-09 17:30'],
    ['typical 7-day resolution limit', '2025-03-10 11:00', 7, '2025-03-19 17:30'],
    // 2026
    ['new year 2026 with make-up Sun 01-04', '2025-12-31 15:00', 1, '2026-01-04 17:30'],
    ['Fri 2026-02-13 +1 is make-up Sat 02-14', '2026-02-13 10:00', 1, '2026-02-14 17:30'],
    ['… +2 jumps Spring Festival 2026', '2026-02-13 10:00', 2, '2026-02-24 17:30'],
    ['… +6 is make-up Sat 02-28', '2026-02-13 10:00', 6, '2026-02-28 17:30'],
    ['Mid-Autumn 2026', '2026-09-24 10:00', 1, '2026-09-28 17:30'],
    ['National Day 2026', '2026-09-24 10:00', 4, '2026-10-08 17:30'],
    ['National Day 2026, make-up Sat 10-10', '2026-09-24 10:00', 6, '2026-10-10 17:30'],
    // Mon 09-14: 15..18, make-up Sun 09-20, 21..24, 28..30, 10-08, 10-09, make-up Sat 10-10.
    ['15-day co-handling limit', '2026-09-14 10:00', 15, '2026-10-10 17:30'],
  ])('%s: %s + %d → %s', (_label, start, n, due) => {
    expect(addWorkingDays(sh(start), n, calendar, hours)).toEqual(sh(due));
  });

  describe('n = 0 means within the current working day', () => {
    it.each([
      ['working day before close', '2025-03-12 10:00', '2025-03-12 17:30'],
      ['working day at close', '2025-03-12 17:30', '2025-03-13 17:30'],
      ['working day after close', '2025-03-12 18:00', '2025-03-13 17:30'],
      ['holiday', '2025-10-03 10:00', '2025-10-09 17:30'],
      ['make-up Saturday', '2025-10-11 10:00', '2025-10-11 17:30'],
    ])('%s', (_label, start, due) => {
      expect(addWorkingDays(sh(start), 0, calendar, hours)).toEqual(sh(due));
    });
  });

  it.each([-1, 1.5, Number.NaN])('rejects n = %p', (n) => {
    expect(() => addWorkingDays(sh('2025-03-12 10:00'), n, calendar, hours)).toThrow(RangeError);
  });

  it('rejects an invalid start', () => {
    expect(() => addWorkingDays(new Date('garbage'), 1, calendar, hours)).toThrow(RangeError);
  });

  it('uses the configured close of working hours', () => {
    const late = parseWorkingHours([{ start: '08:30', end: '18:00' }]);
    expect(addWorkingDays(sh('2025-03-12 10:00'), 1, calendar, late)).toEqual(sh('2025-03-13 18:00'));
  });

  describe('coverage guard', () => {
    it('throws when the deadline would land past the last covered day', () => {
      expect(addWorkingDays(sh('2026-12-30 10:00'), 1, calendar, hours)).toEqual(sh('2026-12-31 17:30'));
      expect(() => addWorkingDays(sh('2026-12-30 10:00'), 2, calendar, hours)).toThrow(CalendarCoverageError);
      expect(() => addWorkingDays(sh('2026-12-30 10:00'), 2, calendar, hours)).toThrow(
        /covers 2004-01-01\.\.2026-12-31; 2027-01-01 is outside it/,
      );
    });

    it('throws for a start before the first covered day, even though the start day does not count', () => {
      expect(() => addWorkingDays(sh('2003-12-31 10:00'), 1, calendar, hours)).toThrow(CalendarCoverageError);
    });

    it('throws for a start after the last covered day', () => {
      expect(() => addWorkingDays(sh('2027-01-04 10:00'), 1, calendar, hours)).toThrow(CalendarCoverageError);
    });
  });
});

describe('addWorkingHours', () => {
  it.each([
    ['across the lunch break', '2025-03-10 11:00', 2, '2025-03-10 14:30'],
    ['exactly to the lunch break ends at 12:00', '2025-03-10 11:00', 1, '2025-03-10 12:00'],
    ['starting in the lunch break', '2025-03-10 12:30', 1, '2025-03-10 14:30'],
    ['starting before opening', '2025-03-10 07:00', 1, '2025-03-10 10:00'],
    ['overnight', '2025-03-10 17:00', 1, '2025-03-11 09:30'],
    ['a full day ends at close', '2025-03-10 09:00', 7, '2025-03-10 17:30'],
    ['over the weekend', '2025-03-14 17:00', 1, '2025-03-17 09:30'],
    ['into the make-up Sunday', '2025-01-24 16:00', 8, '2025-01-26 17:00'],
    ['across Spring Festival 2025', '2025-01-24 16:00', 24, '2025-02-06 10:30'],
    ['starting on a holiday', '2025-10-01 10:00', 2, '2025-10-09 11:00'],
    // Fri 1 h + make-up Sat 02-14 7 h + Tue 02-24 7 h + Wed 7 h + Thu 2 h.
    ['the 24-hour rapid response limit as working hours', '2026-02-13 16:30', 24, '2026-02-26 11:00'],
    ['half an hour', '2025-03-10 09:00', 0.5, '2025-03-10 09:30'],
    ['zero returns the start itself', '2025-03-10 19:00', 0, '2025-03-10 19:00'],
  ])('%s: %s + %dh → %s', (_label, start, n, due) => {
    expect(addWorkingHours(sh(start), n, calendar, hours)).toEqual(sh(due));
  });

  it('throws past coverage and for negative hours', () => {
    expect(() => addWorkingHours(sh('2026-12-31 10:00'), 7, calendar, hours)).toThrow(CalendarCoverageError);
    expect(() => addWorkingHours(sh('2003-12-31 10:00'), 0, calendar, hours)).toThrow(CalendarCoverageError);
    expect(() => addWorkingHours(sh('2025-03-10 10:00'), -1, calendar, hours)).toThrow(RangeError);
  });
});

describe('addNaturalHours', () => {
  it('adds wall-clock hours, ignoring calendars', () => {
    expect(addNaturalHours(sh('2025-01-27 15:00'), 24)).toEqual(sh('2025-01-28 15:00'));
    expect(addNaturalHours(sh('2025-01-27 15:00'), 1.5)).toEqual(sh('2025-01-27 16:30'));
  });

  it('needs no calendar, so works beyond coverage', () => {
    expect(addNaturalHours(sh('2027-06-01 08:00'), 48)).toEqual(sh('2027-06-03 08:00'));
  });

  it.each([-1, Number.POSITIVE_INFINITY])('rejects %p', (n) => {
    expect(() => addNaturalHours(sh('2025-01-27 15:00'), n)).toThrow(RangeError);
  });
});

describe('computeDue', () => {
  const start = sh('2025-01-24 15:00');
  it.each([
    ['natural_hours', 24, '2025-01-25 15:00'],
    ['working_hours', 24, '2025-02-06 09:30'],
    ['working_days', 3, '2025-02-05 17:30'],
  ] as const)('%s %d', (unit, amount, due) => {
    expect(computeDue(start, { unit, amount }, calendar, hours)).toEqual(sh(due));
  });
});

describe('shiftDueForPause', () => {
  it('pushes a working-day deadline by the working time the pause consumed', () => {
    // The pause eats Fri 15:00–17:30 and Mon 09:00–10:00 = 3.5 working hours.
    const due = sh('2025-03-20 17:30');
    const shifted = shiftDueForPause(due, sh('2025-03-14 15:00'), sh('2025-03-17 10:00'), { unit: 'working_days' }, calendar, hours);
    expect(shifted).toEqual(sh('2025-03-21 14:00'));
  });

  it('does not move a working-time deadline for a weekend-only pause', () => {
    const due = sh('2025-03-20 17:30');
    expect(shiftDueForPause(due, sh('2025-03-15 10:00'), sh('2025-03-16 18:00'), { unit: 'working_hours' }, calendar, hours)).toEqual(due);
  });

  it('moves a natural-hours deadline by the natural length of the pause', () => {
    const due = sh('2025-03-17 12:00');
    expect(
      shiftDueForPause(due, sh('2025-03-15 10:00'), sh('2025-03-16 18:00'), { unit: 'natural_hours', amount: 24 }, calendar, hours),
    ).toEqual(sh('2025-03-18 20:00'));
  });

  it('crosses Spring Festival in working time', () => {
    // Fri 01-24, make-up Sun 01-26, Mon 01-27 and Wed 02-05: 28 working hours = 4 working days.
    const shifted = shiftDueForPause(
      sh('2025-01-27 17:30'),
      sh('2025-01-24 09:00'),
      sh('2025-02-06 09:00'),
      { unit: 'working_days' },
      calendar,
      hours,
    );
    expect(shifted).toEqual(sh('2025-02-08 17:30'));
  });

  it.each([
    ['09:00 Mon → 10:00 Tue', '2025-03-10 09:00', '2025-03-11 10:00'],
    ['lunch to lunch', '2025-03-11 12:15', '2025-03-13 12:45'],
    ['Fri → Mon over the weekend', '2025-03-14 15:00', '2025-03-17 10:00'],
    ['over National Day', '2025-09-29 11:00', '2025-10-10 16:00'],
    ['over Spring Festival 2026', '2026-02-12 10:00', '2026-02-26 11:30'],
  ])('keeps the remaining working time unchanged: %s', (_label, from, to) => {
    const start = sh('2025-03-07 10:00');
    const due = computeDue(start, { unit: 'working_days', amount: 15 }, calendar, hours);
    const pauseFrom = sh(from);
    const pauseTo = sh(to);
    const remainingAtSuspension = workingMsBetween(pauseFrom, due, calendar, hours);
    const shifted = shiftDueForPause(due, pauseFrom, pauseTo, { unit: 'working_days' }, calendar, hours);
    expect(workingMsBetween(pauseTo, shifted, calendar, hours)).toBe(remainingAtSuspension);
  });

  it('keeps the overdue amount unchanged when suspended after the deadline', () => {
    const due = sh('2025-03-11 17:30');
    // Suspended Wed 11:00 (2 working hours late), resumed Thu 11:00.
    const shifted = shiftDueForPause(due, sh('2025-03-12 11:00'), sh('2025-03-13 11:00'), { unit: 'working_days' }, calendar, hours);
    expect(shifted).toEqual(sh('2025-03-12 17:30'));
    expect(workingMsBetween(shifted, sh('2025-03-13 11:00'), calendar, hours)).toBe(2 * H);
  });
});

describe('extendDue', () => {
  it.each([
    ['across Spring Festival 2025', '2025-01-27 17:30', 3, '2025-02-07 17:30'],
    ['across National Day 2025', '2025-09-30 17:30', 2, '2025-10-10 17:30'],
    ['onto a make-up Saturday', '2026-02-27 17:30', 1, '2026-02-28 17:30'],
    ['from a mid-day deadline (after a pause shift)', '2025-03-21 14:00', 1, '2025-03-24 17:30'],
    ['zero leaves it', '2025-03-21 14:00', 0, '2025-03-21 14:00'],
  ])('%s', (_label, due, n, extended) => {
    expect(extendDue(sh(due), n, calendar, hours)).toEqual(sh(extended));
  });

  it('rejects negative and fractional extensions, and extensions past coverage', () => {
    expect(() => extendDue(sh('2025-03-21 17:30'), -1, calendar, hours)).toThrow(RangeError);
    expect(() => extendDue(sh('2025-03-21 17:30'), 0.5, calendar, hours)).toThrow(RangeError);
    expect(() => extendDue(sh('2026-12-25 17:30'), 10, calendar, hours)).toThrow(CalendarCoverageError);
  });
});

describe('isOverdue', () => {
  it('is late only strictly after the deadline', () => {
    expect(isOverdue(sh('2025-03-10 17:30'), sh('2025-03-10 17:30'))).toBe(false);
    expect(isOverdue(sh('2025-03-10 17:30'), new Date(sh('2025-03-10 17:30').getTime() + 1))).toBe(true);
  });
});

describe('usedShare and the warning light', () => {
  const light = (share: number, due: Date, now: Date) => warningLight(share, isOverdue(due, now));

  it('turns yellow at exactly 70 % of a working-hours limit', () => {
    const start = sh('2025-03-10 09:00');
    const due = computeDue(start, { unit: 'working_hours', amount: 10 }, calendar, hours);
    expect(due).toEqual(sh('2025-03-11 12:00'));
    const at = (now: string) => usedShare(start, due, sh(now), 'working_hours', calendar, hours);
    expect(at('2025-03-10 17:29')).toBeCloseTo(0.6983, 4);
    expect(light(at('2025-03-10 17:29'), due, sh('2025-03-10 17:29'))).toBe('green');
    expect(at('2025-03-10 17:30')).toBe(0.7);
    expect(light(at('2025-03-10 17:30'), due, sh('2025-03-10 17:30'))).toBe('yellow');
    // Working time does not run overnight.
    expect(at('2025-03-11 09:00')).toBe(0.7);
    expect(at('2025-03-11 12:00')).toBe(1);
    expect(light(at('2025-03-11 12:00'), due, sh('2025-03-11 12:00'))).toBe('yellow');
    expect(light(at('2025-03-11 12:01'), due, sh('2025-03-11 12:01'))).toBe('red');
  });

  it('turns yellow at 70 % of a working-days limit across Spring Festival', () => {
    // Fri 15:00 + 3 days → Wed 02-05 17:30; allowed 2.5 + 7 + 7 + 7 = 23.5 h; 70 % = 16.45 h.
    const start = sh('2025-01-24 15:00');
    const due = computeDue(start, { unit: 'working_days', amount: 3 }, calendar, hours);
    const share = (now: string) => usedShare(start, due, sh(now), 'working_days', calendar, hours);
    // 2.5 + 7 + 6.95 = 16.45 h is reached at 17:27 on Mon 01-27.
    expect(share('2025-01-27 17:27')).toBeCloseTo(0.7, 10);
    expect(warningLight(share('2025-01-27 17:26'), false)).toBe('green');
    expect(warningLight(share('2025-01-27 17:28'), false)).toBe('yellow');
    // The whole holiday passes without using any of the allowance.
    expect(share('2025-02-04 23:00')).toBeCloseTo(16.5 / 23.5, 10);
  });

  it('measures natural-hours limits in natural time', () => {
    const start = sh('2025-03-10 10:00');
    const due = computeDue(start, { unit: 'natural_hours', amount: 24 }, calendar, hours);
    expect(usedShare(start, due, sh('2025-03-11 02:48'), 'natural_hours', calendar, hours)).toBe(0.7);
    expect(usedShare(start, due, sh('2025-03-11 02:47'), 'natural_hours', calendar, hours)).toBeLessThan(0.7);
  });

  it('freezes during an open pause and keeps the allowance after the due date is shifted', () => {
    const start = sh('2025-03-10 09:00');
    const limit = { unit: 'working_days', amount: 3 } as const;
    const due = computeDue(start, limit, calendar, hours);
    expect(due).toEqual(sh('2025-03-13 17:30'));
    const pauseFrom = sh('2025-03-11 09:00');
    const running = [{ from: pauseFrom, to: null }];
    // Allowance Mon..Thu = 28 h; 7 h used before the pause.
    expect(usedShare(start, due, sh('2025-03-11 15:00'), 'working_days', calendar, hours, running)).toBe(0.25);
    expect(usedShare(start, due, sh('2025-03-12 08:59'), 'working_days', calendar, hours, running)).toBe(0.25);

    const pauseTo = sh('2025-03-12 09:00');
    const shifted = shiftDueForPause(due, pauseFrom, pauseTo, limit, calendar, hours);
    expect(shifted).toEqual(sh('2025-03-14 17:30'));
    const finished = [{ from: pauseFrom, to: pauseTo }];
    expect(usedShare(start, shifted, pauseTo, 'working_days', calendar, hours, finished)).toBe(0.25);
    expect(usedShare(start, shifted, sh('2025-03-14 10:00'), 'working_days', calendar, hours, finished)).toBe(22 / 28);
  });

  it('exceeds 1 once overdue, and a pause after the deadline keeps the overdue share', () => {
    const start = sh('2025-03-10 09:00');
    const limit = { unit: 'working_days', amount: 1 } as const;
    const due = computeDue(start, limit, calendar, hours);
    const pauseFrom = sh('2025-03-12 11:00');
    const pauseTo = sh('2025-03-13 11:00');
    expect(usedShare(start, due, pauseFrom, 'working_days', calendar, hours)).toBe(16 / 14);
    const shifted = shiftDueForPause(due, pauseFrom, pauseTo, limit, calendar, hours);
    const finished = [{ from: pauseFrom, to: pauseTo }];
    expect(usedShare(start, shifted, pauseTo, 'working_days', calendar, hours, finished)).toBe(16 / 14);
    expect(light(16 / 14, shifted, pauseTo)).toBe('red');
  });

  it('handles a zero allowance without dividing by zero', () => {
    const start = sh('2025-03-10 10:00');
    const due = computeDue(start, { unit: 'natural_hours', amount: 0 }, calendar, hours);
    expect(usedShare(start, due, sh('2025-03-10 09:00'), 'natural_hours', calendar, hours)).toBe(0);
    expect(usedShare(start, due, sh('2025-03-10 10:00'), 'natural_hours', calendar, hours)).toBe(1);
  });
});

describe('elapsedMsInUnit', () => {
  it.each([
    ['natural_hours', 48],
    ['working_hours', 7],
    ['working_days', 7],
  ] as Array<[LimitUnit, number]>)('%s over a weekend with one working day', (unit, expected) => {
    expect(elapsedMsInUnit(sh('2025-03-14 00:00'), sh('2025-03-16 00:00'), unit, calendar, hours)).toBe(expected * H);
  });
});
