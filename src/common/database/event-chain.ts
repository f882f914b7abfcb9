import type { EntityManager } from 'typeorm';

/** Where a hash-chained event log stands for one row: how many events it has, and the last one's hash. */
export interface EventHead {
  count: number;
  hash: string | null;
}

/**
 * Moves the chain heads (`event_count`, `last_event_hash`) of rows of `table` in one UPDATE joined
 * to a derived table of (id, count, hash): far cheaper than CASE id WHEN … over hundreds of ids,
 * and the same statement on MySQL 8 and MariaDB. `alsoSet` adds assignments to the same rows
 * (on alias `t`), its values after the heads'.
 */
export async function writeChainHeads(
  manager: EntityManager,
  table: 'appeals' | 'projects',
  heads: ReadonlyArray<readonly [number, EventHead]>,
  alsoSet: { sql: string; params: readonly unknown[] } = { sql: '', params: [] },
): Promise<void> {
  const derived = heads.map((_, i) => (i === 0 ? 'SELECT ? AS id, ? AS cnt, ? AS h' : 'SELECT ?, ?, ?')).join(' UNION ALL ');
  await manager.query(
    `UPDATE ${table} t JOIN (${derived}) v ON v.id = t.id SET t.event_count = v.cnt, t.last_event_hash = v.h${alsoSet.sql ? `, ${alsoSet.sql}` : ''}`,
    [...heads.flatMap(([id, head]) => [id, head.count, head.hash]), ...alsoSet.params],
  );
}
