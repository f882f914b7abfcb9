import fastifyCookie from '@fastify/cookie';
import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import * as nunjucks from 'nunjucks';
import { FILTERS, timeLeft } from './shared/view-helpers';

/** Where the templates live: src/console/views under ts-node and jest, dist/src/console/views when built. */
export const CONSOLE_VIEWS_DIR = join(__dirname, 'views');

/**
 * The Fastify plugins the web console needs: cookies (the session) and nunjucks templates.
 * Templates autoescape everything; a value is only ever output raw where a template says so.
 */
export async function registerConsolePlugins(app: NestFastifyApplication, options: { production: boolean }): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!fastify.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  await app.register(fastifyView, {
    engine: { nunjucks },
    root: CONSOLE_VIEWS_DIR,
    production: options.production,
    options: {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
      noCache: !options.production,
      onConfigure: (env: nunjucks.Environment) => {
        for (const [name, filter] of Object.entries(FILTERS)) env.addFilter(name, filter as (...args: unknown[]) => unknown);
        env.addFilter('timeLeft', (due: unknown, now: Date) => timeLeft(due, now));
      },
    },
  });
}
