import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options';

function splitDatabaseUrl(databaseUrl: string): { serverUrl: string; database: string } {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`Unsupported database name in DATABASE_URL: "${database}"`);
  url.pathname = '/';
  return { serverUrl: url.toString(), database };
}

async function onServer<T>(
  databaseUrl: string,
  work: (run: (sql: string) => Promise<unknown>, database: string) => Promise<T>,
): Promise<T> {
  const { serverUrl, database } = splitDatabaseUrl(databaseUrl);
  const connection = await createConnection({ uri: serverUrl });
  try {
    return await work((sql) => connection.query(sql), database);
  } finally {
    await connection.end();
  }
}

export async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  await onServer(databaseUrl, (run, db) => run(`CREATE DATABASE IF NOT EXISTS \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`));
}

export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

export async function revertLastMigration(databaseUrl: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 2));
  await dataSource.initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

/** Tests start from an empty database built only by the migrations. */
export async function recreateDatabaseAndMigrate(databaseUrl: string): Promise<void> {
  await onServer(databaseUrl, async (run, db) => {
    await run(`DROP DATABASE IF EXISTS \`${db}\``);
    await run(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  });
  await runMigrations(databaseUrl);
}
