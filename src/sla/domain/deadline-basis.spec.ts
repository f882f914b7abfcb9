import { addWorkingDays, addWorkingHours, shiftDueForPause } from './deadline';
import { combineBases, withBasis } from './deadline-basis';
import { overdueWorkingDays } from './overdue-working-days';
import { CalendarCoverageError, WorkingCalendar } from './working-calendar';
import { DEFAULT_WORKING_HOURS } from './working-hours';

/** Asia/Shanghai wall-clock time to an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const hours = DEFAULT_WORKING_HOURS;

// A made-up December 2026 whose schedule ends on the 31st; Thu Dec 24 is a holiday to tell statutory days apart.
const calendar = new WorkingCalendar({
  firstDay: '2026-12-01',
  lastDay: '2026-12-31',
  overrides: [{ date: '2026-12-24', kind: 'holiday', name: '测试假日' }],
});

describe('the provisional view of a working calendar', () => {
  const provisional = calendar.provisional();

  it('answers past the last covered day with weekends as the only rest days, marked provisional', () => {
    expect(provisional.describeDay('2027-01-01')).toEqual({ date: '2027-01-01', working: true, kind: 'workday', provisional: true });
    expect(provisional.describeDay('2027-01-02')).toEqual({ date: '2027-01-02', working: false, kind: 'weekend', provisional: true });
    expect(provisional.nextWorkingDay('2026-12-31')).toBe('2027-01-01');
    expect(provisional.nextWorkingDay('2027-01-01')).toBe('2027-01-04');
  });

  it('keeps the published schedule inside the coverage and still refuses days before it', () => {
    expect(provisional.describeDay('2026-12-24')).toEqual({ date: '2026-12-24', working: false, kind: 'holiday', name: '测试假日' });
    expect(() => provisional.describeDay('2026-11-30')).toThrow(CalendarCoverageError);
    expect(calendar.provisional()).toBe(provisional);
    expect(provisional.provisional()).toBe(provisional);
  });

  it('leaves the statutory calendar strict', () => {
    expect(() => calendar.describeDay('2027-01-01')).toThrow(CalendarCoverageError);
    expect(calendar.isPastLastDay('2027-01-01')).toBe(true);
    expect(calendar.isPastLastDay('2026-12-31')).toBe(false);
  });
});

describe('withBasis', () => {
  it('is statutory when the count stays inside the schedule, even when it ends on the last covered day', () => {
    // Mon Dec 21 + 7 working days, Thu Dec 24 off: 22, 23, 25, 28, 29, 30, 31.
    expect(withBasis(calendar, (c) => addWorkingDays(sh('2026-12-21T10:00:00'), 7, c, hours))).toEqual({
      value: sh('2026-12-31T17:30:00'),
      basis: 'statutory',
    });
  });

  it('is provisional as soon as the count needs one unknown day, and counts weekdays there', () => {
    // Tue Dec 22 + 7: 23, 25, 28, 29, 30, 31, then Fri Jan 1 (unknown: counted as a weekday).
    expect(withBasis(calendar, (c) => addWorkingDays(sh('2026-12-22T10:00:00'), 7, c, hours))).toEqual({
      value: sh('2027-01-01T17:30:00'),
      basis: 'provisional',
    });
    // Starting past the coverage works too: Mon Jan 4 + 3 → Thu Jan 7.
    expect(withBasis(calendar, (c) => addWorkingDays(sh('2027-01-04T10:00:00'), 3, c, hours))).toEqual({
      value: sh('2027-01-07T17:30:00'),
      basis: 'provisional',
    });
  });

  it('judges working hours, pauses and overdue days past the coverage instead of failing', () => {
    expect(withBasis(calendar, (c) => addWorkingHours(sh('2026-12-31T16:30:00'), 2, c, hours))).toEqual({
      value: sh('2027-01-01T10:00:00'),
      basis: 'provisional',
    });
    const due = sh('2026-12-31T17:30:00');
    // Overdue on Tue Jan 5 at 18:00: Jan 1, 4 and 5 have closed (provisionally).
    expect(withBasis(calendar, (c) => overdueWorkingDays(due, sh('2027-01-05T18:00:00'), c, hours))).toEqual({ value: 3, basis: 'provisional' });
    expect(
      withBasis(calendar, (c) => shiftDueForPause(due, sh('2026-12-28T09:00:00'), sh('2026-12-28T17:30:00'), { unit: 'working_days' }, c, hours)),
    ).toEqual({ value: sh('2027-01-01T17:30:00'), basis: 'provisional' });
  });

  it('rethrows anything that is not a question past the last covered day', () => {
    expect(() => withBasis(calendar, (c) => addWorkingDays(sh('2026-11-30T10:00:00'), 1, c, hours))).toThrow(CalendarCoverageError);
    expect(() =>
      withBasis(calendar, () => {
        throw new RangeError('boom');
      }),
    ).toThrow(RangeError);
  });
});

describe('combineBases', () => {
  it('is provisional when any input is', () => {
    expect(combineBases('statutory', 'statutory')).toBe('statutory');
    expect(combineBases('statutory', 'provisional')).toBe('provisional');
    expect(combineBases()).toBe('statutory');
  });
});
