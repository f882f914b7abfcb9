import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as argon2 from 'argon2';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { FixedClock } from '../../src/common/clock/clock';
import { ContractValidator } from './contract-validator';

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
  const validator = await contractOf(app);
  return {
    app,
    db,
    clock: options.clock,
    http: () => contractChecked(request(app.getHttpServer()), validator),
    close: () => app.close(),
  };
}

let passwordHash: Promise<string> | undefined;
/** Hashing once per run keeps factories fast; the hash is a real argon2id hash of TEST_PASSWORD. */
export function testPasswordHash(): Promise<string> {
  passwordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  return passwordHash;
}

/** The document the application serves, read once per spec file. */
async function contractOf(app: NestFastifyApplication): Promise<ContractValidator> {
  const served = await app.inject({ method: 'GET', url: '/api/docs-json' });
  if (served.statusCode !== 200) throw new Error(`/api/docs-json answered ${served.statusCode}`);
  return new ContractValidator(served.json());
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * Every request made through the helper fails its test when the response breaks the served
 * OpenAPI document (undocumented status, a body that does not match the schema).
 */
export function contractChecked<T extends ReturnType<typeof request>>(agent: T, validator: ContractValidator): T {
  for (const method of METHODS) {
    const original = agent[method].bind(agent);
    agent[method] = ((url: string) =>
      original(url).expect((response) => {
        const problems = validator.check(method, url, response.status, response.headers['content-type'], response.body);
        if (problems.length === 0) return;
        const body = JSON.stringify(response.body ?? null).slice(0, 600);
        throw new Error(
          `The response breaks the OpenAPI contract:\n  ${problems.join('\n  ')}\n  (status ${response.status}, body ${body})`,
        );
      })) as T[typeof method];
  }
  return agent;
}
