import { ladderMath } from '../../sla/domain/escalation-ladder';
import { WorkingCalendar } from '../../sla/domain/working-calendar';
import { parseWorkingHours } from '../../sla/domain/working-hours';
import {
  type MilestoneTimerRow,
  milestoneDueInWorkingDays,
  milestoneDueOnDate,
  milestoneYellowAt,
  planMilestoneCheck,
} from './milestone-timer';

const sh = (local: string) => new Date(`${local}+08:00`);
const hours = parseWorkingHours([
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
]);
// 2026 Q4 as published: National Day off 10-01..10-07, make-up Sat 10-10.
const calendar = new WorkingCalendar({
  firstDay: '2026-09-01',
  lastDay: '2026-12-31',
  overrides: [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })),
    { date: '2026-10-10', kind: 'workday' },
  ],
});
const ladder = { supervisionAfterOverdueWorkingDays: 2, yellowCardAfterOverdueWorkingDays: 5, redCardAfterOverdueWorkingDays: 10 };

describe('milestone deadlines', () => {
  it('counts working days from the next day, skipping holidays and counting make-up days', () => {
    expect(milestoneDueInWorkingDays(sh('2026-09-30T10:00:00'), 1, calendar, hours)).toEqual({
      dueAt: sh('2026-10-08T17:30:00'),
      provisional: false,
    });
    expect(milestoneDueInWorkingDays(sh('2026-09-30T10:00:00'), 3, calendar, hours).dueAt).toEqual(sh('2026-10-10T17:30:00'));
  });

  it('moves a date on a rest day to the next working day', () => {
    expect(milestoneDueOnDate('2026-10-03', calendar, hours)).toEqual({ dueAt: sh('2026-10-08T17:30:00'), provisional: false });
    expect(milestoneDueOnDate('2026-10-10', calendar, hours).dueAt).toEqual(sh('2026-10-10T17:30:00'));
    expect(milestoneDueOnDate('2026-10-11', calendar, hours).dueAt).toEqual(sh('2026-10-12T17:30:00'));
  });

  it('is provisional past the calendar’s end, counting weekends as the only rest days', () => {
    expect(milestoneDueInWorkingDays(sh('2026-12-30T10:00:00'), 2, calendar, hours)).toEqual({
      dueAt: sh('2027-01-01T17:30:00'),
      provisional: true,
    });
    expect(milestoneDueOnDate('2027-01-02', calendar, hours)).toEqual({ dueAt: sh('2027-01-04T17:30:00'), provisional: true });
    expect(milestoneDueInWorkingDays(sh('2026-12-30T10:00:00'), 1, calendar, hours).provisional).toBe(false);
  });

  it('refuses a start before the calendar’s first day rather than guessing', () => {
    expect(() => milestoneDueInWorkingDays(sh('2026-08-01T10:00:00'), 1, calendar, hours)).toThrow(/covers/);
  });

  it('keeps the holidays already known inside the provisional extension', () => {
    const extended = calendar.provisional();
    expect(extended.isWorkingDay('2026-10-05')).toBe(false);
    expect(extended.isWorkingDay('2027-01-01')).toBe(true);
    expect(extended.isWorkingDay('2027-01-02')).toBe(false);
  });

  it('turns yellow at 70 % of the working time', () => {
    // Mon 09-14 09:00 → Tue 09-15 17:30 (2 working days, 14 h): 70 % is 9.8 h, Tue 11:48.
    expect(milestoneYellowAt(sh('2026-09-14T09:00:00'), sh('2026-09-15T17:30:00'), 0.7, calendar, hours)).toEqual(
      sh('2026-09-15T11:48:00'),
    );
  });
});

describe('planMilestoneCheck', () => {
  const due = sh('2026-09-29T17:30:00');
  const row: MilestoneTimerRow = {
    id: 1,
    dueAt: due,
    yellowAt: sh('2026-09-28T12:00:00'),
    warningLight: 'green',
    supervisionLevel: 'none',
  };
  const plan = (now: Date, fields: Partial<MilestoneTimerRow> = {}) =>
    planMilestoneCheck({ ...row, ...fields }, now, ladder, ladderMath(calendar.provisional(), hours, now));

  it('waits for the yellow instant, then for the deadline', () => {
    expect(plan(sh('2026-09-28T10:00:00'))).toMatchObject({ warningLight: 'green', nextCheckAt: row.yellowAt, steps: [] });
    expect(plan(sh('2026-09-28T12:00:00'))).toMatchObject({ warningLight: 'yellow', nextCheckAt: due, steps: [] });
  });

  it('reminds as soon as the milestone is late and waits for the supervision threshold', () => {
    const late = plan(sh('2026-09-29T17:31:00'));
    expect(late).toMatchObject({ warningLight: 'red', supervisionLevel: 'reminder', overdueSince: due });
    expect(late.steps.map((s) => s.step)).toEqual(['reminder']);
    // 2 overdue working days: 09-30 and (after National Day) 10-08.
    expect(late.nextCheckAt).toEqual(sh('2026-10-08T17:30:00'));
  });

  it('takes every step it has passed at once, and none already taken', () => {
    const much = plan(sh('2026-10-20T18:00:00'));
    expect(much.steps.map((s) => s.step)).toEqual(['reminder', 'supervision', 'yellow_card', 'red_card']);
    expect(much.nextCheckAt).toBeNull();
    expect(plan(sh('2026-10-20T18:00:00'), { supervisionLevel: 'red_card', warningLight: 'red' }).steps).toEqual([]);
    expect(plan(sh('2026-10-09T18:00:00'), { supervisionLevel: 'supervision', warningLight: 'red' }).steps).toEqual([]);
  });

  it('counts the make-up Saturday as an overdue working day', () => {
    // 09-30, 10-08, 10-09, 10-10 (make-up), 10-12: the 5th closes Mon 10-12 17:30.
    expect(plan(sh('2026-10-12T17:29:00'), { supervisionLevel: 'supervision' }).steps).toEqual([]);
    expect(plan(sh('2026-10-12T17:30:00'), { supervisionLevel: 'supervision' }).steps.map((s) => s.step)).toEqual(['yellow_card']);
  });
});
