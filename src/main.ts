import { createApp } from './app.factory';
import { installGracefulShutdown } from './common/lifecycle/graceful-shutdown';
import { loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp();
  const logger = app.getHttpAdapter().getInstance().log;
  installGracefulShutdown(app, { graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000, logger });
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = await app.getUrl();
  console.log(`Qiyuan is listening on ${url} — API docs at ${url.replace('[::1]', 'localhost')}/api/docs`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
