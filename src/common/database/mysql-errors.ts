/** mysql2 errors carry the server's error code; these are the ones the services translate. */
function codeOf(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

export const isDuplicateKey = (error: unknown) => codeOf(error) === 'ER_DUP_ENTRY';
export const isForeignKeyViolation = (error: unknown) =>
  codeOf(error) === 'ER_NO_REFERENCED_ROW_2' || codeOf(error) === 'ER_ROW_IS_REFERENCED_2';
export const isCheckViolation = (error: unknown) =>
  codeOf(error) === 'ER_CHECK_CONSTRAINT_VIOLATED' || codeOf(error) === 'ER_CONSTRAINT_FAILED';
/**
 * Lock contention: a deadlock victim, or a statement that waited longer than innodb_lock_wait_timeout
 * for rows another transaction holds. The request itself was fine; retrying later succeeds.
 */
export const isLockContention = (error: unknown) => codeOf(error) === 'ER_LOCK_DEADLOCK' || codeOf(error) === 'ER_LOCK_WAIT_TIMEOUT';
/** InnoDB chose this transaction as a deadlock victim and rolled all of it back: safe to run again. */
export const isTrueDeadlock = (error: unknown) => codeOf(error) === 'ER_LOCK_DEADLOCK';

/**
 * The database cannot be reached or dropped us: refused or lost connections, the server shutting
 * down or out of connections, a pool already closed. The request was fine and may succeed a
 * moment later, so it is answered 503 DATABASE_UNAVAILABLE with Retry-After, never a bare 500.
 */
const UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_ENQUEUE_HANDSHAKE_TWICE',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_NET_READ_ERROR',
  'ER_NET_ERROR_ON_WRITE',
  'ER_LOCK_WAIT_TIMEOUT_FROM_POOL',
]);
/** mysql2 and TypeORM say some of these only in words. */
const UNAVAILABLE_MESSAGES = /connection is in closed state|pool is closed|connection lost|not connected|Connection terminated|queue limit reached/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return true;
  const e = error as { message?: unknown; driverError?: { message?: unknown }; name?: unknown };
  const messages = [e?.message, e?.driverError?.message].filter((m): m is string => typeof m === 'string');
  return e?.name !== 'AppError' && messages.some((m) => UNAVAILABLE_MESSAGES.test(m));
}
