/**
 * Words as FULLTEXT terms. InnoDB indexes only terms of innodb_ft_min_token_size characters (3 by
 * default, on MySQL 8 and MariaDB alike) and treats its stop-word list (English) as absent, so a
 * two-character Chinese word (停电) would never be found. Each word is written as the hex of its
 * UTF-8 bytes instead: 停电 → e5819ce794b5, always at least 2 hex digits a byte and only [0-9a-f],
 * which the built-in parser keeps whole. Words longer than 40 bytes are cut (the parser's
 * maximum term is 84 characters).
 */
export function searchTermOf(word: string): string {
  return Buffer.from(word, 'utf8').subarray(0, 40).toString('hex');
}

/** The column text: the distinct terms, space-joined, in first-seen order (stable for a text). */
export function searchTextOf(tokens: readonly string[]): string {
  return [...new Set(tokens.map(searchTermOf))].join(' ');
}
