import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import { runTransaction, translatingWrites } from './unit-of-work';

const mysqlError = (code: string) => Object.assign(new Error(code), { code });

/** A DataSource whose transaction runs the work on a dummy manager, failing the first `failures` runs with `error`. */
function fakeDb(failures: number, error: Error) {
  let runs = 0;
  const db = {
    transaction: async (...args: unknown[]) => {
      const work = args[args.length - 1] as (m: EntityManager) => Promise<unknown>;
      runs += 1;
      if (runs <= failures) throw error;
      return work({} as EntityManager);
    },
  } as unknown as DataSource;
  return { db, runs: () => runs };
}

describe('runTransaction', () => {
  it('runs a deadlock victim again (twice by default) and returns what the work returns', async () => {
    const { db, runs } = fakeDb(2, mysqlError('ER_LOCK_DEADLOCK'));
    await expect(runTransaction(db, async () => 'done')).resolves.toBe('done');
    expect(runs()).toBe(3);
  });

  it('answers DATABASE_BUSY (503, Retry-After) once the retries are spent', async () => {
    const { db, runs } = fakeDb(5, mysqlError('ER_LOCK_DEADLOCK'));
    const error = await runTransaction(db, async () => 'done').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.DatabaseBusy);
    expect((error as AppError).headers).toEqual({ 'retry-after': '2' });
    expect(runs()).toBe(3);
  });

  it('does not retry a lock wait timeout (it already waited) nor when retries are off', async () => {
    const timeout = fakeDb(1, mysqlError('ER_LOCK_WAIT_TIMEOUT'));
    await expect(runTransaction(timeout.db, async () => 'done')).rejects.toMatchObject({ code: ErrorCode.DatabaseBusy });
    expect(timeout.runs()).toBe(1);
    const noRetry = fakeDb(1, mysqlError('ER_LOCK_DEADLOCK'));
    await expect(runTransaction(noRetry.db, async () => 'done', { deadlockRetries: 0 })).rejects.toMatchObject({ code: ErrorCode.DatabaseBusy });
    expect(noRetry.runs()).toBe(1);
  });

  it("translates a duplicate key and lock contention into the caller's domain errors", async () => {
    const duplicate = () => AppError.conflict('taken');
    await expect(runTransaction(fakeDb(1, mysqlError('ER_DUP_ENTRY')).db, async () => 1, { duplicate })).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: 'taken',
    });
    const busy = () => AppError.conflict('concurrent');
    await expect(runTransaction(fakeDb(1, mysqlError('ER_LOCK_WAIT_TIMEOUT')).db, async () => 1, { busy })).rejects.toMatchObject({
      message: 'concurrent',
    });
  });

  it('passes domain errors and untranslated MySQL errors through unchanged', async () => {
    const notFound = AppError.notFound('Appeal', 1);
    await expect(runTransaction(fakeDb(1, notFound).db, async () => 1, { duplicate: () => AppError.conflict('x') })).rejects.toBe(notFound);
    const dup = mysqlError('ER_DUP_ENTRY');
    await expect(runTransaction(fakeDb(1, dup).db, async () => 1)).rejects.toBe(dup);
  });
});

describe('translatingWrites', () => {
  it('translates a refused single write, and returns the result otherwise', async () => {
    await expect(translatingWrites(async () => 7, {})).resolves.toBe(7);
    await expect(
      translatingWrites(
        async () => {
          throw Object.assign(new Error('dup'), { driverError: { code: 'ER_DUP_ENTRY' } });
        },
        { duplicate: () => AppError.conflict('The username u is taken') },
      ),
    ).rejects.toMatchObject({ code: ErrorCode.Conflict, message: 'The username u is taken' });
  });
});
