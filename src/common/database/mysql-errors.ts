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
export const isDeadlock = (error: unknown) => codeOf(error) === 'ER_LOCK_DEADLOCK' || codeOf(error) === 'ER_LOCK_WAIT_TIMEOUT';
