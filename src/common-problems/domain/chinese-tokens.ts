import { normaliseText } from './text-normaliser';

/** ICU's dictionary-based word break for Chinese, built into Node (full-icu): no package, no model. */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Words that carry no problem of their own in an appeal (who asks, how politely, filler verbs).
 * Kept short on purpose: a longer list starts removing words that tell problems apart.
 */
const STOP_WORDS = new Set([
  '的', '了', '和', '与', '及', '或', '是', '在', '有', '我', '我们', '我司', '司', '公司', '企业', '本', '该', '对', '给', '把', '被',
  '也', '都', '就', '还', '又', '很', '请', '希望', '能否', '能够', '可以', '帮助', '协调', '解决', '问题', '情况', '目前', '一直',
  '没有', '未', '不', '一个', '这个', '那个', '进行', '相关', '关于', 'due', 'the', 'a', 'of', 'and',
]);

/**
 * The words of a text, normalised and segmented, without stop words and punctuation, in order
 * (repeats kept: the cosine counts them). The same tokens feed the similarity signature and the
 * full-text column, so a search and a duplicate check see the text alike.
 */
export function tokensOf(text: string): string[] {
  const tokens: string[] = [];
  for (const part of segmenter.segment(normaliseText(text))) {
    if (!part.isWordLike) continue;
    if (STOP_WORDS.has(part.segment)) continue;
    tokens.push(part.segment);
  }
  return tokens;
}

/**
 * Shingles for the signature: the set of words. Pairs of neighbouring words were tried and
 * dropped: a reworded appeal keeps its words but rarely their order, and ICU cuts some words
 * into single characters differently from text to text (批复 / 批|复), so pairs lost the same
 * problem told twice. Different problems sharing words are told apart by the re-score instead.
 */
export function shinglesOf(tokens: readonly string[]): Set<string> {
  return new Set<string>(tokens);
}
