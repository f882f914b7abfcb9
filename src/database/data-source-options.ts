import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';

/** One definition of the connection, shared by the app, the CLI and the tests. */
export function dataSourceOptions(databaseUrl: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'mysql',
    url: databaseUrl,
    charset: 'utf8mb4_unicode_ci',
    // Store and read every DATETIME as UTC; calendars are computed in Asia/Shanghai in code.
    timezone: 'Z',
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    poolSize,
    // bigint counts (COUNT(*), SUM) arrive as numbers when they fit, strings otherwise.
    supportBigNumbers: true,
    bigNumberStrings: false,
    extra: { connectionLimit: poolSize, dateStrings: false, decimalNumbers: true },
  };
}
