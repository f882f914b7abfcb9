import { getDayDetail } from 'chinese-days';
import { addDays, DayKind, isWeekend } from '../domain';
import { chineseDaysDefinitionFrom, createChineseDaysCalendar, loadChineseDaysDefinition } from './chinese-days-source';

function range(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

describe('chinese-days source', () => {
  const definition = loadChineseDaysDefinition();
  const calendar = createChineseDaysCalendar();
  const kind = (date: string): DayKind => calendar.describeDay(date).kind;
  const working = (date: string): boolean => calendar.isWorkingDay(date);

  it('covers whole years 2004 through 2026, as chinese-days 1.5.x ships them', () => {
    expect(definition.firstDay).toBe('2004-01-01');
    expect(definition.lastDay).toBe('2026-12-31');
  });

  it('puts every make-up working day on a Saturday or Sunday', () => {
    const workdays = definition.overrides.filter((o) => o.kind === 'workday');
    expect(workdays.length).toBeGreaterThan(100);
    expect(workdays.filter((o) => !isWeekend(o.date))).toEqual([]);
  });

  it('names days in Chinese', () => {
    expect(calendar.describeDay('2025-01-29')).toEqual({
      date: '2025-01-29',
      working: false,
      kind: 'holiday',
      name: '春节',
    });
    expect(calendar.describeDay('2025-01-26').name).toBe('春节调休上班');
  });

  it('agrees with the package itself on every covered day', () => {
    const disagreements = range(definition.firstDay, definition.lastDay).filter((date) => getDayDetail(date).work !== working(date));
    expect(disagreements).toEqual([]);
  });

  describe('2025 (国办发明电〔2024〕12号)', () => {
    it('Spring Festival: off 01-28..02-04, make-up Sun 01-26 and Sat 02-08', () => {
      for (const day of range('2025-01-28', '2025-02-04')) expect(kind(day)).toBe('holiday');
      expect(kind('2025-01-26')).toBe('makeup_workday');
      expect(kind('2025-02-08')).toBe('makeup_workday');
      expect(kind('2025-01-25')).toBe('weekend');
      expect(kind('2025-01-27')).toBe('workday');
      expect(kind('2025-02-05')).toBe('workday');
      expect(kind('2025-02-09')).toBe('weekend');
    });

    it('National Day and Mid-Autumn: off 10-01..10-08, make-up Sun 09-28 and Sat 10-11', () => {
      for (const day of range('2025-10-01', '2025-10-08')) expect(working(day)).toBe(false);
      expect(kind('2025-09-28')).toBe('makeup_workday');
      expect(kind('2025-10-11')).toBe('makeup_workday');
      expect(kind('2025-10-09')).toBe('workday');
      expect(kind('2025-10-12')).toBe('weekend');
    });

    it('Labour Day: off 05-01..05-05, make-up Sun 04-27', () => {
      for (const day of range('2025-05-01', '2025-05-05')) expect(working(day)).toBe(false);
      expect(kind('2025-04-27')).toBe('makeup_workday');
    });
  });

  describe('2026 (State Council notice of 2025-11-04)', () => {
    it("New Year's Day: off 01-01..01-03, make-up Sun 01-04", () => {
      for (const day of range('2026-01-01', '2026-01-03')) expect(working(day)).toBe(false);
      expect(kind('2026-01-04')).toBe('makeup_workday');
    });

    it('Spring Festival: off 02-15..02-23, make-up Sat 02-14 and Sat 02-28', () => {
      for (const day of range('2026-02-15', '2026-02-23')) expect(kind(day)).toBe('holiday');
      expect(kind('2026-02-14')).toBe('makeup_workday');
      expect(kind('2026-02-28')).toBe('makeup_workday');
      expect(kind('2026-02-24')).toBe('workday');
      expect(kind('2026-02-22')).toBe('holiday');
    });

    it('National Day: off 10-01..10-07, make-up Sun 09-20 and Sat 10-10', () => {
      for (const day of range('2026-10-01', '2026-10-07')) expect(kind(day)).toBe('holiday');
      expect(kind('2026-09-20')).toBe('makeup_workday');
      expect(kind('2026-10-10')).toBe('makeup_workday');
      expect(kind('2026-10-08')).toBe('workday');
      expect(kind('2026-10-11')).toBe('weekend');
    });

    it('Mid-Autumn stands alone on 09-25..09-27', () => {
      for (const day of range('2026-09-25', '2026-09-27')) expect(kind(day)).toBe('holiday');
      expect(kind('2026-09-28')).toBe('workday');
    });
  });

  it('refuses a year the package does not have', () => {
    expect(() => calendar.isWorkingDay('2027-01-04')).toThrow(/2027 holiday schedule/);
  });

  describe('parsing the package tables', () => {
    it('refuses a gap year inside the range', () => {
      expect(() =>
        chineseDaysDefinitionFrom({
          holidays: { '2020-01-01': "New Year's Day,元旦,1", '2022-01-01': "New Year's Day,元旦,1" },
          workdays: {},
        }),
      ).toThrow(/no holiday data for 2021/);
    });

    it('refuses empty data', () => {
      expect(() => chineseDaysDefinitionFrom({ holidays: {}, workdays: {} })).toThrow(/no holiday data/);
    });

    it('falls back to the English name when no Chinese one is given', () => {
      const parsed = chineseDaysDefinitionFrom({
        holidays: { '2030-01-01': "New Year's Day" },
        workdays: { '2030-01-05': 'Founding Day,建国日,9' },
      });
      expect(parsed).toEqual({
        firstDay: '2030-01-01',
        lastDay: '2030-12-31',
        overrides: [
          { date: '2030-01-01', kind: 'holiday', name: "New Year's Day" },
          { date: '2030-01-05', kind: 'workday', name: '建国日调休上班' },
        ],
      });
    });
  });
});
