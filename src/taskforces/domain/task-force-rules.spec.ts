import { activeMemberIds, canOwnTaskForce, coversAppeal, joiningDepartments, mayBeMember, memberProblems, refuseForAppeal } from './task-force-rules';

const dept = (id: string, regionCode: string, active = true) => ({ id, regionCode, active, name: `d${id}` });

describe('task force rules (专班)', () => {
  it('is owned by the province or a city, never a county', () => {
    expect(canOwnTaskForce('510000')).toBe(true);
    expect(canOwnTaskForce('511500')).toBe(true);
    expect(canOwnTaskForce('511524')).toBe(false);
  });

  it('takes members on the owning region’s chain or inside it, not of a sibling region', () => {
    // The province's task force: any department of the province.
    expect(mayBeMember('510000', '510000')).toBe(true);
    expect(mayBeMember('510000', '511500')).toBe(true);
    expect(mayBeMember('510000', '511524')).toBe(true);
    expect(mayBeMember('510000', '520000')).toBe(false);
    // A city's 专班: the province above, the city, its counties; not another city or its counties.
    expect(mayBeMember('511500', '510000')).toBe(true);
    expect(mayBeMember('511500', '511500')).toBe(true);
    expect(mayBeMember('511500', '511526')).toBe(true);
    expect(mayBeMember('511500', '510100')).toBe(false);
    expect(mayBeMember('511500', '510184')).toBe(false);
  });

  it('covers the appeals of its owning region and below only', () => {
    expect(coversAppeal('510000', '511524')).toBe(true);
    expect(coversAppeal('511500', '511524')).toBe(true);
    expect(coversAppeal('511500', '511500')).toBe(true);
    expect(coversAppeal('511500', '510184')).toBe(false);
    expect(coversAppeal('511500', '510000')).toBe(false);
  });

  it('refuses an inactive or non-covering task force with a reason', () => {
    expect(refuseForAppeal({ name: '产业链专班', regionCode: '510000', active: true }, '511525')).toBeNull();
    expect(refuseForAppeal({ name: '宜宾专班', regionCode: '511500', active: true }, '510184')).toMatchObject({ problem: 'not_covering' });
    expect(refuseForAppeal({ name: '宜宾专班', regionCode: '511500', active: false }, '511525')).toMatchObject({ problem: 'inactive' });
  });

  it('brings its active members except the lead and those already co-handling, in id order', () => {
    const members = activeMemberIds([dept('12', '510000'), dept('3', '510000'), dept('7', '511500'), dept('9', '510000', false), dept('5', '511524')]);
    expect(members).toEqual(['12', '3', '7', '5']);
    expect(joiningDepartments(members, '7', [])).toEqual(['3', '5', '12']);
    expect(joiningDepartments(members, '5', ['3'])).toEqual(['7', '12']);
    expect(joiningDepartments(members, null, ['3', '5', '7', '12'])).toEqual([]);
    expect(joiningDepartments(['4', '4', '2'], null, [])).toEqual(['2', '4']);
  });

  it('names every department that may not sit in the task force', () => {
    const problems = memberProblems('511500', [dept('1', '510000'), dept('2', '510100'), dept('3', '511526', false), dept('4', '511525')]);
    expect(problems).toEqual([expect.stringContaining('Department d2 (region 510100)'), 'Department d3 is inactive and cannot be a member']);
  });
});
