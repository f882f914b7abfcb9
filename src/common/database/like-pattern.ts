/**
 * LIKE patterns from user text: `%`, `_` and the escape character itself match literally, so a
 * search for "%" finds the titles that contain a percent sign instead of every row. Backslash is
 * the default LIKE escape on MySQL and MariaDB alike.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Matches the text anywhere. */
export function likeContaining(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** Matches values that start with the text (an index range scan). */
export function likeStartingWith(text: string): string {
  return `${escapeLike(text)}%`;
}
