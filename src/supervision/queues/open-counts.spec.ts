import { addOpenCounts, countsAreFresh, emptyOpenCounts } from './queues.repository';

describe('pre-counted open cases', () => {
  const at = new Date('2026-11-20T02:00:00Z');
  const after = (ms: number) => new Date(at.getTime() + ms);

  it('are fresh up to the maximum age, and not when taken in the future', () => {
    expect(countsAreFresh(at, at, 120_000)).toBe(true);
    expect(countsAreFresh(at, after(120_000), 120_000)).toBe(true);
    expect(countsAreFresh(at, after(120_001), 120_000)).toBe(false);
    expect(countsAreFresh(at, after(-1), 120_000)).toBe(false);
  });

  it("add up a subtree's regions, orders included", () => {
    const total = emptyOpenCounts();
    addOpenCounts(total, { open: 3, overdue: 1, dueSoon: 1, unaccepted: 1, awaitingVerification: 0 });
    addOpenCounts(total, { open: 2, awaitingVerification: 2 });
    addOpenCounts(total, { ordersAwaitingReply: 4 });
    expect(total).toEqual({ open: 5, overdue: 1, dueSoon: 1, unaccepted: 1, awaitingVerification: 2, ordersAwaitingReply: 4 });
  });
});
