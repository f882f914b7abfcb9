import { yearView, type StoredDayLike } from './calendar-year-view';

const day = (date: string, kind: 'holiday' | 'workday', name?: string, inCoverage = true): StoredDayLike => ({
  date,
  kind,
  name,
  source: 'package',
  inCoverage,
});

describe('calendar year view', () => {
  const view = yearView(2026, [
    day('2026-01-01', 'holiday', '元旦'),
    day('2026-01-04', 'workday', '元旦'),
    day('2026-02-17', 'holiday', '春节'),
    day('2027-01-01', 'holiday', '元旦'), // another year: not in this view
  ]);

  it('lays out twelve months in weeks from Monday, every day once', () => {
    expect(view.months.map((m) => m.title)).toEqual(['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月']);
    for (const m of view.months) for (const w of m.weeks) expect(w).toHaveLength(7);
    const days = view.months.flatMap((m) => m.weeks.flat()).filter((c) => c !== null);
    expect(days).toHaveLength(365);
    // 1 January 2026 is a Thursday: three blanks before it.
    expect(view.months[0].weeks[0].slice(0, 4).map((c) => c?.day ?? null)).toEqual([null, null, null, 1]);
    // February 2026 starts on a Sunday and has 28 days.
    expect(view.months[1].weeks[0].map((c) => c?.day ?? null)).toEqual([null, null, null, null, null, null, 1]);
    expect(view.months[1].weeks.flat().filter(Boolean)).toHaveLength(28);
  });

  it('marks holidays 休, make-up days 班, weekends by kind, in words too', () => {
    const jan = view.months[0].weeks.flat();
    const first = jan.find((c) => c?.day === 1);
    expect(first).toMatchObject({ kind: 'holiday', mark: '休', special: true, words: '1月1日 星期四 元旦 放假' });
    // Sunday 4 January is a make-up working day: stored beats the weekend.
    expect(jan.find((c) => c?.day === 4)).toMatchObject({ kind: 'workday', mark: '班', words: '1月4日 星期日 元旦 调休上班' });
    expect(jan.find((c) => c?.day === 3)).toMatchObject({ kind: 'weekend', mark: '', special: false });
    expect(jan.find((c) => c?.day === 5)).toMatchObject({ kind: 'normal', words: '1月5日 星期一 工作日' });
    expect(view.months[0]).toMatchObject({ holidays: 1, workdays: 1 });
    expect(view).toMatchObject({ holidays: 2, workdays: 1, pending: 0 });
  });

  it('says which entries do not count yet, and handles a leap year', () => {
    const pending = yearView(2028, [day('2028-02-29', 'holiday', '测试', false)]);
    expect(pending.pending).toBe(1);
    const cell = pending.months[1].weeks.flat().find((c) => c?.day === 29);
    expect(cell).toMatchObject({ pending: true, words: '2月29日 星期二 测试 放假 （年度未确认，暂未生效）' });
  });
});
