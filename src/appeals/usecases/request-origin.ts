import { createHmac } from 'node:crypto';

/**
 * Where an answer or a rating was given from, as keyed hashes: the request's IP address and its
 * session (the console's session cookie, or the API token's session — its refresh-token family).
 * Kept only so supervision can flag a rating given from the handler's own session or address
 * (src/supervision/integrity); keyed with the server's secret so the stored values cannot be
 * reversed by hashing every IPv4 address, and never shown to anyone.
 */
export interface RequestOrigin {
  readonly ipHash: string | null;
  readonly sessionHash: string | null;
}

export function requestOrigin(key: string, ip: string | null | undefined, session: string | null | undefined): RequestOrigin {
  const hash = (kind: string, value: string | null | undefined) =>
    value ? createHmac('sha256', key).update(`${kind}:${value}`).digest('hex') : null;
  return { ipHash: hash('ip', ip), sessionHash: hash('session', session) };
}

/** The `sid` claim of a bearer token the guard has already verified; null when there is none. */
export function bearerSession(authorization: string | undefined): string | null {
  const token = /^Bearer\s+([^.\s]+)\.([^.\s]+)\./i.exec(authorization ?? '')?.[2];
  if (!token) return null;
  try {
    const claims = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { sid?: unknown };
    return typeof claims.sid === 'string' ? claims.sid : null;
  } catch {
    return null;
  }
}
