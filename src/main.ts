import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp();
  await app.listen({ port: config.PORT, host: config.HOST });
  const url = await app.getUrl();
  console.log(`Qiyuan is listening on ${url} — API docs at ${url.replace('[::1]', 'localhost')}/api/docs`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
