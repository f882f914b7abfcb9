import { INDUSTRIES, INDUSTRY_LABELS, parseIndustry, parseScale, parseTags, TAG_LABELS, TAGS } from './enterprise-vocabulary';

describe('enterprise vocabulary', () => {
  it.each(INDUSTRIES)('reads the industry %s from its key and from its Chinese label', (industry) => {
    expect(parseIndustry(industry)).toBe(industry);
    expect(parseIndustry(INDUSTRY_LABELS[industry])).toBe(industry);
  });

  it('accepts common variants and full-width spacing', () => {
    expect(parseIndustry('新材料')).toBe('advanced_materials');
    expect(parseIndustry(' 其它 ')).toBe('other');
    expect(parseIndustry('ELECTRONIC_INFORMATION')).toBe('electronic_information');
    expect(parseIndustry('\u3000食品饮料\u3000')).toBe('food_beverage');
  });

  it('refuses an unknown industry', () => {
    expect(parseIndustry('纺织')).toBeNull();
    expect(parseIndustry('')).toBeNull();
  });

  it('reads the scale', () => {
    expect(parseScale('规上')).toBe('above');
    expect(parseScale('规模以下')).toBe('below');
    expect(parseScale('above')).toBe('above');
    expect(parseScale('大型')).toBeNull();
  });

  it('splits a tag cell on the usual separators and keeps a fixed order', () => {
    expect(parseTags('白名单、专精特新')).toEqual({ tags: ['specialized', 'whitelist'], unknown: [] });
    expect(parseTags('小升规, large_group；whitelist')).toEqual({ tags: ['large_group', 'whitelist', 'nurture'], unknown: [] });
    expect(parseTags('')).toEqual({ tags: [], unknown: [] });
  });

  it('reports the words it does not know', () => {
    expect(parseTags('专精特新 独角兽')).toEqual({ tags: ['specialized'], unknown: ['独角兽'] });
  });

  it('has a label for every tag', () => {
    expect(TAGS.map((t) => TAG_LABELS[t])).toEqual(['专精特新', '大企业大集团', '白名单', '小升规']);
  });
});
