import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { consoleNotFoundPage } from './console/http/console-not-found';
import { ConsoleRenderer } from './console/http/console-renderer';
import { registerConsolePlugins } from './console/console-setup';
import { validationFailed } from './common/errors/validation-errors';
import { RefuseNullsPipe } from './common/validation/refuse-nulls.pipe';
import { setupOpenApi } from './common/http/openapi/openapi-setup';
import { createRootLogger, PinoNestLogger } from './common/logging/logger';
import { loadConfig, trustedProxies } from './config/app-config';
import { clientErrorHandler, frameworkErrors, refuseDeepBodies } from './common/http/request-guards';
import { registerRateLimits } from './common/http/rate-limits';
import { registerDrainHooks } from './common/lifecycle/graceful-shutdown';
import { ShutdownState } from './common/lifecycle/shutdown-state';
import type { CoreOptions } from './config/config.module';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(options: CoreOptions = {}): Promise<NestFastifyApplication> {
  const config = loadConfig();
  const logger = createRootLogger(config.LOG_LEVEL);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // Honour a caller's request id (a gateway's) when it looks sane, otherwise make one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Only the configured proxies may name the client (X-Forwarded-For); see TRUST_PROXY.
    trustProxy: trustedProxies(config.TRUST_PROXY).length ? trustedProxies(config.TRUST_PROXY) : false,
    bodyLimit: 1024 * 1024,
    clientErrorHandler,
    frameworkErrors,
    // Shutdown is ours (common/lifecycle): Fastify's defaults would cut requests in flight on close.
    forceCloseConnections: false,
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  refuseDeepBodies(fastify);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerDrainHooks(fastify, app.get(ShutdownState));
  await app.register(helmet, { contentSecurityPolicy: false });
  // Before the routes exist (app.init), so the plugin's onRoute hook sees every one of them.
  const closeRateLimits = await registerRateLimits(app, config, logger);
  fastify.addHook('onClose', async () => closeRateLimits());
  // Per-route limits (attachments, imports) are tighter; this is the ceiling for any upload.
  await app.register(multipart, {
    limits: { fileSize: Math.max(config.UPLOAD_MAX_BYTES, config.IMPORT_MAX_BYTES), files: 1, fields: 20 },
  });
  // The web console under / : cookies for its session, nunjucks templates for its pages.
  await registerConsolePlugins(app, { production: config.NODE_ENV === 'production' });
  app.useGlobalPipes(
    new RefuseNullsPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationFailed,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter(consoleNotFoundPage(app.get(ConsoleRenderer))));
  setupOpenApi(app);
  await app.init();
  await fastify.ready();
  return app;
}
