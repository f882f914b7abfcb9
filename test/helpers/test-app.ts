import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as argon2 from 'argon2';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { FixedClock } from '../../src/common/clock/clock';

export const TEST_PASSWORD = 'Test-password-1';

export interface TestContext {
  app: NestFastifyApplication;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  clock?: FixedClock;
  close: () => Promise<void>;
}

/** The real application (same factory as production) against the test database. */
export async function createTestApp(options: { clock?: FixedClock } = {}): Promise<TestContext> {
  const app = await createApp({ clock: options.clock });
  const db = app.get(DataSource);
  return {
    app,
    db,
    clock: options.clock,
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

let passwordHash: Promise<string> | undefined;
/** Hashing once per run keeps factories fast; the hash is a real argon2id hash of TEST_PASSWORD. */
export function testPasswordHash(): Promise<string> {
  passwordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  return passwordHash;
}
