import { coverageHealth, dueWarning } from './coverage-status';

describe('coverageHealth', () => {
  it.each([
    ['2026-10-01', 91, 'ok'],
    ['2026-11-01', 60, 'warning'],
    ['2026-12-01', 30, 'warning'],
    ['2026-12-16', 15, 'warning'],
    ['2026-12-17', 14, 'critical'],
    ['2026-12-31', 0, 'critical'],
    ['2027-01-04', -4, 'critical'],
  ] as const)('on %s: %i days left, %s', (today, daysRemaining, status) => {
    expect(coverageHealth('2026-12-31', today, 60)).toEqual({ daysRemaining, status });
  });

  it('follows a configured horizon', () => {
    expect(coverageHealth('2026-12-31', '2026-10-01', 120).status).toBe('warning');
    expect(coverageHealth('2026-12-31', '2026-12-05', 10).status).toBe('ok');
    expect(coverageHealth('2026-12-31', '2026-12-22', 10).status).toBe('critical');
  });
});

describe('dueWarning', () => {
  it('sends each threshold once as the days run down', () => {
    const sent: number[] = [];
    const fired: number[] = [];
    for (let days = 70; days >= -3; days -= 1) {
      const due = dueWarning(days, 60, sent);
      if (!due) continue;
      fired.push(due.send);
      sent.push(...due.markSent);
    }
    expect(fired).toEqual([60, 30, 14, 7, 1]);
  });

  it('sends only the smallest threshold reached when several are reached at once, and marks the others sent', () => {
    expect(dueWarning(10, 60, [])).toEqual({ send: 14, markSent: [60, 30, 14] });
    expect(dueWarning(10, 60, [60, 30, 14])).toBeNull();
  });

  it('ignores thresholds beyond the horizon', () => {
    expect(dueWarning(40, 30, [])).toBeNull();
    expect(dueWarning(30, 30, [])).toEqual({ send: 30, markSent: [30] });
  });
});
