import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../common/errors/error-body';
import { describeError } from '../shared/error-messages';
import type { ConsoleRenderer } from './console-renderer';

/**
 * A browser asking for a console address that does not exist gets the console's Chinese error
 * page, not the API's JSON: unmatched routes never reach the console's own exception filter.
 * API paths and non-HTML clients keep the JSON body.
 */
export function consoleNotFoundPage(pages: ConsoleRenderer) {
  return async (request: FastifyRequest, reply: FastifyReply, body: ErrorBody): Promise<boolean> => {
    const path = request.url.split('?')[0];
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (body.statusCode !== 404 || !wantsHtml || path.startsWith('/api') || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return false;
    }
    await pages.page(reply, 'error', { status: 404, code: body.code, error: describeError(body) }, 404);
    return true;
  };
}
