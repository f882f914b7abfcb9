import { checkVisitBudget, clashesWith, groupUnit, type MergeCandidate, mergeRefusal, officerUnit, overlappingVisits, type PlannedVisit, weekOf } from './visit-planning';

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

describe('clashes and merging', () => {
  const candidate = (id: string, unitId: string, plannedOn: string, over: Partial<MergeCandidate> = {}): MergeCandidate => ({
    id,
    enterpriseId: 'e1',
    unitId,
    plannedOn,
    active: true,
    ...over,
  });

  it('names the visits a given one clashes with', () => {
    const visits = [visit('1', 'u1', '2026-12-07'), visit('2', 'u2', '2026-12-13'), visit('3', 'u3', '2026-12-14'), visit('4', 'u1', '2026-12-08')];
    expect(clashesWith('2', visits)).toEqual(['1', '4']);
    expect(clashesWith('1', visits)).toEqual(['2']);
    expect(clashesWith('3', visits)).toEqual([]);
  });

  it('merges only two active plans of one firm in one week by different units, on a day not past', () => {
    const a = candidate('1', 'u1', '2026-12-07');
    expect(mergeRefusal(a, candidate('2', 'u2', '2026-12-13'), '2026-12-09', '2026-12-07')).toBeNull();
    expect(mergeRefusal(a, a, '2026-12-09', '2026-12-07')).toMatch(/itself/);
    expect(mergeRefusal(a, candidate('2', 'u2', '2026-12-14'), '2026-12-09', '2026-12-07')).toMatch(/same week/);
    expect(mergeRefusal(a, candidate('2', 'u1', '2026-12-08'), '2026-12-09', '2026-12-07')).toMatch(/same unit/);
    expect(mergeRefusal(a, candidate('2', 'u2', '2026-12-08', { enterpriseId: 'e2' }), '2026-12-09', '2026-12-07')).toMatch(/same firm/);
    expect(mergeRefusal(a, candidate('2', 'u2', '2026-12-08', { active: false }), '2026-12-09', '2026-12-07')).toMatch(/planned visits/);
    expect(mergeRefusal(a, candidate('2', 'u2', '2026-12-08'), '2026-12-06', '2026-12-07')).toMatch(/^The joint visit/);
  });

  it('judges an officer by their liaison office, and a group as itself', () => {
    expect(officerUnit({ regionCode: '511621', regionName: '岳池县' })).toEqual({ key: 'office:511621', name: '岳池县联络专员' });
    expect(groupUnit({ id: 3, name: '包联广安市工作组' })).toEqual({ key: 'group:3', name: '包联广安市工作组' });
  });
});
