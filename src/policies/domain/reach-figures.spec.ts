import { reachFigures } from './reach-figures';

describe('reachFigures', () => {
  it('keeps 不适用 out of both denominators and keeps the working', () => {
    const figures = reachFigures({ eligible: 10, notApplicable: 2, informed: 6, applied: 4, benefited: 3, secondsToInformSum: 6 * 86_400 * 1.5, timedInformed: 6 });
    expect(figures.awarenessRate).toEqual({ numerator: 6, denominator: 8, value: 0.75 });
    expect(figures.benefitRate).toEqual({ numerator: 3, denominator: 8, value: 0.375 });
    expect(figures.meanDaysToInform).toBe(1.5);
  });

  it('has no rate when nobody is entitled and no mean when nobody was informed', () => {
    const figures = reachFigures({ eligible: 1, notApplicable: 1, informed: 0, applied: 0, benefited: 0, secondsToInformSum: 0, timedInformed: 0 });
    expect(figures.awarenessRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(figures.meanDaysToInform).toBeNull();
  });

  it('rounds the mean to two decimals', () => {
    expect(reachFigures({ eligible: 3, notApplicable: 0, informed: 3, applied: 0, benefited: 0, secondsToInformSum: 86_400, timedInformed: 3 }).meanDaysToInform).toBe(0.33);
  });
});
