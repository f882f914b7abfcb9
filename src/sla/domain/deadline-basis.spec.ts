import { addWorkingDays, addWorkingHours, shiftDueForPause } from './deadline';
import { combineBases, withBasis } from './deadline-basis';
import { provisionalAnchor, recomputeProvisional, recomputeTimers, shiftInDays } from './provisional-recompute';
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
    expect(withBasis(calendar, (c) => overdueWorkingDays(due, sh('2027-01-05T18:00:00'), c, hours))).toEqual({
      value: 3,
      basis: 'provisional',
    });
    expect(
      withBasis(calendar, (c) =>
        shiftDueForPause(due, sh('2026-12-28T09:00:00'), sh('2026-12-28T17:30:00'), { unit: 'working_days' }, c, hours),
      ),
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

describe('recomputeProvisional', () => {
  // The invented complete schedule of early 2027 for this test: Fri 1 Jan off (元旦), Sat 9 Jan worked.
  const complete = new WorkingCalendar({
    firstDay: '2026-12-01',
    lastDay: '2027-12-31',
    overrides: [
      { date: '2026-12-24', kind: 'holiday' },
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-09', kind: 'workday' },
    ],
  });

  it('gives what counting again from the start gives, for a count that began inside the old coverage', () => {
    for (const [start, n] of [
      ['2026-12-22T10:00:00', 7],
      ['2026-12-28T10:00:00', 7],
      ['2026-12-31T16:00:00', 3],
      ['2026-12-15T10:00:00', 15],
    ] as const) {
      const provisional = withBasis(calendar, (c) => addWorkingDays(sh(start), n, c, hours));
      expect(provisional.basis).toBe('provisional');
      const fresh = addWorkingDays(sh(start), n, complete, hours);
      expect(recomputeProvisional(provisional.value, provisionalAnchor('2026-12-31', sh(start)), complete)).toEqual({
        value: fresh,
        basis: 'statutory',
      });
    }
  });

  it('anchors on the start day when the count began past the old coverage', () => {
    // Counted on Mon 4 Jan (before 2027 was declared): 5, 6, 7, 8, 11 → recomputed with Sat 9 worked: 5, 6, 7, 8, 9.
    const provisional = withBasis(calendar, (c) => addWorkingDays(sh('2027-01-04T10:00:00'), 5, c, hours));
    expect(provisional.value).toEqual(sh('2027-01-11T17:30:00'));
    expect(recomputeProvisional(provisional.value, provisionalAnchor('2026-12-31', sh('2027-01-04T10:00:00')), complete)).toEqual({
      value: sh('2027-01-09T17:30:00'),
      basis: 'statutory',
    });
  });

  it('keeps an extension added to a provisional deadline exact, and a mid-day time of day', () => {
    const start = sh('2026-12-28T10:00:00');
    const due = withBasis(calendar, (c) => addWorkingDays(addWorkingDays(start, 7, c, hours), 2, c, hours)).value;
    expect(recomputeProvisional(due, '2026-12-31', complete).value).toEqual(addWorkingDays(start, 9, complete, hours));
    const midDay = withBasis(calendar, (c) => addWorkingHours(sh('2026-12-31T16:30:00'), 2, c, hours)).value;
    expect(recomputeProvisional(midDay, '2026-12-31', complete).value).toEqual(sh('2027-01-04T10:00:00'));
  });

  it('stays provisional when the recomputed day is still past the coverage, and is a fixed point then', () => {
    const short = new WorkingCalendar({ firstDay: '2026-12-01', lastDay: '2026-12-31', overrides: [] });
    const due = sh('2027-01-06T17:30:00');
    const once = recomputeProvisional(due, '2026-12-31', short);
    expect(once).toEqual({ value: due, basis: 'provisional' });
    expect(recomputeProvisional(once.value, '2026-12-31', short)).toEqual(once);
  });

  it('recomputes only the provisional timers and measures the shift in days', () => {
    const moves = recomputeTimers(
      [
        { timer: 'resolution_due', due: sh('2027-01-06T17:30:00'), basis: 'provisional', start: sh('2026-12-28T10:00:00') },
        { timer: 'objection_deadline', due: sh('2026-12-29T17:30:00'), basis: 'statutory', start: sh('2026-12-28T10:00:00') },
      ],
      '2026-12-31',
      complete,
    );
    expect(moves).toEqual([
      { timer: 'resolution_due', from: sh('2027-01-06T17:30:00'), to: sh('2027-01-07T17:30:00'), basis: 'statutory' },
    ]);
    expect(shiftInDays(moves[0])).toBe(1);
  });
});
