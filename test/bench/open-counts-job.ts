import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { QueuesRepository } from '../../src/supervision/queues/queues.repository';

/**
 * The server under test runs without its jobs (the SLA sweep would change the data between
 * scenarios), but in production the supervision job recounts the open cases every minute and the
 * dashboard reads those counts while they are under two minutes old. The harness therefore does
 * the job's recount itself, with the application's own code, before each scenario: the dashboard
 * scenarios then measure what a supervisor gets in production.
 */
export async function recountOpenCases(databaseUrl: string): Promise<{ regions: number; ms: number }> {
  const db = new DataSource(dataSourceOptions(databaseUrl, 2));
  await db.initialize();
  try {
    const started = performance.now();
    const regions = await new QueuesRepository(db).refreshOpenCounts(new Date());
    return { regions, ms: Math.round(performance.now() - started) };
  } finally {
    await db.destroy();
  }
}
