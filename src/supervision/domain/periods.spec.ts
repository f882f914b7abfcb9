import {
  CalendarPeriodKind,
  customPeriod,
  isEnded,
  isPeriodKind,
  nextPeriod,
  parsePeriodKey,
  Period,
  periodContaining,
  periodsBetween,
  previousPeriod,
} from './periods';

/** Period as plain data, so expectations read as the literals a report would show. */
function plain(period: Period) {
  return { ...period, startsAt: period.startsAt.toISOString(), endsAt: period.endsAt.toISOString() };
}

const CALENDAR_KINDS: CalendarPeriodKind[] = ['week', 'xun', 'month', 'quarter', 'year'];

describe('periodContaining — 旬', () => {
  it('ends the last 旬 of February on the 29th in a leap year', () => {
    expect(plain(periodContaining('xun', '2024-02-25'))).toEqual({
      kind: 'xun',
      key: '2024-02-X3',
      label: '2024年2月下旬',
      fromDate: '2024-02-21',
      toDate: '2024-02-29',
      startsAt: '2024-02-20T16:00:00.000Z',
      endsAt: '2024-02-29T16:00:00.000Z',
    });
  });

  it('ends the last 旬 of February on the 28th in a common year', () => {
    expect(plain(periodContaining('xun', '2026-02-28'))).toEqual({
      kind: 'xun',
      key: '2026-02-X3',
      label: '2026年2月下旬',
      fromDate: '2026-02-21',
      toDate: '2026-02-28',
      startsAt: '2026-02-20T16:00:00.000Z',
      endsAt: '2026-02-28T16:00:00.000Z',
    });
  });

  it.each([
    ['2026-01-01', '2026-01-X1', '2026年1月上旬', '2026-01-01', '2026-01-10'],
    ['2026-01-10', '2026-01-X1', '2026年1月上旬', '2026-01-01', '2026-01-10'],
    ['2026-01-11', '2026-01-X2', '2026年1月中旬', '2026-01-11', '2026-01-20'],
    ['2026-01-20', '2026-01-X2', '2026年1月中旬', '2026-01-11', '2026-01-20'],
    ['2026-01-21', '2026-01-X3', '2026年1月下旬', '2026-01-21', '2026-01-31'],
    ['2026-04-30', '2026-04-X3', '2026年4月下旬', '2026-04-21', '2026-04-30'],
  ])('puts %s in %s', (date, key, label, fromDate, toDate) => {
    expect(periodContaining('xun', date)).toMatchObject({ key, label, fromDate, toDate });
  });

  it('goes back from the first 旬 of January to the last 旬 of the previous December', () => {
    const first = periodContaining('xun', '2026-01-05');
    expect(plain(previousPeriod(first))).toEqual({
      kind: 'xun',
      key: '2025-12-X3',
      label: '2025年12月下旬',
      fromDate: '2025-12-21',
      toDate: '2025-12-31',
      startsAt: '2025-12-20T16:00:00.000Z',
      endsAt: '2025-12-31T16:00:00.000Z',
    });
    expect(nextPeriod(previousPeriod(first)).key).toBe('2026-01-X1');
  });
});

describe('periodContaining — week', () => {
  it('treats 2025-12-29..2026-01-04 as ISO week 2026-W01 from any day inside it', () => {
    for (const date of ['2025-12-29', '2025-12-31', '2026-01-01', '2026-01-04']) {
      expect(plain(periodContaining('week', date))).toEqual({
        kind: 'week',
        key: '2026-W01',
        label: '2026年第1周（2025年12月29日—1月4日）',
        fromDate: '2025-12-29',
        toDate: '2026-01-04',
        startsAt: '2025-12-28T16:00:00.000Z',
        endsAt: '2026-01-04T16:00:00.000Z',
      });
    }
    expect(periodContaining('week', '2025-12-28').key).toBe('2025-W52');
    expect(previousPeriod(periodContaining('week', '2026-01-01')).key).toBe('2025-W52');
  });

  it('runs Monday to Sunday across a month boundary', () => {
    expect(periodContaining('week', '2026-03-01')).toMatchObject({
      key: '2026-W09',
      label: '2026年第9周（2月23日—3月1日）',
      fromDate: '2026-02-23',
      toDate: '2026-03-01',
    });
  });

  it('numbers late-year weeks as ISO 8601 does', () => {
    expect(periodContaining('week', '2026-11-18')).toMatchObject({ key: '2026-W47', fromDate: '2026-11-16', toDate: '2026-11-22' });
    // 2026 starts on a Thursday, so it has a 53rd week reaching into 2027.
    expect(periodContaining('week', '2027-01-03')).toMatchObject({
      key: '2026-W53',
      label: '2026年第53周（12月28日—2027年1月3日）',
      fromDate: '2026-12-28',
      toDate: '2027-01-03',
    });
  });
});

describe('periodContaining — month, quarter, year', () => {
  it('bounds months by local midnight (+08:00)', () => {
    expect(plain(periodContaining('month', '2026-02-14'))).toEqual({
      kind: 'month',
      key: '2026-02',
      label: '2026年2月',
      fromDate: '2026-02-01',
      toDate: '2026-02-28',
      startsAt: '2026-01-31T16:00:00.000Z',
      endsAt: '2026-02-28T16:00:00.000Z',
    });
  });

  it('reads an instant as the Shanghai date it falls on', () => {
    // 2026-03-01 00:00 in Shanghai is 2026-02-28T16:00Z.
    expect(periodContaining('month', new Date('2026-02-28T15:59:59.999Z')).key).toBe('2026-02');
    expect(periodContaining('month', new Date('2026-02-28T16:00:00.000Z')).key).toBe('2026-03');
    expect(periodContaining('xun', new Date('2026-02-28T16:00:00.000Z')).key).toBe('2026-03-X1');
  });

  it.each([
    ['2026-01-01', '2026-Q1', '2026年第一季度', '2026-01-01', '2026-03-31', '2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ['2026-03-31', '2026-Q1', '2026年第一季度', '2026-01-01', '2026-03-31', '2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ['2026-04-01', '2026-Q2', '2026年第二季度', '2026-04-01', '2026-06-30', '2026-03-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z'],
    ['2026-09-30', '2026-Q3', '2026年第三季度', '2026-07-01', '2026-09-30', '2026-06-30T16:00:00.000Z', '2026-09-30T16:00:00.000Z'],
    ['2026-10-01', '2026-Q4', '2026年第四季度', '2026-10-01', '2026-12-31', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
  ])('puts %s in %s', (date, key, label, fromDate, toDate, startsAt, endsAt) => {
    expect(plain(periodContaining('quarter', date))).toEqual({ kind: 'quarter', key, label, fromDate, toDate, startsAt, endsAt });
  });

  it('steps quarters and years across the year boundary', () => {
    expect(nextPeriod(periodContaining('quarter', '2026-12-31')).key).toBe('2027-Q1');
    expect(previousPeriod(periodContaining('quarter', '2026-01-01')).key).toBe('2025-Q4');
    expect(plain(periodContaining('year', '2026-06-01'))).toEqual({
      kind: 'year',
      key: '2026',
      label: '2026年',
      fromDate: '2026-01-01',
      toDate: '2026-12-31',
      startsAt: '2025-12-31T16:00:00.000Z',
      endsAt: '2026-12-31T16:00:00.000Z',
    });
    expect(previousPeriod(periodContaining('year', '2026-06-01')).key).toBe('2025');
  });

  it('refuses dates that do not exist', () => {
    expect(() => periodContaining('month', '2026-02-29')).toThrow(RangeError);
    expect(() => periodContaining('month', '2026-2-1')).toThrow(RangeError);
    expect(() => periodContaining('month', new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('customPeriod', () => {
  const range = customPeriod('2026-01-05', '2026-01-20');

  it('covers whole local days, both ends inclusive', () => {
    expect(plain(range)).toEqual({
      kind: 'custom',
      key: '2026-01-05..2026-01-20',
      label: '2026年1月5日至2026年1月20日',
      fromDate: '2026-01-05',
      toDate: '2026-01-20',
      startsAt: '2026-01-04T16:00:00.000Z',
      endsAt: '2026-01-20T16:00:00.000Z',
    });
  });

  it('compares with the same number of days just before and just after', () => {
    expect(previousPeriod(range).key).toBe('2025-12-20..2026-01-04');
    expect(nextPeriod(range).key).toBe('2026-01-21..2026-02-05');
  });

  it('allows a single day and refuses a range that runs backwards', () => {
    expect(customPeriod('2026-01-05', '2026-01-05').endsAt.toISOString()).toBe('2026-01-05T16:00:00.000Z');
    expect(() => customPeriod('2026-01-06', '2026-01-05')).toThrow(RangeError);
  });
});

describe('parsePeriodKey', () => {
  it.each(['2026-W47', '2026-W53', '2026-02-X3', '2024-02-X3', '2026-02', '2026-Q1', '2026', '2026-01-05..2026-01-20'])(
    'round-trips %s',
    (key) => {
      expect(parsePeriodKey(key)?.key).toBe(key);
    },
  );

  it('gives the same period as periodContaining', () => {
    expect(parsePeriodKey('2026-W01')).toEqual(periodContaining('week', '2026-01-01'));
    expect(parsePeriodKey('2024-02-X3')).toEqual(periodContaining('xun', '2024-02-29'));
  });

  it.each([
    '',
    'abc',
    '26',
    '0999',
    '2026-2',
    '2026-00',
    '2026-13',
    '2026-Q0',
    '2026-Q5',
    '2026-02-X0',
    '2026-02-X4',
    '2026-W00',
    '2025-W53',
    '2026-W54',
    '2026-02-30..2026-03-01',
    '2026-03-01..2026-02-01',
    '2026-01-05/2026-01-20',
  ])('rejects %j', (key) => {
    expect(parsePeriodKey(key)).toBeNull();
  });

  it('round-trips every period of every kind over three years', () => {
    for (const kind of CALENDAR_KINDS) {
      for (const period of periodsBetween(kind, '2024-01-01', '2026-12-31')) {
        expect(parsePeriodKey(period.key)).toEqual(period);
      }
    }
  });
});

describe('periodsBetween', () => {
  it('lists the 旬 of a trend chart, including the partial ones at both ends', () => {
    expect(periodsBetween('xun', '2026-01-25', '2026-03-05').map((p) => p.key)).toEqual([
      '2026-01-X3',
      '2026-02-X1',
      '2026-02-X2',
      '2026-02-X3',
      '2026-03-X1',
    ]);
  });

  it('tiles time without gaps or overlaps for every kind', () => {
    for (const kind of CALENDAR_KINDS) {
      const series = periodsBetween(kind, '2023-06-15', '2027-03-10');
      for (let i = 1; i < series.length; i += 1) {
        expect(series[i].startsAt).toEqual(series[i - 1].endsAt);
      }
    }
    expect(periodsBetween('xun', '2024-01-01', '2024-12-31')).toHaveLength(36);
    expect(periodsBetween('week', '2026-01-01', '2026-12-31')).toHaveLength(53);
  });

  it('gives one period when both dates fall in it', () => {
    expect(periodsBetween('month', '2026-02-03', '2026-02-27').map((p) => p.key)).toEqual(['2026-02']);
  });

  it('refuses a range that runs backwards or a runaway series', () => {
    expect(() => periodsBetween('month', '2026-03-01', '2026-02-01')).toThrow(RangeError);
    expect(() => periodsBetween('week', '2000-01-01', '2030-01-01')).toThrow(/more than 1000/);
  });
});

describe('isEnded', () => {
  it('is true from local midnight after the last day', () => {
    const february = periodContaining('month', '2026-02-10');
    expect(isEnded(february, new Date('2026-02-28T15:59:59.999Z'))).toBe(false);
    expect(isEnded(february, new Date('2026-02-28T16:00:00.000Z'))).toBe(true);
  });
});

describe('isPeriodKind', () => {
  it('accepts the six kinds only', () => {
    expect(['week', 'xun', 'month', 'quarter', 'year', 'custom'].every(isPeriodKind)).toBe(true);
    expect(isPeriodKind('day')).toBe(false);
    expect(isPeriodKind(undefined)).toBe(false);
  });
});
