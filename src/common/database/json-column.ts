/**
 * The object held in a JSON payload column (the `details` of a timeline or audit entry): free-form
 * by design, each writer names its own keys. Written with JSON.stringify, so undefined keys drop out.
 */
export type JsonObject = { [key: string]: unknown };

/**
 * A JSON column as read: mysql2 hands a JSON column over already parsed, a TEXT column holding JSON
 * as a string. Either way the caller gets the value it stored.
 */
export function parseJsonColumn<T = JsonObject>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
