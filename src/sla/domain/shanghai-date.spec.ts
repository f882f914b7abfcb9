import { addDays, fromEpochDay, isoWeekday, isWeekend, shanghaiDateOf, shanghaiInstant, toEpochDay } from './shanghai-date';

describe('shanghai-date', () => {
  it('round-trips epoch days', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(fromEpochDay(toEpochDay('2025-01-28'))).toBe('2025-01-28');
  });

  it.each(['2025-02-30', '2025-2-03', '2025-13-01', '', '20250101', '2024-02-30'])('rejects %p', (bad) => {
    expect(() => toEpochDay(bad)).toThrow(RangeError);
  });

  it('accepts 29 February in a leap year only', () => {
    expect(() => toEpochDay('2024-02-29')).not.toThrow();
    expect(() => toEpochDay('2025-02-29')).toThrow(RangeError);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it.each([
    ['2025-01-24', 5],
    ['2025-01-25', 6],
    ['2025-01-26', 7],
    ['2025-01-27', 1],
    ['1970-01-01', 4],
    ['1969-12-29', 1],
  ])('%s is ISO weekday %d', (date, weekday) => {
    expect(isoWeekday(date)).toBe(weekday);
  });

  it('knows weekends', () => {
    expect(isWeekend('2025-02-08')).toBe(true);
    expect(isWeekend('2025-02-07')).toBe(false);
  });

  it('takes the calendar date in UTC+08:00, not in UTC or the server zone', () => {
    expect(shanghaiDateOf(new Date('2025-03-12T15:59:59.999Z'))).toBe('2025-03-12');
    expect(shanghaiDateOf(new Date('2025-03-12T16:00:00.000Z'))).toBe('2025-03-13');
    expect(shanghaiDateOf(new Date('2025-03-13T00:30:00+08:00'))).toBe('2025-03-13');
  });

  it('builds instants at a wall-clock minute of a Shanghai date', () => {
    expect(shanghaiInstant('2025-03-10', 17 * 60 + 30).toISOString()).toBe('2025-03-10T09:30:00.000Z');
    expect(shanghaiInstant('2025-03-10', 0).toISOString()).toBe('2025-03-09T16:00:00.000Z');
  });
});
