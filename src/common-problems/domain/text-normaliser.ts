import { Converter } from 'opencc-js';

/**
 * Traditional (Taiwan, Hong Kong and OpenCC's general table) to Simplified, from opencc-js: its
 * dictionaries ship inside the package (nothing is downloaded), and phrase-level tables get
 * 批覆 → 批复, 後 → 后 right where a character table alone would not.
 */
const toSimplified = Converter({ from: 't', to: 'cn' });

/**
 * The one form every appeal text is compared and indexed in: NFKC folds full-width digits,
 * letters and punctuation to half width (１２３ → 123, ＡＢＣ → ABC, （ → ( ), Traditional becomes
 * Simplified, Latin letters lower case, and runs of white space one space.
 */
export function normaliseText(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
}
