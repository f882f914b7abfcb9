import type { EntityManager } from 'typeorm';
import { AppError } from '../errors/app-error';

/**
 * TypeORM's save() does not check @VersionColumn on update, so concurrent edits would silently
 * overwrite each other. This UPDATE only applies when the row still has the version the client
 * read; zero affected rows means someone else won.
 */
export async function updateWithVersion(
  manager: EntityManager,
  table: string,
  id: number,
  expectedVersion: number,
  changes: Record<string, unknown>,
  what: string,
  currentState: () => Promise<Record<string, unknown> | null>,
): Promise<void> {
  const columns = Object.keys(changes);
  const assignments = [...columns.map((c) => `\`${c}\` = ?`), 'version = version + 1', 'updated_at = CURRENT_TIMESTAMP(3)'];
  const result: { affectedRows: number } = await manager.query(
    `UPDATE \`${table}\` SET ${assignments.join(', ')} WHERE id = ? AND version = ?`,
    [...columns.map((c) => changes[c]), id, expectedVersion],
  );
  if (result.affectedRows === 0) {
    const current = await currentState();
    if (!current) throw AppError.notFound(what, id);
    throw AppError.versionConflict(what, { current });
  }
}
