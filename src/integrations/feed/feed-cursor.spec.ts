import { FeedCursorCodec } from './feed-cursor';

describe('FeedCursorCodec', () => {
  const codec = new FeedCursorCodec('a-deployment-secret-of-enough-length!!');

  it('round-trips positions', () => {
    for (const position of [0, 1, 42, 1_000_000, Number.MAX_SAFE_INTEGER]) expect(codec.decode(codec.encode(position))).toBe(position);
  });

  it('is opaque: the position is not readable as a number', () => {
    expect(codec.encode(12345)).not.toContain('12345');
  });

  it('refuses edited, truncated, foreign and malformed cursors', () => {
    const cursor = codec.encode(100);
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const edited = Buffer.from(text.replace(/^v1\.[0-9a-z]+/, 'v1.2t')).toString('base64url');
    expect(codec.decode(edited)).toBeNull();
    expect(codec.decode(cursor.slice(0, -2))).toBeNull();
    expect(codec.decode(new FeedCursorCodec('another-deployment-secret-xxxxxxxxxxx').encode(100))).toBeNull();
    for (const bad of ['', '!!!', 'djEuMTAw', 'x'.repeat(300)]) expect(codec.decode(bad)).toBeNull();
  });
});
