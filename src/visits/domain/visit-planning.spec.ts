import { checkVisitBudget, overlappingVisits, type PlannedVisit, weekOf } from './visit-planning';

const visit = (id: string, unitId: string, plannedOn: string, enterpriseId = 'e1'): PlannedVisit => ({ id, enterpriseId, unitId, plannedOn });

describe('visits planned in the same week', () => {
  it('weeks run Monday to Sunday', () => {
    expect(weekOf('2026-12-07')).toBe('2026-12-07');
    expect(weekOf('2026-12-13')).toBe('2026-12-07');
    expect(weekOf('2026-12-14')).toBe('2026-12-14');
  });

  it('flags two units visiting one firm in one week, not the next week, another firm or the same unit twice', () => {
    const visits = [
      visit('3', 'u2', '2026-12-13'),
      visit('1', 'u1', '2026-12-07'),
      visit('4', 'u1', '2026-12-14'),
      visit('5', 'u3', '2026-12-08', 'e2'),
      visit('2', 'u1', '2026-12-09'),
    ];
    expect(overlappingVisits(visits)).toEqual([
      ['1', '3'],
      ['2', '3'],
    ]);
    expect(overlappingVisits([...visits].reverse())).toEqual(overlappingVisits(visits));
  });

  it('orders numeric ids by value', () => {
    expect(overlappingVisits([visit('10', 'u1', '2026-12-07'), visit('9', 'u2', '2026-12-08')])).toEqual([['9', '10']]);
  });
});

describe('the monthly visit budget', () => {
  it('warns only once the new visit goes past the budget', () => {
    expect(checkVisitBudget('2026-12-07', 1, 2)).toEqual({ month: '2026-12', planned: 2, budget: 2, exceeded: false });
    expect(checkVisitBudget('2026-12-07', 2, 2)).toEqual({ month: '2026-12', planned: 3, budget: 2, exceeded: true });
  });

  it('refuses a budget that is not a whole number of visits', () => {
    expect(() => checkVisitBudget('2026-12-07', 0, 0)).toThrow(RangeError);
    expect(() => checkVisitBudget('2026-12-07', 0, 1.5)).toThrow(RangeError);
  });
});
