import { blackList, RankableGroup, rankGroups, redList } from './group-ranking';

const group = (key: string, score: number | null): RankableGroup<{ note: string }> => ({
  key,
  name: `name of ${key}`,
  score,
  metrics: { note: key },
});

const CURRENT = [group('510600', 80), group('510100', 90), group('510700', 85), group('510300', null), group('510400', 85)];
const PREVIOUS = [group('510400', 95), group('510600', 90), group('510100', 80), group('511000', 70), group('510700', null)];

const summary = (rows: ReturnType<typeof rankGroups>) => rows.map((row) => [row.key, row.rank, row.previousRank, row.change]);

describe('rankGroups', () => {
  it('ranks best first, ties sharing a rank and the next rank skipping (1, 2, 2, 4)', () => {
    expect(rankGroups(CURRENT).map((row) => [row.key, row.score, row.rank])).toEqual([
      ['510100', 90, 1],
      ['510400', 85, 2],
      ['510700', 85, 2],
      ['510600', 80, 4],
      ['510300', null, null],
    ]);
  });

  it('reports places gained since the previous period, positive meaning up', () => {
    expect(summary(rankGroups(CURRENT, PREVIOUS))).toEqual([
      ['510100', 1, 3, 2],
      ['510400', 2, 1, -1],
      ['510700', 2, null, null], // unscored last time
      ['510600', 4, 2, -2],
      ['510300', null, null, null], // absent last time and unscored now
    ]);
  });

  it('carries names and metrics through untouched', () => {
    expect(rankGroups(CURRENT)[0]).toMatchObject({ name: 'name of 510100', metrics: { note: '510100' } });
  });

  it('gives no change at all without a previous ranking', () => {
    expect(rankGroups(CURRENT).every((row) => row.previousRank === null && row.change === null)).toBe(true);
  });

  it('refuses a group listed twice or a score that is not a number', () => {
    expect(() => rankGroups([group('510100', 1), group('510100', 2)])).toThrow(/appears twice/);
    expect(() => rankGroups([group('510100', Number.NaN)])).toThrow(RangeError);
  });
});

describe('redList and blackList', () => {
  const rows = rankGroups(CURRENT, PREVIOUS);
  const keys = (list: ReturnType<typeof redList>) => list.map((row) => row.key);

  it('takes the top n, best first, with ties at the cut-off included', () => {
    expect(keys(redList(rows, 1))).toEqual(['510100']);
    expect(keys(redList(rows, 2))).toEqual(['510100', '510400', '510700']);
    expect(keys(redList(rows, 3))).toEqual(['510100', '510400', '510700']);
  });

  it('takes the bottom n, worst first, with ties at the cut-off included', () => {
    expect(keys(blackList(rows, 1))).toEqual(['510600']);
    expect(keys(blackList(rows, 2))).toEqual(['510600', '510400', '510700']);
  });

  it('leaves out groups without a score', () => {
    expect(keys(redList(rows, 10))).toEqual(['510100', '510400', '510700', '510600']);
    expect(keys(blackList(rows, 10))).toEqual(['510600', '510400', '510700', '510100']);
  });

  it('is empty for n = 0 or nothing ranked', () => {
    expect(redList(rows, 0)).toEqual([]);
    expect(blackList(rankGroups([group('510100', null)]), 3)).toEqual([]);
  });
});
