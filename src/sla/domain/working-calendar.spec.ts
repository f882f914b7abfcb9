import { CalendarCoverageError, InvalidCalendarError, mergeOverrides, WorkingCalendar } from './working-calendar';

// A made-up fortnight: Wed 2025-10-01 a holiday, Sat 2025-10-11 a make-up day.
function fortnight(): WorkingCalendar {
  return new WorkingCalendar({
    firstDay: '2025-10-01',
    lastDay: '2025-10-14',
    overrides: [
      { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2025-10-04', kind: 'holiday' },
      { date: '2025-10-11', kind: 'workday', name: '国庆节调休上班' },
      { date: '2025-10-13', kind: 'workday' },
    ],
  });
}

describe('WorkingCalendar', () => {
  const calendar = fortnight();

  it.each([
    ['2025-10-01', { date: '2025-10-01', working: false, kind: 'holiday', name: '国庆节' }],
    ['2025-10-02', { date: '2025-10-02', working: true, kind: 'workday' }],
    ['2025-10-04', { date: '2025-10-04', working: false, kind: 'holiday' }],
    ['2025-10-05', { date: '2025-10-05', working: false, kind: 'weekend' }],
    ['2025-10-11', { date: '2025-10-11', working: true, kind: 'makeup_workday', name: '国庆节调休上班' }],
    ['2025-10-13', { date: '2025-10-13', working: true, kind: 'workday' }],
  ])('describes %s', (date, description) => {
    expect(calendar.describeDay(date)).toEqual(description);
    expect(calendar.isWorkingDay(date)).toBe(description.working);
  });

  it('finds the next and previous working days, skipping weekends and holidays', () => {
    expect(calendar.nextWorkingDay('2025-10-03')).toBe('2025-10-06');
    expect(calendar.nextWorkingDay('2025-10-10')).toBe('2025-10-11');
    expect(calendar.previousWorkingDay('2025-10-06')).toBe('2025-10-03');
    expect(calendar.previousWorkingDay('2025-10-13')).toBe('2025-10-11');
  });

  it('counts working days inclusively', () => {
    expect(calendar.countWorkingDays('2025-10-01', '2025-10-14')).toBe(10);
    expect(calendar.countWorkingDays('2025-10-04', '2025-10-05')).toBe(0);
    expect(calendar.countWorkingDays('2025-10-06', '2025-10-03')).toBe(0);
  });

  describe('coverage guard', () => {
    it.each([
      ['describeDay', () => calendar.describeDay('2025-10-15')],
      ['isWorkingDay', () => calendar.isWorkingDay('2025-09-30')],
      ['nextWorkingDay off the end', () => calendar.nextWorkingDay('2025-10-14')],
      ['previousWorkingDay off the start', () => calendar.previousWorkingDay('2025-10-02')],
      ['countWorkingDays', () => calendar.countWorkingDays('2025-10-01', '2025-10-20')],
    ])('%s throws instead of assuming Mon–Fri', (_label, ask) => {
      expect(ask).toThrow(CalendarCoverageError);
    });

    it('says which day, which range and what to do', () => {
      const big = new WorkingCalendar({ firstDay: '2004-01-01', lastDay: '2026-12-31', overrides: [] });
      let caught: unknown;
      try {
        big.isWorkingDay('2027-01-04');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CalendarCoverageError);
      expect(caught).toMatchObject({ date: '2027-01-04', firstDay: '2004-01-01', lastDay: '2026-12-31' });
      expect((caught as Error).message).toBe(
        'The working-day calendar covers 2004-01-01..2026-12-31; 2027-01-04 is outside it. ' +
          'An administrator must add the 2027 holiday schedule.',
      );
    });

    it('explains dates before the first covered day differently', () => {
      expect(() => calendar.describeDay('2025-09-01')).toThrow(/before 2025-10-01 cannot be computed/);
    });

    it('reports coverage without throwing through covers()', () => {
      expect(calendar.covers('2025-10-14')).toBe(true);
      expect(calendar.covers('2025-10-15')).toBe(false);
    });
  });

  it('rejects malformed dates as a programming error, not a coverage gap', () => {
    expect(() => calendar.isWorkingDay('2025-10-32')).toThrow(RangeError);
  });

  describe('construction', () => {
    it('rejects an empty coverage', () => {
      expect(() => new WorkingCalendar({ firstDay: '2025-02-01', lastDay: '2025-01-01', overrides: [] })).toThrow(InvalidCalendarError);
    });

    it('rejects overrides outside the coverage', () => {
      expect(
        () =>
          new WorkingCalendar({
            firstDay: '2025-01-01',
            lastDay: '2025-12-31',
            overrides: [{ date: '2026-01-01', kind: 'holiday' }],
          }),
      ).toThrow(/outside the coverage/);
    });

    it('rejects two overrides for one date', () => {
      expect(
        () =>
          new WorkingCalendar({
            firstDay: '2025-01-01',
            lastDay: '2025-12-31',
            overrides: [
              { date: '2025-05-01', kind: 'holiday' },
              { date: '2025-05-01', kind: 'workday' },
            ],
          }),
      ).toThrow(InvalidCalendarError);
    });

    it('does not share mutable state with its input', () => {
      const overrides = [{ date: '2025-10-02', kind: 'holiday' as const }];
      const copy = new WorkingCalendar({ firstDay: '2025-10-01', lastDay: '2025-10-14', overrides });
      overrides[0].date = '2025-10-03';
      expect(copy.isWorkingDay('2025-10-02')).toBe(false);
      expect(copy.isWorkingDay('2025-10-03')).toBe(true);
      expect(copy.listOverrides()).toEqual([{ date: '2025-10-02', kind: 'holiday' }]);
    });
  });

  it('lets admin corrections replace seeded days', () => {
    const merged = mergeOverrides(
      [
        { date: '2025-10-11', kind: 'workday' },
        { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
      ],
      [{ date: '2025-10-11', kind: 'holiday', name: '更正' }],
    );
    expect(merged).toEqual([
      { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2025-10-11', kind: 'holiday', name: '更正' },
    ]);
  });
});
