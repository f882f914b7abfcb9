import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { AppError } from '../errors/app-error';
import { DATABASE_BUSY_RETRY_AFTER_SECONDS } from '../errors/all-exceptions.filter';
import { ErrorCode } from '../errors/error-code';
import { isDuplicateKey, isLockContention, isTrueDeadlock } from './mysql-errors';


/** The domain errors a refused write means, per MySQL error (the callers say what it means for them). */
export interface WriteTranslation {
  /** A unique index refused the write: the conflict it means (e.g. "the username is taken"). */
  duplicate?: () => AppError;
  /**
   * Lock contention that outlasted the retries (a deadlock victim, a lock wait timeout). Without
   * it the change answers DATABASE_BUSY (503, Retry-After): nothing was changed, retry shortly.
   */
  busy?: () => AppError;
}

export interface TransactionOptions extends WriteTranslation {
  isolation?: IsolationLevel;
  /**
   * How often a deadlock victim is run again (InnoDB rolled the whole transaction back, so the
   * work re-runs from the start on fresh reads). Default 2; 0 for work with effects outside the
   * database. Lock wait timeouts are not retried: they already waited innodb_lock_wait_timeout.
   */
  deadlockRetries?: number;
}

const DEFAULT_DEADLOCK_RETRIES = 2;

/** The one DATABASE_BUSY error, in the domain vocabulary (the filter answers it 503 with Retry-After). */
export function databaseBusyError(): AppError {
  return new AppError(
    ErrorCode.DatabaseBusy,
    'Another change is holding the same records; nothing was changed, retry shortly',
    undefined,
    undefined,
    { 'retry-after': String(DATABASE_BUSY_RETRY_AFTER_SECONDS) },
  );
}

/** Turns a MySQL refusal into the domain error the caller named; anything else passes unchanged. */
export function translateWriteError(error: unknown, translation: WriteTranslation): unknown {
  if (error instanceof AppError) return error;
  if (translation.duplicate && isDuplicateKey(error)) return translation.duplicate();
  if (isLockContention(error)) return translation.busy ? translation.busy() : databaseBusyError();
  return error;
}

/** A write outside a transaction (one INSERT), with its MySQL refusals translated. */
export async function translatingWrites<T>(work: () => Promise<T>, translation: WriteTranslation): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw translateWriteError(error, translation);
  }
}

/**
 * The one transaction helper: runs `work` in a transaction, runs it again when InnoDB chose it as
 * a deadlock victim, and translates what MySQL refused (duplicate key, lock contention) into the
 * domain errors (`AppError`). Repositories take the EntityManager it hands to `work`.
 */
export async function runTransaction<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retries = options.deadlockRetries ?? DEFAULT_DEADLOCK_RETRIES;
  for (let attempt = 0; ; attempt++) {
    try {
      return options.isolation ? await db.transaction(options.isolation, work) : await db.transaction(work);
    } catch (error) {
      if (attempt < retries && isTrueDeadlock(error)) {
        await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(Math.random() * 40) * (attempt + 1)));
        continue;
      }
      throw translateWriteError(error, options);
    }
  }
}

/** The unit of work services open their transactions with (see runTransaction). */
@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return runTransaction(this.db, work, options);
  }

  /** The connection pool's manager, for reads outside a transaction. */
  get manager(): EntityManager {
    return this.db.manager;
  }
}

/** Provides UnitOfWork to every module (the DataSource is global too). */
@Global()
@Module({ providers: [UnitOfWork], exports: [UnitOfWork] })
export class UnitOfWorkModule {}
