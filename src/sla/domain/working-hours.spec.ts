import {
  closeOfWorkingDay,
  closingMinute,
  DEFAULT_WORKING_HOURS,
  formatWorkingHours,
  InvalidWorkingHoursError,
  openingOfWorkingDay,
  parseClockTime,
  parseWorkingHours,
  workingIntervalsOn,
  workingMsPerDay,
} from './working-hours';

describe('working hours', () => {
  it('defaults to 09:00–12:00 and 13:30–17:30', () => {
    expect(formatWorkingHours(DEFAULT_WORKING_HOURS)).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:30', end: '17:30' },
    ]);
    expect(closingMinute(DEFAULT_WORKING_HOURS)).toBe(17 * 60 + 30);
    expect(workingMsPerDay(DEFAULT_WORKING_HOURS)).toBe(7 * 3_600_000);
  });

  it.each(['9:00', '24:00', '12:60', 'noon', '', '09:00:00'])('rejects clock time %p', (bad) => {
    expect(() => parseClockTime(bad)).toThrow(InvalidWorkingHoursError);
  });

  it('parses clock times to minutes', () => {
    expect(parseClockTime('00:00')).toBe(0);
    expect(parseClockTime('23:59')).toBe(23 * 60 + 59);
  });

  it.each([
    ['empty', []],
    ['end before start', [{ start: '12:00', end: '09:00' }]],
    ['zero length', [{ start: '09:00', end: '09:00' }]],
    [
      'overlapping',
      [
        { start: '09:00', end: '12:30' },
        { start: '12:00', end: '17:00' },
      ],
    ],
    [
      'out of order',
      [
        { start: '13:30', end: '17:30' },
        { start: '09:00', end: '12:00' },
      ],
    ],
    ['malformed', [{ start: '9am', end: '17:00' }]],
  ])('rejects %s intervals', (_label, settings) => {
    expect(() => parseWorkingHours(settings)).toThrow(InvalidWorkingHoursError);
  });

  it('allows touching intervals', () => {
    const hours = parseWorkingHours([
      { start: '09:00', end: '12:00' },
      { start: '12:00', end: '13:00' },
    ]);
    expect(workingMsPerDay(hours)).toBe(4 * 3_600_000);
  });

  it('places opening and close in Asia/Shanghai', () => {
    expect(openingOfWorkingDay('2025-03-10', DEFAULT_WORKING_HOURS).toISOString()).toBe('2025-03-10T01:00:00.000Z');
    expect(closeOfWorkingDay('2025-03-10', DEFAULT_WORKING_HOURS).toISOString()).toBe('2025-03-10T09:30:00.000Z');
    expect(workingIntervalsOn('2025-03-10', DEFAULT_WORKING_HOURS).map((i) => i.to.toISOString())).toEqual([
      '2025-03-10T04:00:00.000Z',
      '2025-03-10T09:30:00.000Z',
    ]);
  });

  it('freezes the parsed value so shared defaults cannot be mutated', () => {
    expect(Object.isFrozen(DEFAULT_WORKING_HOURS.intervals)).toBe(true);
  });
});
