/**
 * The object held in a JSON payload column (the `details` of a timeline or audit entry): free-form
 * by design, each writer names its own keys. Written with JSON.stringify, so undefined keys drop out.
 */
export type JsonObject = { [key: string]: unknown };

/**
 * A JSON column as read: mysql2 returns JSON columns parsed on MySQL and as text on MariaDB (where
 * JSON is LONGTEXT), and a TEXT column holding JSON as text. Either way the caller gets what it stored.
 */
export function parseJsonColumn<T = unknown>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
