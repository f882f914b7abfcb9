import { AppError } from '../errors/app-error';

/**
 * The Idempotency-Key header as every submitting route accepts it (appeals, policy questions):
 * absent, or 1–100 visible ASCII characters; anything else is a 400 naming the header.
 */
export function checkedIdempotencyKey(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[\x21-\x7e]{1,100}$/.test(value)) {
    throw AppError.badRequest('Idempotency-Key must be 1–100 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'invalid' }]);
  }
  return value;
}
