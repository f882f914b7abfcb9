import type { Pool } from 'mysql2/promise';
import { rowsOf } from '../bench-db';

/**
 * Bulk loading for the generator: large multi-row INSERTs, a bounded number in flight so Node
 * builds the next batch while MariaDB writes the last, and the big tables' secondary indexes and
 * foreign keys dropped for the load and rebuilt afterwards by sort (far cheaper than maintaining
 * twenty B-trees row by row through a small buffer pool).
 */

/** Shared cap on statements in flight across all inserters (two cores: one building, one writing). */
export class InFlight {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(private readonly limit: number) {}

  async run(work: () => Promise<void>): Promise<void> {
    if (this.failure) throw this.failure;
    while (this.running.size >= this.limit) await Promise.race(this.running);
    if (this.failure) throw this.failure;
    const promise: Promise<void> = work()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  async drain(): Promise<void> {
    while (this.running.size) await Promise.race(this.running);
    if (this.failure) throw this.failure;
  }
}

export class BulkInserter {
  private rows: unknown[][] = [];
  private bytes = 0;
  inserted = 0;

  constructor(
    private readonly pool: Pool,
    private readonly inFlight: InFlight,
    private readonly table: string,
    private readonly columns: readonly string[],
    /** Rows per statement; the statement is also cut at ~4 MB so it stays under max_allowed_packet. */
    private readonly batchRows = 5000,
  ) {}

  async add(row: unknown[]): Promise<void> {
    if (row.length !== this.columns.length) throw new Error(`${this.table}: expected ${this.columns.length} values, got ${row.length}`);
    this.rows.push(row);
    this.bytes += estimateBytes(row);
    if (this.rows.length >= this.batchRows || this.bytes > 4_000_000) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.rows.length) return;
    const rows = this.rows;
    this.rows = [];
    this.bytes = 0;
    this.inserted += rows.length;
    const sql = `INSERT INTO ${this.table} (${this.columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`;
    await this.inFlight.run(async () => {
      const connection = await this.pool.getConnection();
      try {
        // The generator writes valid rows in an order that satisfies nothing: skip the per-row checks.
        await connection.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
        await connection.query(sql, [rows]);
      } finally {
        connection.release();
      }
    });
  }
}

function estimateBytes(row: unknown[]): number {
  let bytes = 0;
  for (const value of row) bytes += typeof value === 'string' ? value.length * 3 + 3 : 12;
  return bytes;
}

interface TableIndexes {
  table: string;
  originalDdl: string;
  keys: string[];
  foreignKeys: string[];
}

/** The DDL lines of SHOW CREATE TABLE, without the AUTO_INCREMENT counter, order-independent. */
function ddlLines(ddl: string): string[] {
  return ddl
    .replace(/ AUTO_INCREMENT=\d+/, '')
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .sort();
}

async function showCreate(pool: Pool, table: string): Promise<string> {
  const [row] = await rowsOf<Record<string, string>>(pool, `SHOW CREATE TABLE \`${table}\``);
  return row['Create Table'];
}

/**
 * Drops the secondary indexes and foreign keys of `tables`, as SHOW CREATE TABLE lists them, and
 * returns a function that puts them back exactly and proves it by comparing the DDL.
 */
export async function deferSecondaryIndexes(pool: Pool, tables: string[]): Promise<() => Promise<void>> {
  const saved: TableIndexes[] = [];
  for (const table of tables) {
    const ddl = await showCreate(pool, table);
    const lines = ddl.split('\n').map((l) => l.trim().replace(/,$/, ''));
    const keys = lines.filter((l) => /^(UNIQUE )?KEY `/.test(l));
    const foreignKeys = lines.filter((l) => /^CONSTRAINT `[^`]+` FOREIGN KEY/.test(l));
    saved.push({ table, originalDdl: ddl, keys, foreignKeys });
  }
  const connection = await pool.getConnection();
  try {
    await connection.query('SET SESSION foreign_key_checks = 0');
    for (const { table, keys, foreignKeys } of saved) {
      if (foreignKeys.length) {
        const names = foreignKeys.map((fk) => /^CONSTRAINT `([^`]+)`/.exec(fk)?.[1]);
        await connection.query(`ALTER TABLE \`${table}\` ${names.map((n) => `DROP FOREIGN KEY \`${n}\``).join(', ')}`);
      }
      if (keys.length) {
        const names = keys.map((k) => /KEY `([^`]+)`/.exec(k)?.[1]);
        await connection.query(`ALTER TABLE \`${table}\` ${names.map((n) => `DROP INDEX \`${n}\``).join(', ')}`);
      }
    }
  } finally {
    connection.release();
  }

  return async () => {
    const restore = await pool.getConnection();
    try {
      await restore.query('SET SESSION foreign_key_checks = 0');
      for (const { table, keys, foreignKeys, originalDdl } of saved) {
        // One ALTER builds every index from one scan of the table, by sort.
        if (keys.length) await restore.query(`ALTER TABLE \`${table}\` ${keys.map((k) => `ADD ${k}`).join(', ')}`);
        // With foreign_key_checks off, adding a constraint does not re-validate every row (the generator made them valid).
        if (foreignKeys.length) await restore.query(`ALTER TABLE \`${table}\` ${foreignKeys.map((fk) => `ADD ${fk}`).join(', ')}`);
        const now = ddlLines(await showCreate(pool, table));
        const before = ddlLines(originalDdl);
        if (now.join('\n') !== before.join('\n')) {
          throw new Error(
            `Rebuilding the indexes of ${table} did not reproduce its schema:\nbefore:\n${originalDdl}\nafter:\n${now.join('\n')}`,
          );
        }
      }
    } finally {
      restore.release();
    }
  };
}
