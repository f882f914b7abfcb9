import { Logger } from '@nestjs/common';
import { AppError } from './app-error';
import { DATABASE_BUSY_RETRY_AFTER_SECONDS, logError, toErrorBody } from './all-exceptions.filter';
import { ErrorCode } from './error-code';

/** What mysql2 throws, as TypeORM wraps it in a QueryFailedError (the code sits on driverError). */
function driverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { driverError: { code, message } });
}

describe('toErrorBody', () => {
  it.each([
    ['ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded; try restarting transaction'],
    ['ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock; try restarting transaction'],
  ])('answers lock contention (%s) with 503 DATABASE_BUSY and Retry-After, not a 500', (code, message) => {
    const { body, headers } = toErrorBody(driverError(code, message), { id: 'req-1' });
    expect(body).toMatchObject({ statusCode: 503, code: ErrorCode.DatabaseBusy, requestId: 'req-1' });
    expect(body.errorId).toEqual(expect.any(String));
    expect(headers).toEqual({ 'retry-after': String(DATABASE_BUSY_RETRY_AFTER_SECONDS) });
  });

  it('keeps an unreachable database apart from a busy one', () => {
    const { body } = toErrorBody(driverError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3306'));
    expect(body.code).toBe(ErrorCode.DatabaseUnavailable);
  });

  it('still answers an unknown failure as 500 with an error id', () => {
    const { body, headers } = toErrorBody(driverError('ER_BAD_FIELD_ERROR', "Unknown column 'x'"));
    expect(body).toMatchObject({ statusCode: 500, code: ErrorCode.Internal });
    expect(headers).toBeUndefined();
  });

  it('lets an AppError speak for itself even when its message mentions a lock', () => {
    const { body } = toErrorBody(new AppError(ErrorCode.Conflict, 'Lock wait timeout exceeded in a message only'));
    expect(body).toMatchObject({ statusCode: 409, code: ErrorCode.Conflict });
  });
});

describe('logError', () => {
  it('logs lock contention as one warning line, not as a crash with a stack', () => {
    const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
    const exception = driverError('ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded; try restarting transaction');
    logError(logger, toErrorBody(exception).body, exception);
    expect(logger.warn).toHaveBeenCalledWith(expect.objectContaining({ reason: exception.message }), 'database busy (lock contention)');
    expect(logger.error).not.toHaveBeenCalled();
  });
});
