import { AppError } from '../../common/errors/app-error';
import { countingEnd, periodView, resolvePeriod } from './period-query';

const now = new Date('2026-03-15T04:00:00Z');

describe('resolvePeriod', () => {
  it('defaults to the current month', () => {
    expect(resolvePeriod({}, now).key).toBe('2026-03');
  });

  it('reads a key of the given kind', () => {
    expect(resolvePeriod({ period: 'xun', key: '2026-02-X3' }, now)).toMatchObject({ fromDate: '2026-02-21', toDate: '2026-02-28' });
  });

  it('refuses a key of another kind or a half custom range with a 400 naming the field', () => {
    expect(() => resolvePeriod({ period: 'month', key: '2026-W10' }, now)).toThrow(AppError);
    expect(() => resolvePeriod({ from: '2026-03-01' }, now)).toThrow(/both from and to/);
    expect(() => resolvePeriod({ from: '2026-03-05', to: '2026-03-01' }, now)).toThrow(AppError);
  });

  it('builds a custom range from two dates', () => {
    expect(resolvePeriod({ from: '2026-03-01', to: '2026-03-07' }, now).key).toBe('2026-03-01..2026-03-07');
  });
});

describe('countingEnd', () => {
  it('stops at now inside a running period and at the end of an ended one', () => {
    const march = resolvePeriod({ key: '2026-03' }, now);
    expect(countingEnd(march, now)).toEqual(now);
    expect(periodView(march, now)).toMatchObject({ complete: false, asOf: now.toISOString() });
    const february = resolvePeriod({ key: '2026-02' }, now);
    expect(countingEnd(february, now).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    const april = resolvePeriod({ key: '2026-04' }, now);
    expect(countingEnd(april, now)).toEqual(april.startsAt);
  });
});
