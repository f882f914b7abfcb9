import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error';
import { ErrorBody } from './error-body';
import { ErrorCode, httpStatusOf } from './error-code';

const statusToCode: Record<number, ErrorCode> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  406: ErrorCode.BadRequest,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  422: ErrorCode.Unprocessable,
  429: ErrorCode.TooManyAttempts,
  503: ErrorCode.ServiceUnavailable,
};

/** Turns anything thrown into the one documented error body. */
export function toErrorBody(exception: unknown, requestId?: string): { body: ErrorBody; headers?: Record<string, string> } {
  if (exception instanceof AppError) {
    const body: ErrorBody = { statusCode: httpStatusOf(exception.code), code: exception.code, message: exception.message, requestId };
    if (exception.details?.length) body.details = exception.details;
    if (exception.context) body.context = exception.context;
    return { body, headers: exception.headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? (response as { message: string[] }).message.join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    const code = statusToCode[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest);
    return { body: { statusCode: status, code, message, requestId } };
  }
  // Fastify's own errors (body too large, bad JSON, unsupported content type) carry statusCode.
  const fastifyError = exception as { statusCode?: number; message?: string; code?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return {
      body: {
        statusCode: status,
        code: statusToCode[status] ?? ErrorCode.BadRequest,
        message: fastifyError.message ?? 'Bad request',
        requestId,
      },
    };
  }
  return {
    body: {
      statusCode: 500,
      code: ErrorCode.Internal,
      message: 'An unexpected error occurred; quote the error id when reporting it',
      errorId: randomUUID(),
      requestId,
    },
  };
}

/** Lets another module answer an error in its own form (the console's HTML page); true when it did. */
export type ErrorPage = (request: FastifyRequest, reply: FastifyReply, body: ErrorBody) => Promise<boolean>;

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly errorPage?: ErrorPage) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { body, headers } = toErrorBody(exception, request?.id);
    if (body.errorId) {
      this.logger.error(
        { errorId: body.errorId, requestId: request?.id, url: request?.url, err: exception },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (headers) void reply.headers(headers);
    if (this.errorPage && request && body.statusCode < 500) {
      try {
        if (await this.errorPage(request, reply, body)) return;
      } catch (pageError) {
        this.logger.error({ err: pageError, requestId: request.id }, 'could not render the error page; answering with JSON');
      }
    }
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }
}
