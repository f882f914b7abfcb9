import { planHandover } from './handover-plan';
import { officerCovers } from './officer-reach';

describe('officerCovers', () => {
  it('lets an officer serve their own region and the regions below it', () => {
    expect(officerCovers('510104', '510104')).toBe(true);
    expect(officerCovers('510100', '510104')).toBe(true);
    expect(officerCovers('510100', '510100')).toBe(true);
    expect(officerCovers('510000', '513401')).toBe(true);
  });

  it('keeps an officer out of sibling and parent regions', () => {
    expect(officerCovers('510104', '510105')).toBe(false);
    expect(officerCovers('510104', '510100')).toBe(false);
    expect(officerCovers('510700', '510104')).toBe(false);
  });
});

describe('planHandover', () => {
  const firms = (...regions: string[]) => regions.map((regionCode, i) => ({ id: i + 1, regionCode }));

  it('deals firms round-robin among successors of the same region', () => {
    const plan = planHandover(firms('510104', '510104', '510104', '510104', '510104'), [
      { id: 10, regionCode: '510104' },
      { id: 11, regionCode: '510104' },
    ]);
    expect(plan.moves.map((m) => m.toOfficerId)).toEqual([10, 11, 10, 11, 10]);
    expect(plan.received).toEqual([
      { officerId: 10, firms: 3 },
      { officerId: 11, firms: 2 },
    ]);
    expect(plan.uncovered).toEqual([]);
  });

  it('gives each firm only to a successor whose region covers it', () => {
    const plan = planHandover(firms('510104', '510105', '510104', '510100'), [
      { id: 20, regionCode: '510104' },
      { id: 21, regionCode: '510100' },
    ]);
    expect(plan.moves).toEqual([
      { enterpriseId: 1, toOfficerId: 20 },
      { enterpriseId: 2, toOfficerId: 21 },
      { enterpriseId: 3, toOfficerId: 20 },
      { enterpriseId: 4, toOfficerId: 21 },
    ]);
  });

  it('reports firms no successor may serve instead of guessing', () => {
    const plan = planHandover(firms('510104', '510703'), [{ id: 30, regionCode: '510104' }]);
    expect(plan.moves).toEqual([{ enterpriseId: 1, toOfficerId: 30 }]);
    expect(plan.uncovered).toEqual([{ id: 2, regionCode: '510703' }]);
  });

  it('handles an officer with no firms', () => {
    expect(planHandover([], [{ id: 1, regionCode: '510100' }])).toEqual({
      moves: [],
      uncovered: [],
      received: [{ officerId: 1, firms: 0 }],
    });
  });
});
