import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors/error-code';
import { ShutdownState } from './shutdown-state';

/** Seconds a client turned away during a drain should wait before retrying (on another instance). */
const SHUTDOWN_RETRY_AFTER_SECONDS = 2;

interface Logger {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

/**
 * While draining, a request that still arrives (on a kept-alive connection; the listener is
 * closed) is answered 503 SHUTTING_DOWN in the one error body — readiness included, so a balancer
 * takes the instance out — and every response closes its connection, so the drain ends.
 */
export function registerDrainHooks(fastify: FastifyInstance, state: ShutdownState): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!state.shuttingDown) return;
    await reply
      .status(503)
      .header('connection', 'close')
      .header('retry-after', String(SHUTDOWN_RETRY_AFTER_SECONDS))
      .type('application/json; charset=utf-8')
      .send({
        statusCode: 503,
        code: ErrorCode.ShuttingDown,
        message: 'This instance is shutting down; retry the request',
        requestId: request.id,
      });
  });
  fastify.addHook('onSend', async (_request, reply) => {
    if (state.shuttingDown) void reply.header('connection', 'close');
  });
}

/**
 * SIGTERM / SIGINT: stop accepting connections and turn new requests away (503), let requests
 * in flight finish for up to `graceMs`, then close the application — the schedulers stop at a
 * safe point and release their leases (beforeApplicationShutdown), and only then is the
 * database pool closed (onApplicationShutdown). A second signal, or a drain that outlives the
 * grace period, cuts the remaining connections; a second signal also exits at once.
 */
export function installGracefulShutdown(app: NestFastifyApplication, options: { graceMs: number; logger: Logger }): void {
  const { graceMs, logger } = options;
  const state = app.get(ShutdownState);
  const server = app.getHttpAdapter().getInstance().server;
  let signals = 0;

  const shutDown = async (signal: NodeJS.Signals): Promise<void> => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal during shutdown: cutting connections and exiting now');
      server.closeAllConnections();
      process.exit(1);
    }
    const started = Date.now();
    logger.info({ signal, graceMs }, 'shutting down: no new connections, waiting for requests in flight');
    state.begin();
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Connections that finish their request close themselves (Connection: close); reap the ones that go idle.
    const reaper = setInterval(() => server.closeIdleConnections(), 100);
    let forced = false;
    const deadline = setTimeout(() => {
      forced = true;
      logger.warn({ graceMs }, 'grace period over: cutting the connections still open');
      server.closeAllConnections();
    }, graceMs);
    await drained;
    clearInterval(reaper);
    clearTimeout(deadline);
    logger.info({ ms: Date.now() - started, forced }, 'requests drained; stopping the schedulers, then closing the database pool');
    try {
      await app.close();
      logger.info({ ms: Date.now() - started }, 'shut down');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (s) => void shutDown(s));
}
