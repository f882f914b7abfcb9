import { AppError } from './app-error';

/**
 * The row a lookup found, or 404. Lookups scoped to the caller's reach return nothing for a row
 * outside it, so "not yours" and "does not exist" answer alike and reveal nothing.
 */
export async function requireFound<T>(lookup: Promise<T | null | undefined>, what: string, id: string | number): Promise<T> {
  const found = await lookup;
  if (found === null || found === undefined) throw AppError.notFound(what, id);
  return found;
}
