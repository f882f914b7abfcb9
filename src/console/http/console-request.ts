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

/** A fixed stand-in for our own origin: `next` is resolved against it and must stay on it. */
const OWN_ORIGIN = 'https://qiyuan.invalid';

/**
 * Where to send a browser after sign-in: a path on this site or the default page ('/'). The
 * target is parsed as a URL against the site's own origin and refused unless it stays there.
 * Browsers drop tabs and line breaks inside URLs and read a backslash as a slash, so `/\t/evil`
 * or `/\evil` would become `//evil` — another site; any control character, whitespace or
 * backslash is refused outright (a CR/LF would also break the Location header).
 */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return '/';
  const hasControlOrSpace = [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || /\s/u.test(c));
  if (hasControlOrSpace || value.includes('\\') || !value.startsWith('/') || value.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(value, OWN_ORIGIN);
  } catch {
    return '/';
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== OWN_ORIGIN || path.startsWith('//')) return '/';
  if (path.startsWith('/api') || path.startsWith('/login')) return '/';
  return path;
}
