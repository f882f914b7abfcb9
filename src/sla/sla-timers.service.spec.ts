import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import type { SettingsService } from '../settings/settings.service';
import { loadChineseDaysDefinition } from './calendar-seed/chinese-days-source';
import type { CalendarRepository } from './calendar/calendar.repository';
import { CalendarService } from './calendar/calendar.service';
import { DEFAULT_WORKING_HOURS } from './domain/working-hours';
import type { SlaPoliciesRepository } from './policies/sla-policies.repository';
import type { SlaPolicyRow } from './policies/sla-policy';
import { SlaTimersService } from './sla-timers.service';

const definition = loadChineseDaysDefinition();
const firstYear = Number(definition.firstDay.slice(0, 4));
const lastYear = Number(definition.lastDay.slice(0, 4));

function makeService(): SlaTimersService {
  const repository = {
    loadYears: async () =>
      Array.from({ length: lastYear - firstYear + 1 }, (_, i) => ({
        year: firstYear + i,
        source: 'package',
        note: null,
        createdAt: new Date(),
      })),
    loadDays: async () => definition.overrides,
  } as unknown as CalendarRepository;
  const settings = {
    workingHours: async () => DEFAULT_WORKING_HOURS,
    yellowShare: async () => 0.7,
    objectionWindowWorkingDays: async () => 1,
  } as unknown as SettingsService;
  const calendar = new CalendarService(repository, settings);
  jest.spyOn(calendar, 'alert').mockImplementation(() => undefined);
  return new SlaTimersService(calendar, settings, {} as SlaPoliciesRepository);
}

const policy: SlaPolicyRow = {
  id: 1,
  categoryId: null,
  urgency: 'normal',
  level: null,
  policyVersion: 1,
  responseAmount: 24,
  responseUnit: 'natural_hours',
  resolutionDays: 7,
  resolutionDaysCohandled: 15,
  verificationDays: 5,
};

/** Asia/Shanghai wall-clock time to an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const statutory = (local: string) => ({ value: sh(local), basis: 'statutory' as const });
const provisional = (local: string) => ({ value: sh(local), basis: 'provisional' as const });

describe('SlaTimersService', () => {
  const timers = makeService();

  it('gives 24 natural hours to respond', async () => {
    expect(await timers.responseDue(sh('2025-09-30T10:00:00'), policy)).toEqual(statutory('2025-10-01T10:00:00'));
  });

  it('counts the resolution limit across National Day 2025 and its make-up Saturday', async () => {
    // Oct 1–8 are off; Sat Oct 11 is worked: Oct 9, 10, 11, 13, 14, 15, 16.
    expect(await timers.resolutionDue(sh('2025-09-30T10:00:00'), policy, false)).toEqual(statutory('2025-10-16T17:30:00'));
  });

  it('uses the co-handling limit when several departments handle', async () => {
    expect(await timers.resolutionDue(sh('2025-06-09T09:00:00'), policy, true)).toEqual(statutory('2025-06-30T17:30:00'));
  });

  it('gives one working day to object, from the day after assignment', async () => {
    // Friday before the Spring Festival 2025 (Jan 28 – Feb 4 off; Sun Jan 26 and Sat Feb 8 worked).
    expect(await timers.objectionDeadline(sh('2025-01-24T16:00:00'))).toEqual(statutory('2025-01-26T17:30:00'));
  });

  it('gives five working days to verify', async () => {
    expect(await timers.verificationDue(sh('2025-01-27T11:00:00'), policy)).toEqual(statutory('2025-02-10T17:30:00'));
  });

  it('extends and shifts in working days', async () => {
    expect(await timers.extendDue(statutory('2025-06-18T17:30:00'), 2)).toEqual(statutory('2025-06-20T17:30:00'));
    // Suspended Monday 09:00 to Tuesday 17:30: two working days of pause move the deadline two working days.
    const shifted = await timers.shiftForPause(
      statutory('2025-06-18T17:30:00'),
      sh('2025-06-09T09:00:00'),
      sh('2025-06-10T17:30:00'),
      policy,
    );
    expect(shifted).toEqual(statutory('2025-06-20T17:30:00'));
  });

  it('counts a deadline past the calendar provisionally, with weekends as the only rest days, instead of refusing it', async () => {
    // 7 working days from Mon Dec 28 of the last covered year: Dec 29, 30, 31, then Jan 1 (counted as a weekday), 4, 5, 6.
    const start = sh(`${lastYear}-12-28T10:00:00`);
    const due = await timers.resolutionDue(start, policy, false);
    expect(due.basis).toBe('provisional');
    expect(due.value.getTime()).toBeGreaterThan(sh(`${lastYear}-12-31T17:30:00`).getTime());
    expect(due).toEqual(provisional(`${lastYear + 1}-01-06T17:30:00`));
  });

  it('keeps a provisional deadline provisional when it is extended or shifted, even by days inside the schedule', async () => {
    const due = provisional(`${lastYear + 1}-01-06T17:30:00`);
    expect((await timers.extendDue(due, 0)).basis).toBe('provisional');
    expect((await timers.shiftForPause(due, sh(`${lastYear}-06-01T09:00:00`), sh(`${lastYear}-06-01T10:00:00`), policy)).basis).toBe(
      'provisional',
    );
  });

  it('still refuses a deadline before the first covered day with CALENDAR_NOT_COVERED', async () => {
    const start = sh(`${firstYear - 1}-06-01T10:00:00`);
    await expect(timers.resolutionDue(start, policy, false)).rejects.toMatchObject({ code: ErrorCode.CalendarNotCovered });
    await expect(timers.resolutionDue(start, policy, false)).rejects.toBeInstanceOf(AppError);
  });

  describe('lightFor', () => {
    // 7 working days from Mon 2025-06-09 09:00: 56 working hours to Wed 06-18 17:30; 70 % = 39.2 h → Mon 06-16 14:42.
    const start = sh('2025-06-09T09:00:00');
    const due = sh('2025-06-18T17:30:00');
    const yellowAt = sh('2025-06-16T14:42:00');

    it('is green before the threshold and asks to be checked at it', async () => {
      expect(await timers.lightFor(start, due, sh('2025-06-16T14:41:00'), 'working_days')).toEqual({
        light: 'green',
        yellowAt,
        nextCheckAt: yellowAt,
      });
    });

    it('is yellow from the threshold and asks to be checked at the deadline', async () => {
      expect(await timers.lightFor(start, due, yellowAt, 'working_days')).toEqual({ light: 'yellow', yellowAt, nextCheckAt: due });
    });

    it('is red once overdue and asks to be checked now', async () => {
      const now = sh('2025-06-18T17:31:00');
      expect(await timers.lightFor(start, due, now, 'working_days')).toEqual({ light: 'red', yellowAt, nextCheckAt: now });
    });

    it('measures natural-hour limits in wall-clock time', async () => {
      const s = sh('2025-06-14T00:00:00');
      const result = await timers.lightFor(s, sh('2025-06-15T00:00:00'), s, 'natural_hours');
      expect(result.yellowAt).toEqual(new Date(s.getTime() + 16.8 * 3600_000));
    });

    it('discounts finished pauses from the allowance', async () => {
      // Paused a full working day (7 h): due moved a day, allowance still 56 h; yellow moves by the pause.
      const result = await timers.lightFor(start, sh('2025-06-19T17:30:00'), start, 'working_days', 7 * 3600_000);
      expect(result.yellowAt).toEqual(sh('2025-06-17T14:42:00'));
    });
  });
});
