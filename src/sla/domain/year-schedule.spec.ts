import { expandYearSchedule } from './year-schedule';

// An invented schedule for tests (not a State Council notice).
const valid = {
  year: 2027,
  holidays: [
    { name: '元旦', firstDay: '2027-01-01', lastDay: '2027-01-03', makeupDays: [] },
    { name: '春节', firstDay: '2027-02-06', lastDay: '2027-02-14', makeupDays: ['2027-01-31', '2027-02-20'] },
  ],
};

describe('expandYearSchedule', () => {
  it('turns the notice into days off and make-up working days', () => {
    const { problems, expanded } = expandYearSchedule(valid);
    expect(problems).toEqual([]);
    expect(expanded?.days.filter((d) => d.kind === 'holiday')).toHaveLength(12);
    expect(expanded?.days.filter((d) => d.kind === 'workday')).toEqual([
      { date: '2027-01-31', kind: 'workday', name: '春节调休上班' },
      { date: '2027-02-20', kind: 'workday', name: '春节调休上班' },
    ]);
    // Fri 1 Jan, and Mon 8 – Fri 12 Feb: six weekdays off.
    expect(expanded?.weekdaysOff).toBe(6);
    expect(expanded?.makeupDays).toBe(2);
  });

  it('reports every problem with its field: outside the year, overlapping, a make-up weekday, a make-up day inside a holiday', () => {
    const { problems, expanded } = expandYearSchedule({
      year: 2027,
      holidays: [
        { name: '元旦', firstDay: '2026-12-31', lastDay: '2027-01-03', makeupDays: ['2027-01-04'] },
        { name: '春节', firstDay: '2027-02-06', lastDay: '2027-02-14', makeupDays: ['2027-02-13'] },
        { name: '补假', firstDay: '2027-02-10', lastDay: '2027-02-11', makeupDays: [] },
        { name: '错日', firstDay: '2027-02-30', lastDay: '2027-03-01', makeupDays: [] },
        { name: '倒序', firstDay: '2027-05-05', lastDay: '2027-05-01', makeupDays: [] },
      ],
    });
    expect(expanded).toBeNull();
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'holidays[0].firstDay', message: '元旦：2026-12-31 不在 2027 年内' },
        { field: 'holidays[0].makeupDays[0]', message: '元旦：调休上班日 2027-01-04 不是周六或周日' },
        { field: 'holidays[1].makeupDays[0]', message: '调休上班日 2027-02-13 落在春节放假期间' },
        { field: 'holidays[2].firstDay', message: '补假（2027-02-10 起）与春节（至 2027-02-14）放假日期重叠' },
        { field: 'holidays[3].firstDay', message: '错日：2027-02-30 不是有效日期（YYYY-MM-DD）' },
        { field: 'holidays[4].lastDay', message: '倒序：放假结束日 2027-05-01 早于开始日 2027-05-05' },
      ]),
    );
  });

  it('needs at least one holiday and no make-up day twice', () => {
    expect(expandYearSchedule({ year: 2027, holidays: [] }).problems).toEqual([{ field: 'holidays', message: '至少录入一个节假日' }]);
    const twice = expandYearSchedule({
      year: 2027,
      holidays: [
        { name: 'A', firstDay: '2027-03-01', lastDay: '2027-03-01', makeupDays: ['2027-03-06'] },
        { name: 'B', firstDay: '2027-03-08', lastDay: '2027-03-08', makeupDays: ['2027-03-06'] },
      ],
    });
    expect(twice.problems).toEqual([{ field: 'holidays[1].makeupDays[0]', message: '调休上班日 2027-03-06 重复（A）' }]);
  });
});
