import { escapeLike, likeContaining, likeStartingWith } from './like-pattern';

describe('LIKE patterns from user text', () => {
  it('escapes the wildcards and the escape character', () => {
    expect(escapeLike('%')).toBe('\\%');
    expect(escapeLike('_')).toBe('\\_');
    expect(escapeLike('a\\b')).toBe('a\\\\b');
    expect(escapeLike('停电 50%_x')).toBe('停电 50\\%\\_x');
  });

  it('wraps the escaped text', () => {
    expect(likeContaining('%')).toBe('%\\%%');
    expect(likeStartingWith('2026-_')).toBe('2026-\\_%');
  });
});
