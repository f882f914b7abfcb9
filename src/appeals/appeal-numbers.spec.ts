import type { DataSource } from 'typeorm';
import { AppealNumbers, NUMBER_BLOCK_SIZE } from './appeal-numbers';

/** A sequence row as MariaDB keeps it: each reservation moves it on by a block and answers the block's last number. */
function fakeSequences(start = 0) {
  const rows = new Map<number, number>();
  const calls: number[] = [];
  const db = {
    query: jest.fn(async (_sql: string, [year, first, step]: [number, number, number]) => {
      calls.push(year);
      await new Promise((resolve) => setTimeout(resolve, 1));
      const last = rows.has(year) ? (rows.get(year) as number) + step : start + first;
      rows.set(year, last);
      return { insertId: last };
    }),
  };
  return { numbers: new AppealNumbers(db as unknown as DataSource), calls, rows };
}

describe('AppealNumbers (block allocation)', () => {
  it('hands out a block from one reservation, then reserves the next', async () => {
    const { numbers, calls } = fakeSequences();
    const drawn: string[] = [];
    for (let i = 0; i < NUMBER_BLOCK_SIZE + 1; i += 1) drawn.push(await numbers.next(2026));
    expect(drawn[0]).toBe('2026-000001');
    expect(drawn[NUMBER_BLOCK_SIZE - 1]).toBe(`2026-${String(NUMBER_BLOCK_SIZE).padStart(6, '0')}`);
    expect(drawn[NUMBER_BLOCK_SIZE]).toBe(`2026-${String(NUMBER_BLOCK_SIZE + 1).padStart(6, '0')}`);
    expect(calls).toEqual([2026, 2026]);
  });

  it('gives concurrent callers unique numbers with one reservation per exhausted block', async () => {
    const { numbers, calls } = fakeSequences();
    const drawn = await Promise.all(Array.from({ length: NUMBER_BLOCK_SIZE * 2 + 5 }, () => numbers.next(2026)));
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(calls.length).toBe(3);
  });

  it('keeps a block per year, and continues after what another process reserved', async () => {
    const { numbers, rows } = fakeSequences();
    expect(await numbers.next(2026)).toBe('2026-000001');
    rows.set(2027, 120); // another process already holds 2027's first numbers
    expect(await numbers.next(2027)).toBe(`2027-${String(121).padStart(6, '0')}`);
    expect(await numbers.next(2026)).toBe('2026-000002');
  });
});
