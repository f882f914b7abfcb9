import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import type { ClientInfo, ConsoleSession } from '../session/console-session.service';

/** A console request after the session guard ran. */
export type ConsoleRequest = FastifyRequest & {
  consoleSession?: ConsoleSession;
  /** Set too, so code written for the API's `request.user` sees the same identity. */
  user?: AuthUser;
  /** The X-CSRF-Token header of a multipart request was already checked by the guard. */
  csrfVerified?: boolean;
};

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** htmx marks its requests; they get fragments and JSON errors instead of whole pages. */
export function isHtmx(request: FastifyRequest): boolean {
  return request.headers['hx-request'] === 'true';
}

export function clientOf(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof agent === 'string' ? agent : undefined };
}

/** Only same-site relative paths are followed after sign-in, never another origin. */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/api') || value.startsWith('/login') || value.length > 500) return '/';
  return value;
}
