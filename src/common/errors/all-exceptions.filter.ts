import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { errorCodes, type FastifyReply, type FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isLockContention } from '../database/mysql-errors';
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
  412: ErrorCode.PreconditionFailed,
  413: ErrorCode.PayloadTooLarge,
  408: ErrorCode.RequestTimeout,
  415: ErrorCode.UnsupportedMediaType,
  431: ErrorCode.HeadersTooLarge,
  422: ErrorCode.Unprocessable,
  428: ErrorCode.PreconditionRequired,
  429: ErrorCode.TooManyAttempts,
  503: ErrorCode.ServiceUnavailable,
};

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The answer while the database is unreachable: the one error body, 503, and when to retry. */
export function databaseUnavailable(requestId?: string): { body: ErrorBody; headers: Record<string, string> } {
  return {
    body: {
      statusCode: 503,
      code: ErrorCode.DatabaseUnavailable,
      message: 'The database is not reachable at the moment; retry shortly',
      errorId: randomUUID(),
      requestId,
    },
    headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
  };
}

/** Seconds a client should wait before retrying a change that lost a lock wait or a deadlock. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 2;

/**
 * The answer when lock contention outlasted the database's patience (a use case that retries
 * deadlocks itself never lets one escape): 503 with Retry-After — the change was not made, and
 * nothing about the request was wrong — never a bare 500.
 */
export function databaseBusy(requestId?: string): { body: ErrorBody; headers: Record<string, string> } {
  return {
    body: {
      statusCode: 503,
      code: ErrorCode.DatabaseBusy,
      message: 'Another change is holding the same records; nothing was changed, retry shortly',
      errorId: randomUUID(),
      requestId,
    },
    headers: { 'retry-after': String(DATABASE_BUSY_RETRY_AFTER_SECONDS) },
  };
}

/** Turns anything thrown into the one documented error body. */
type RequestLike = { id?: string; headers?: Record<string, string | string[] | undefined> };

export function toErrorBody(exception: unknown, request?: RequestLike): { body: ErrorBody; headers?: Record<string, string> } {
  const requestId = request?.id;
  const multipartRequest = String(request?.headers?.['content-type'] ?? '').startsWith('multipart/');
  if (exception instanceof AppError) {
    const body: ErrorBody = { statusCode: httpStatusOf(exception.code), code: exception.code, message: exception.message, requestId };
    if (exception.details?.length) body.details = exception.details;
    if (exception.context) body.context = exception.context;
    return { body, headers: exception.headers };
  }
  if (isDatabaseUnavailable(exception)) return databaseUnavailable(requestId);
  if (isLockContention(exception)) return databaseBusy(requestId);
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
    return { body: { statusCode: status, code, message: frameworkMessage({ message }) ?? message, requestId } };
  }
  // Fastify's own errors (body too large, bad JSON, unsupported content type) carry statusCode.
  const fastifyError = exception as { statusCode?: number; message?: string; code?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    return {
      body: {
        statusCode: status,
        code: statusToCode[status] ?? ErrorCode.BadRequest,
        message: frameworkMessage(fastifyError) ?? fastifyError.message ?? 'Bad request',
        requestId,
      },
    };
  }
  if (isMalformedMultipart(exception, multipartRequest)) {
    return {
      body: {
        statusCode: 400,
        code: ErrorCode.BadRequest,
        message: `The multipart body is malformed or incomplete (${String((exception as { message?: unknown }).message)}); send multipart/form-data with a boundary and complete parts`,
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

/**
 * What the client should have sent, for the framework's own rejections (their messages name only
 * the fault). Keyed by Fastify's error code; Nest hands these errors on as an HttpException with
 * the message only, so they are also found by Fastify's message text.
 */
const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported media type: expected application/json (multipart/form-data for file uploads)',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is too large: expected at most 1 MiB of JSON (files go to the upload endpoints)',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON: expected a JSON object',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty although the content type is application/json: expected a JSON object',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body',
};

const FRAMEWORK_MESSAGE_BY_TEXT = new Map(
  Object.entries(FRAMEWORK_MESSAGES).map(([code, ours]) => {
    const FastifyError = (errorCodes as unknown as Record<string, new () => Error>)[code];
    return [new FastifyError().message, ours] as const;
  }),
);

function frameworkMessage(error: { code?: string; message?: string }): string | undefined {
  return (error.code ? FRAMEWORK_MESSAGES[error.code] : undefined) ?? FRAMEWORK_MESSAGE_BY_TEXT.get(error.message ?? '');
}

/**
 * busboy (under @fastify/multipart) reports a client's broken multipart body — no boundary, a
 * truncated part — as a plain Error; it is the client's fault, so a 400, never a 500.
 */
function isMalformedMultipart(error: unknown, multipartRequest: boolean): boolean {
  // Duck-typed: Node's stream errors may come from another realm, where instanceof Error fails.
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof message !== 'string') return false;
  // A multipart body that ends before its closing boundary surfaces as the stream closing early.
  if (multipartRequest && code === 'ERR_STREAM_PREMATURE_CLOSE') return true;
  return /^Multipart: Boundary not found|^Unexpected end of multipart data|terminated early due to unexpected end of multipart data/.test(message);
}

/** 5xx are logged with their error id: a crash with its stack; an unreachable or contended database as one line (expected, not a bug). */
export function logError(logger: Logger, body: ErrorBody, exception: unknown, request?: FastifyRequest): void {
  if (!body.errorId) return;
  const where = { errorId: body.errorId, requestId: request?.id, url: request?.url };
  if (body.code === ErrorCode.DatabaseUnavailable || body.code === ErrorCode.DatabaseBusy) {
    const what = body.code === ErrorCode.DatabaseBusy ? 'database busy (lock contention)' : 'database unavailable';
    logger.warn({ ...where, reason: exception instanceof Error ? exception.message : String(exception) }, what);
    return;
  }
  logger.error({ ...where, err: exception }, exception instanceof Error ? exception.stack : String(exception));
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
    const { body, headers } = toErrorBody(exception, request);
    logError(this.logger, body, exception, request);
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
