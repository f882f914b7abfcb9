/**
 * The closed vocabularies of an enterprise record, with the Chinese words government
 * spreadsheets use for them. Imports read either the stored key or any of the listed words.
 */

/** The "5+1" industries of Sichuan's industrial policy, plus everything else. */
export const INDUSTRIES = [
  'electronic_information',
  'equipment_manufacturing',
  'food_beverage',
  'advanced_materials',
  'energy_chemicals',
  'digital_economy',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Above (规上) or below (规下) the designated size for industrial statistics. */
export const SCALES = ['above', 'below'] as const;
export type Scale = (typeof SCALES)[number];

/** 专精特新 specialised SME, 大企业大集团, 白名单 key enterprise, 小升规 nurture candidate. */
export const TAGS = ['specialized', 'large_group', 'whitelist', 'nurture'] as const;
export type Tag = (typeof TAGS)[number];

export const INDUSTRY_LABELS: Record<Industry, string> = {
  electronic_information: '电子信息',
  equipment_manufacturing: '装备制造',
  food_beverage: '食品饮料',
  advanced_materials: '先进材料',
  energy_chemicals: '能源化工',
  digital_economy: '数字经济',
  other: '其他',
};

export const SCALE_LABELS: Record<Scale, string> = { above: '规上', below: '规下' };

export const TAG_LABELS: Record<Tag, string> = {
  specialized: '专精特新',
  large_group: '大企业大集团',
  whitelist: '白名单',
  nurture: '小升规',
};

const INDUSTRY_WORDS: Record<Industry, string[]> = {
  electronic_information: ['电子信息', '电子信息产业'],
  equipment_manufacturing: ['装备制造', '装备制造业', '装备制造产业'],
  food_beverage: ['食品饮料', '食品饮料产业', '饮料食品'],
  advanced_materials: ['先进材料', '先进材料产业', '新材料'],
  energy_chemicals: ['能源化工', '能源化工产业'],
  digital_economy: ['数字经济'],
  other: ['其他', '其它'],
};

const SCALE_WORDS: Record<Scale, string[]> = {
  above: ['规上', '规模以上', '规上企业', '规上工业企业'],
  below: ['规下', '规模以下', '规下企业', '规下工业企业'],
};

const TAG_WORDS: Record<Tag, string[]> = {
  specialized: ['专精特新', '专精特新企业', '专精特新中小企业'],
  large_group: ['大企业大集团', '大企业', '大集团'],
  whitelist: ['白名单', '白名单企业', '重点企业'],
  nurture: ['小升规', '小升规培育', '小升规企业'],
};

function lookup<K extends string>(words: Record<K, string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const key of Object.keys(words) as K[]) {
    map.set(key.toLowerCase(), key);
    for (const word of words[key]) map.set(word, key);
  }
  return map;
}

const INDUSTRY_LOOKUP = lookup(INDUSTRY_WORDS);
const SCALE_LOOKUP = lookup(SCALE_WORDS);
const TAG_LOOKUP = lookup(TAG_WORDS);

function clean(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/** The industry a word names (电子信息, electronic_information, …), or null. */
export function parseIndustry(text: string): Industry | null {
  return INDUSTRY_LOOKUP.get(clean(text)) ?? null;
}

export function parseScale(text: string): Scale | null {
  return SCALE_LOOKUP.get(clean(text)) ?? null;
}

/** Tags are listed in one cell, separated by 、 , ; / or spaces, in either language. */
export function parseTags(text: string): { tags: Tag[]; unknown: string[] } {
  const tags = new Set<Tag>();
  const unknown: string[] = [];
  for (const word of text
    .normalize('NFKC')
    .split(/[、,;/|\s]+/)
    .map((w) => w.trim())
    .filter(Boolean)) {
    const tag = TAG_LOOKUP.get(word.toLowerCase());
    if (tag) tags.add(tag);
    else unknown.push(word);
  }
  // Stored in declaration order so two imports of the same cell compare equal.
  return { tags: TAGS.filter((t) => tags.has(t)), unknown };
}
