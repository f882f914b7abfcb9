import type { EntityManager } from 'typeorm';
import { AppError } from '../errors/app-error';

/**
 * The columns a write sets: a Partial of the table's `XColumns` interface, whose keys are the real
 * column names, so a misspelt column or a value of the wrong type is a compile error.
 */
export type ColumnChanges<Columns extends object> = Partial<Columns>;

/** The columns of a typed write that carry a value (an undefined key is a column left as it is). */
export function columnsSet<Columns extends object>(changes: ColumnChanges<Columns>): Array<keyof Columns & string> {
  return (Object.keys(changes) as Array<keyof Columns & string>).filter((c) => changes[c] !== undefined);
}

/** `SET` assignments of a typed column write, with their values in order. */
export function columnAssignments<Columns extends object>(changes: ColumnChanges<Columns>): { sql: string[]; params: unknown[] } {
  const columns = columnsSet(changes);
  return { sql: columns.map((c) => `\`${c}\` = ?`), params: columns.map((c) => changes[c]) };
}

/**
 * Writes `changes` when the row still has the version the caller read, bumping it and stamping
 * updated_at (`at`, or the server's clock); false when someone else changed the row first.
 */
export async function updateIfVersion<Columns extends object>(
  manager: EntityManager,
  table: string,
  id: number,
  expectedVersion: number,
  changes: ColumnChanges<Columns>,
  at?: Date,
): Promise<boolean> {
  const set = columnAssignments(changes);
  const assignments = [...set.sql, 'version = version + 1', at ? 'updated_at = ?' : 'updated_at = CURRENT_TIMESTAMP(3)'];
  const result: { affectedRows: number } = await manager.query(
    `UPDATE \`${table}\` SET ${assignments.join(', ')} WHERE id = ? AND version = ?`,
    [...set.params, ...(at ? [at] : []), id, expectedVersion],
  );
  return result.affectedRows > 0;
}

/**
 * TypeORM's save() does not check @VersionColumn on update, so concurrent edits would silently
 * overwrite each other. This UPDATE only applies when the row still has the version the client
 * read; zero affected rows means someone else won (409 with the row as it is now, or 404).
 */
export async function updateWithVersion<Columns extends object>(
  manager: EntityManager,
  table: string,
  id: number,
  expectedVersion: number,
  changes: ColumnChanges<Columns>,
  what: string,
  currentState: () => Promise<object | null>,
): Promise<void> {
  if (await updateIfVersion(manager, table, id, expectedVersion, changes)) return;
  const current = await currentState();
  if (!current) throw AppError.notFound(what, id);
  throw AppError.versionConflict(what, { current: { ...current } });
}
