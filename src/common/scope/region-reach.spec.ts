import { ancestorCodes, reachPrefixFor, reaches, regionPrefix, subtreePrefix } from './region-reach';

describe('region reach', () => {
  it('derives the prefix from the level', () => {
    expect(regionPrefix('510000', 'province')).toBe('51');
    expect(regionPrefix('510100', 'city')).toBe('5101');
    expect(regionPrefix('510104', 'county')).toBe('510104');
  });

  it('lets a city reach its counties but not another city', () => {
    const chengdu = reachPrefixFor('supervisor', '510100', 'city');
    expect(reaches(chengdu, '510104')).toBe(true);
    expect(reaches(chengdu, '510100')).toBe(true);
    expect(reaches(chengdu, '510703')).toBe(false);
    expect(reaches(chengdu, '510000')).toBe(false);
  });

  it('lets a county reach only itself', () => {
    const jinjiang = reachPrefixFor('officer', '510104', 'county');
    expect(reaches(jinjiang, '510104')).toBe(true);
    expect(reaches(jinjiang, '510105')).toBe(false);
  });

  it('gives admins the whole tree', () => {
    expect(reachPrefixFor('admin', '510000', 'province')).toBe('');
    expect(reaches('', '530100')).toBe(true);
  });

  it('lists the chain up to the province', () => {
    expect(ancestorCodes('510104', 'county')).toEqual(['510104', '510100', '510000']);
    expect(ancestorCodes('510100', 'city')).toEqual(['510100', '510000']);
  });
});

describe('subtreePrefix', () => {
  it('reads the level from the code structure', () => {
    expect(subtreePrefix('510000')).toBe('51');
    expect(subtreePrefix('510700')).toBe('5107');
    expect(subtreePrefix('510110')).toBe('510110');
  });
});
