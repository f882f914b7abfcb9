import { createConnection, createPool, type Pool, type PoolOptions } from 'mysql2/promise';

/** mysql2 options matching the application's (UTC DATETIMEs, utf8mb4), for a database URL. */
export function mysqlOptions(databaseUrl: string, connectionLimit = 4): PoolOptions {
  return {
    uri: databaseUrl,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    connectionLimit,
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: true,
    dateStrings: false,
  };
}

export function openPool(databaseUrl: string, connectionLimit = 4): Pool {
  return createPool(mysqlOptions(databaseUrl, connectionLimit));
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unsupported database name "${name}"`);
  return name;
}

export function serverUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/';
  return url.toString();
}

export async function databaseExists(databaseUrl: string): Promise<boolean> {
  const connection = await createConnection({ uri: serverUrl(databaseUrl) });
  try {
    const [rows] = await connection.query('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [
      databaseName(databaseUrl),
    ]);
    return (rows as unknown[]).length > 0;
  } finally {
    await connection.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const connection = await createConnection({ uri: serverUrl(databaseUrl) });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${databaseName(databaseUrl)}\``);
  } finally {
    await connection.end();
  }
}

export async function rowsOf<T>(pool: Pool, sql: string, params: unknown[] = []): Promise<T[]> {
  const [rows] = await pool.query(sql, params);
  return rows as T[];
}

export async function scalar(pool: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await rowsOf<Record<string, unknown>>(pool, sql, params);
  return Number(Object.values(row ?? {})[0] ?? 0);
}
