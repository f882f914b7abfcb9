import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { logError, toErrorBody } from '../../common/errors/all-exceptions.filter';
import { ErrorCode } from '../../common/errors/error-code';
import { describeError } from '../shared/error-messages';
import { ConsoleRenderer } from './console-renderer';
import { isHtmx, SAFE_METHODS, type ConsoleRequest } from './console-request';

/**
 * Errors on console pages become Chinese HTML pages with the API's status codes (404 for an
 * appeal outside reach, exactly like the API), or JSON for htmx requests, which show a toast.
 * An expired session sends the browser to the sign-in page and back afterwards.
 */
@Catch()
@Injectable()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ConsoleErrors');

  constructor(private readonly pages: ConsoleRenderer) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<ConsoleRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { body, headers } = toErrorBody(exception, request);
    logError(this.logger, body, exception, request);
    if (headers) void reply.headers(headers);
    const described = describeError(body);

    if (isHtmx(request)) {
      if (body.code === ErrorCode.Unauthenticated) void reply.header('HX-Redirect', '/login');
      await reply
        .status(body.statusCode)
        .header('cache-control', 'no-store')
        .type('application/json; charset=utf-8')
        .send({ ...body, consoleMessage: described.title, consoleDetails: described.details });
      return;
    }
    if (body.code === ErrorCode.Unauthenticated) {
      const next = SAFE_METHODS.has(request.method) ? `?next=${encodeURIComponent(request.url)}` : '';
      await this.pages.redirect(reply, `/login${next}`);
      return;
    }
    try {
      await this.pages.page(reply, 'error', { status: body.statusCode, code: body.code, error: described }, body.statusCode);
    } catch (renderError) {
      // A broken template must not turn into an empty response.
      this.logger.error({ err: renderError, requestId: request.id }, 'could not render the console error page');
      await reply.status(body.statusCode).type('text/plain; charset=utf-8').send(`${body.statusCode} ${described.title}`);
    }
  }
}
