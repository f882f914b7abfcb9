import { diffJson } from './json-diff';

describe('diffJson', () => {
  it('finds nothing between equal documents', () => {
    expect(diffJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });

  it('names the path of each difference', () => {
    expect(diffJson({ total: { metrics: { openCount: 3 } } }, { total: { metrics: { openCount: 4 } } })).toEqual([
      { path: 'total.metrics.openCount', stored: 3, recomputed: 4 },
    ]);
  });

  it('matches rows by key, so an extra row is one difference', () => {
    const stored = [
      { key: 'a', v: 1 },
      { key: 'b', v: 2 },
    ];
    const recomputed = [
      { key: 'x', v: 0 },
      { key: 'a', v: 1 },
      { key: 'b', v: 3 },
    ];
    expect(diffJson(stored, recomputed)).toEqual([
      { path: '[key=b].v', stored: 2, recomputed: 3 },
      { path: '[key=x]', stored: undefined, recomputed: { key: 'x', v: 0 } },
    ]);
  });

  it('stops at the limit', () => {
    expect(diffJson([1, 2, 3], [4, 5, 6], 2)).toHaveLength(2);
  });
});
