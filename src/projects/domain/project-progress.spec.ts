import { progressScore, rankByProgress, rate } from './project-progress';

describe('project progress figures', () => {
  it('keeps numerator and denominator, and has no rate when nothing is counted', () => {
    expect(rate(1, 3)).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
    expect(rate(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('scores advanced share and investment completion, capped at the plan', () => {
    expect(progressScore({ projects: 4, advanced: 2, investedWan: 50, plannedWan: 100 })).toBe(50);
    expect(progressScore({ projects: 1, advanced: 1, investedWan: 300, plannedWan: 100 })).toBe(100);
    expect(progressScore({ projects: 3, advanced: 0, investedWan: 0, plannedWan: 0 })).toBe(0);
    expect(progressScore({ projects: 0, advanced: 0, investedWan: 0, plannedWan: 0 })).toBeNull();
  });

  it('ranks by score, ties share a rank, regions without projects come last unranked', () => {
    const ranked = rankByProgress([
      { code: '510300', projects: 0, advanced: 0, investedWan: 0, plannedWan: 0 },
      { code: '510100', projects: 2, advanced: 1, investedWan: 0, plannedWan: 10 },
      { code: '510700', projects: 4, advanced: 2, investedWan: 0, plannedWan: 10 },
      { code: '510400', projects: 1, advanced: 1, investedWan: 10, plannedWan: 10 },
    ]);
    expect(ranked.map((r) => [r.item.code, r.rank, r.score])).toEqual([
      ['510400', 1, 100],
      ['510100', 2, 30],
      ['510700', 2, 30],
      ['510300', null, null],
    ]);
  });
});
