import { dayNumberOf, daysInMonth, isoDateOf, parseIsoDate, startOfDayUtc, toDayNumber, weekdayOf } from './local-date';

describe('local dates in Asia/Shanghai', () => {
  it('reads an instant as the date on a Shanghai wall calendar', () => {
    expect(isoDateOf(toDayNumber(new Date('2026-02-28T15:59:59.999Z')))).toBe('2026-02-28');
    expect(isoDateOf(toDayNumber(new Date('2026-02-28T16:00:00.000Z')))).toBe('2026-03-01');
    // Before the epoch too: floor, not truncation towards zero.
    expect(isoDateOf(toDayNumber(new Date('1969-12-31T15:00:00.000Z')))).toBe('1969-12-31');
  });

  it('puts local midnight 8 hours before UTC midnight', () => {
    expect(startOfDayUtc(dayNumberOf(2026, 3, 1)).toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });

  it('accepts only real dates in YYYY-MM-DD form', () => {
    expect(parseIsoDate('2024-02-29')).toBe(dayNumberOf(2024, 2, 29));
    expect(parseIsoDate('2026-02-29')).toBeNull();
    expect(parseIsoDate('2026-04-31')).toBeNull();
    expect(parseIsoDate('2026-1-01')).toBeNull();
    expect(parseIsoDate('2026-01-01T00:00')).toBeNull();
    // Date.UTC would read year 50 as 1950.
    expect(parseIsoDate('0050-01-01')).toBeNull();
    expect(() => toDayNumber('2026-13-01')).toThrow(RangeError);
  });

  it('knows month lengths and ISO weekdays', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2026, 2), daysInMonth(2100, 2), daysInMonth(2026, 12)]).toEqual([29, 28, 28, 31]);
    expect(weekdayOf(dayNumberOf(2026, 1, 1))).toBe(3); // Thursday
    expect(weekdayOf(dayNumberOf(2025, 12, 29))).toBe(0); // Monday
    expect(weekdayOf(dayNumberOf(1969, 12, 28))).toBe(6); // Sunday, before day 0
  });
});
