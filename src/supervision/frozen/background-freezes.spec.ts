import { BackgroundFreezes } from './background-freezes';
import { deferred } from '../../common/testing/deferred';

describe('BackgroundFreezes', () => {
  it('runs one piece of work per key at a time, joining repeats', async () => {
    const freezes = new BackgroundFreezes(() => undefined, 2);
    const gate = deferred();
    let calls = 0;
    const work = () => {
      calls += 1;
      return gate.promise;
    };
    expect(freezes.start('510000/2026-03', work)).toBe(true);
    expect(freezes.start('510000/2026-03', work)).toBe(false);
    expect(freezes.has('510000/2026-03')).toBe(true);
    gate.resolve();
    await freezes.settled();
    expect(calls).toBe(1);
    expect(freezes.has('510000/2026-03')).toBe(false);
    // Once done, the key may run again (the work itself checks whether the report exists by then).
    expect(freezes.start('510000/2026-03', work)).toBe(true);
    await freezes.settled();
    expect(calls).toBe(2);
  });

  it('runs at most `concurrency` at once, in the order asked', async () => {
    const freezes = new BackgroundFreezes(() => undefined, 1);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    gates.forEach((gate, i) =>
      freezes.start(String(i), () => {
        started.push(i);
        return gate.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0]);
    gates[0].resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    gates[1].resolve();
    gates[2].resolve();
    await freezes.settled();
    expect(started).toEqual([0, 1, 2]);
    expect(freezes.size).toBe(0);
  });

  it('reports failures, synchronous or not, without rejecting, and goes on with the rest', async () => {
    const errors: Array<[string, unknown]> = [];
    const freezes = new BackgroundFreezes((key, error) => errors.push([key, error]), 1);
    freezes.start('a', () => Promise.reject(new Error('deadlock')));
    freezes.start('b', () => {
      throw new Error('bad month');
    });
    let ran = false;
    freezes.start('c', async () => {
      ran = true;
    });
    await freezes.settled();
    expect(errors.map(([key, error]) => [key, (error as Error).message])).toEqual([
      ['a', 'deadlock'],
      ['b', 'bad month'],
    ]);
    expect(ran).toBe(true);
  });

  it('waits for work queued while settling, and starts nothing once closed', async () => {
    const freezes = new BackgroundFreezes(() => undefined, 1);
    let second = false;
    freezes.start('first', async () => {
      freezes.start('second', async () => {
        second = true;
      });
    });
    await freezes.settled();
    expect(second).toBe(true);
    await freezes.close();
    expect(freezes.start('late', async () => undefined)).toBe(false);
  });
});
