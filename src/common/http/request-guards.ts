import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';
import { nestsDeeperThan } from './body-depth';

/** No form or DTO of ours nests deeper than a few levels; 32 leaves room and stops recursion attacks. */
export const MAX_BODY_DEPTH = 32;

/**
 * Refuses a body nested deeper than MAX_BODY_DEPTH before validation runs: class-transformer and
 * class-validator recurse, and a 10,000-deep body would otherwise overflow their stack (a 500).
 */
export function refuseDeepBodies(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object' && nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
      throw new AppError(ErrorCode.BadRequest, `The body nests objects or arrays deeper than ${MAX_BODY_DEPTH} levels`, [
        { field: 'body', message: `at most ${MAX_BODY_DEPTH} levels of nesting` },
      ]);
    }
  });
}

/**
 * Refusals of Fastify's router before any route runs (a path parameter longer than it keeps, a
 * URL it cannot decode) answered with the one documented error body instead of Fastify's own.
 */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, message] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [414, ErrorCode.UriTooLong, 'A path segment is too long; ids and codes are at most 100 characters']
      : [400, ErrorCode.BadRequest, 'The URL cannot be decoded'];
  void reply.status(status).type('application/json; charset=utf-8').send({ statusCode: status, code, message, requestId: request.id });
}

/**
 * Errors Node's HTTP parser raises before any route runs (headers too large, a malformed request
 * line, a timeout) answered with the one documented error body instead of Fastify's own.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, ErrorCode.HeadersTooLarge, 'The request headers are too large; send at most 16 KiB of headers']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, ErrorCode.RequestTimeout, 'The request took too long to arrive']
        : [400, ErrorCode.BadRequest, 'The request is not valid HTTP'];
  const body = JSON.stringify({ statusCode: status, code, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
