import { nestsDeeperThan } from './body-depth';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts objects and arrays as levels, scalars as none', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
  });

  it('finds the deep branch beside shallow ones', () => {
    expect(nestsDeeperThan({ a: 1, b: [1, 2], c: { d: nested(10) } }, 8)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: [1, 2], c: { d: nested(5) } }, 8)).toBe(false);
  });

  it('handles a body nested 100,000 deep without overflowing the stack', () => {
    expect(nestsDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 32)).toBe(true);
  });
});
