import { EMPTY_RULES, validateRules } from './policy-rules';
import { compileEach, compileRules, firmsInRegions, notMatching, regionPrefixes } from './rules-sql';

const errorsOf = (input: unknown, region = '510000') => {
  const result = validateRules(input, region);
  return result.ok ? [] : result.errors;
};

describe('validateRules', () => {
  it('accepts the empty rule set (the whole policy region)', () => {
    expect(validateRules({}, '510000')).toEqual({ ok: true, rules: EMPTY_RULES });
  });

  it('normalises: vocabulary order, sorted regions and parks, trimmed park names, null bounds', () => {
    const result = validateRules(
      {
        regionCodes: ['510700', '510100'],
        industries: ['digital_economy', 'electronic_information'],
        tagsAll: ['whitelist', 'specialized'],
        parks: [' 成都高新区 ', '绵阳科技城'],
        facts: [{ fact: 'revenue', min: 100 }, { fact: 'employees', max: 300 }],
      },
      '510000',
    );
    expect(result).toEqual({
      ok: true,
      rules: {
        ...EMPTY_RULES,
        regionCodes: ['510100', '510700'],
        industries: ['electronic_information', 'digital_economy'],
        tagsAll: ['specialized', 'whitelist'],
        parks: ['成都高新区', '绵阳科技城'],
        facts: [
          { fact: 'employees', min: null, max: 300 },
          { fact: 'revenue', min: 100, max: null },
        ],
      },
    });
  });

  it.each([
    [{ regionCodes: ['510700'] }, '510100', 'regionCodes[0]', '510700 lies outside the policy\'s region 510100'],
    [{ regionCodes: ['51010'] }, '510000', 'regionCodes[0]', 'must be a 6-digit division code'],
    [{ regionCodes: ['510100', '510100'] }, '510000', 'regionCodes[1]', '510100 is listed twice'],
    [{ regionCodes: ['510104', '510100'] }, '510000', 'regionCodes[0]', '510104 already lies within 510100'],
    [{ regionCodes: ['510105'] }, '510104', 'regionCodes[0]', "510105 lies outside the policy's region 510104"],
    [{ industries: ['steel'] }, '510000', 'industries[0]', expect.stringContaining('must be one of')],
    [{ scales: ['above', 'above'] }, '510000', 'scales[1]', 'above is listed twice'],
    [{ tagsAny: ['whitelist', 'nurture'], tagsAll: ['whitelist'] }, '510000', 'tagsAny', 'whitelist also required in tagsAll'],
    [{ parks: ['  '] }, '510000', 'parks[0]', 'must not be empty'],
    [{ parks: ['x'.repeat(101)] }, '510000', 'parks[0]', 'at most 100 characters'],
    [{ parks: ['A园', 'A园'] }, '510000', 'parks[1]', 'A园 is listed twice'],
    [{ facts: [{ fact: 'profit', min: 1 }] }, '510000', 'facts[0].fact', expect.stringContaining('must be one of')],
    [{ facts: [{ fact: 'employees' }] }, '510000', 'facts[0]', 'give min, max or both'],
    [{ facts: [{ fact: 'employees', min: 10, max: 5 }] }, '510000', 'facts[0]', 'min must not exceed max'],
    [{ facts: [{ fact: 'employees', min: -1 }] }, '510000', 'facts[0].min', 'must not be negative'],
    [{ facts: [{ fact: 'output_value', min: 1.234 }] }, '510000', 'facts[0].min', 'at most two decimals'],
    [{ facts: [{ fact: 'employees', min: 1 }, { fact: 'employees', max: 9 }] }, '510000', 'facts[1].fact', 'employees is listed twice'],
    [{ facts: [{ fact: 'employees', min: 1, op: 'gt' }] }, '510000', 'facts[0]', 'unknown keys op'],
    [{ colour: ['red'] }, '510000', 'colour', 'is not a rule'],
    [{ industries: 'other' }, '510000', 'industries', 'must be a list'],
  ])('refuses %j in %s: %s', (input, region, field, message) => {
    expect(errorsOf(input, region)).toContainEqual({ field, message });
  });

  it('refuses a list longer than 50 entries and a non-object', () => {
    expect(errorsOf({ parks: Array.from({ length: 51 }, (_, i) => `园区${i}`) })).toContainEqual({ field: 'parks', message: 'at most 50 entries' });
    expect(errorsOf([])).toEqual([{ field: 'rules', message: 'must be an object' }]);
    expect(errorsOf(null)).toEqual([{ field: 'rules', message: 'must be an object' }]);
  });

  it('accepts a county subtree inside a city policy and a city code that is the policy region', () => {
    expect(errorsOf({ regionCodes: ['510104'] }, '510100')).toEqual([]);
    expect(errorsOf({ regionCodes: ['510100'] }, '510100')).toEqual([]);
  });
});

describe('compileRules', () => {
  it('always requires an active firm in the policy region subtree when no regions are listed', () => {
    expect(compileRules(EMPTY_RULES, '510000')).toEqual({ sql: "e.active = 1 AND (e.region_code LIKE ?)", params: ['51%'] });
    expect(compileRules(EMPTY_RULES, '510100').params).toEqual(['5101%']);
    expect(compileRules(EMPTY_RULES, '510104').params).toEqual(['510104%']);
  });

  it('ORs inside a list, ANDs across criteria, and keeps every value a parameter', () => {
    const condition = compileRules(
      {
        ...EMPTY_RULES,
        regionCodes: ['510100', '510700'],
        industries: ['electronic_information'],
        scales: ['above'],
        tagsAny: ['whitelist', 'nurture'],
        tagsAll: ['specialized'],
        parks: ["园区'; DROP TABLE x; --"],
        facts: [{ fact: 'employees', min: 50, max: null }],
      },
      '510000',
      'f',
    );
    expect(condition.sql).toBe(
      'f.active = 1 AND (f.region_code LIKE ? OR f.region_code LIKE ?) AND f.industry IN (?) AND f.scale IN (?)' +
        ' AND (FIND_IN_SET(?, f.tags) > 0 OR FIND_IN_SET(?, f.tags) > 0) AND FIND_IN_SET(?, f.tags) > 0 AND f.park IN (?)' +
        ' AND EXISTS (SELECT 1 FROM firm_facts ff WHERE ff.enterprise_id = f.id AND ff.fact = ? AND ff.value >= ?)',
    );
    expect(condition.params).toEqual(['5101%', '5107%', 'electronic_information', 'above', 'whitelist', 'nurture', 'specialized', "园区'; DROP TABLE x; --", 'employees', 50]);
  });

  it('writes both fact bounds when both are given', () => {
    const condition = compileRules({ ...EMPTY_RULES, facts: [{ fact: 'revenue', min: 10, max: 20 }] }, '510000');
    expect(condition.sql).toContain('ff.fact = ? AND ff.value >= ? AND ff.value <= ?');
    expect(condition.params.slice(-3)).toEqual(['revenue', 10, 20]);
  });

  it('negates NULL-safely and combines several policies into one condition', () => {
    expect(notMatching({ sql: 'e.park IN (?)', params: ['A'] })).toEqual({ sql: 'COALESCE((e.park IN (?)), 0) = 0', params: ['A'] });
    const each = compileEach(
      [
        { id: 7, condition: { sql: 'a', params: [1] } },
        { id: 9, condition: { sql: 'b', params: [2] } },
      ],
      'p.id',
    );
    expect(each).toEqual({ sql: '(p.id = ? AND a) OR (p.id = ? AND b)', params: [7, 1, 9, 2] });
    expect(compileEach([], 'p.id')).toEqual({ sql: '1=0', params: [] });
  });
});

describe('region prefixes and candidate firms', () => {
  it('uses the listed subtrees, or the policy region', () => {
    expect(regionPrefixes({ regionCodes: [] }, '510000')).toEqual(['51']);
    expect(regionPrefixes({ regionCodes: ['510100', '510703'] }, '510000')).toEqual(['5101', '510703']);
  });

  it('keeps only the firms inside the prefixes (a city firm inside its city, a county only itself)', () => {
    const firms = new Map([
      [1, '510104'],
      [2, '510100'],
      [3, '510703'],
      [4, '510704'],
    ]);
    expect(firmsInRegions(firms, ['5101'])).toEqual([1, 2]);
    expect(firmsInRegions(firms, ['510703'])).toEqual([3]);
    expect(firmsInRegions(firms, ['51'])).toEqual([1, 2, 3, 4]);
    expect(firmsInRegions(firms, ['5119'])).toEqual([]);
  });
});
