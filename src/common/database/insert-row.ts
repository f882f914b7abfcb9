import type { ObjectLiteral, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Inserts one entity row without reading it back (TypeORM would otherwise SELECT it again); returns its id. */
export async function insertReturningId<Entity extends ObjectLiteral>(
  repository: Repository<Entity>,
  values: QueryDeepPartialEntity<Entity>,
): Promise<number> {
  const result = await repository.createQueryBuilder().insert().values(values).updateEntity(false).execute();
  return Number(result.raw.insertId);
}
