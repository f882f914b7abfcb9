import type { CookieSerializeOptions } from '@fastify/cookie';

/** The session cookie: a random 256-bit id, HttpOnly so page scripts never see it. */
export const SESSION_COOKIE = 'qy_sid';
/** Ties the login form to the browser that loaded it (login CSRF), before any session exists. */
export const LOGIN_CSRF_COOKIE = 'qy_login';
/** One message carried across a redirect (post → redirect → get). */
export const FLASH_COOKIE = 'qy_flash';

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** …and at the latest this long after sign-in (one working day), however active. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so browsing does not write on every request. */
export const SESSION_TOUCH_MS = 60 * 1000;

export function cookieOptions(secure: boolean, maxAgeSeconds?: number): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) };
}
