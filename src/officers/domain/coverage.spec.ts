import { breakdownKey, coverageFigures } from './coverage';

describe('coverageFigures', () => {
  it('derives the firms without an officer and the rates', () => {
    expect(coverageFigures({ firms: 8, firmsWithOfficer: 6, firmsVisited: 3 })).toEqual({
      firms: 8,
      firmsWithOfficer: 6,
      firmsVisited: 3,
      firmsWithoutOfficer: 2,
      coverageRate: 0.75,
      visitRate: 0.375,
    });
  });

  it('rounds to four decimals', () => {
    expect(coverageFigures({ firms: 3, firmsWithOfficer: 2, firmsVisited: 1 })).toMatchObject({ coverageRate: 0.6667, visitRate: 0.3333 });
  });

  it('gives no rate, not NaN, for a region without firms', () => {
    expect(coverageFigures({ firms: 0, firmsWithOfficer: 0, firmsVisited: 0 })).toMatchObject({ coverageRate: null, visitRate: null });
  });
});

describe('breakdownKey', () => {
  it('groups a province by city and a city by county', () => {
    expect(breakdownKey('province', '510104')).toBe('510100');
    expect(breakdownKey('province', '510100')).toBe('510100');
    expect(breakdownKey('city', '510104')).toBe('510104');
    expect(breakdownKey('city', '510100')).toBe('510100');
    expect(breakdownKey('county', '510104')).toBe('510104');
  });
});
