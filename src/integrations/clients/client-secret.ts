import { randomBytes } from 'node:crypto';

/**
 * A client secret names the secret row it belongs to, so a token request verifies exactly one
 * argon2 hash: `qcs_<secretId>_<43 random base64url characters>` (256 bits).
 */
export const SECRET_PREFIX = 'qcs_';

export function newSecretMaterial(): string {
  return randomBytes(32).toString('base64url');
}

export function formatSecret(secretId: number, material: string): string {
  return `${SECRET_PREFIX}${secretId}_${material}`;
}

export function parseSecret(secret: string): { secretId: number; material: string } | null {
  const match = /^qcs_([1-9][0-9]{0,9})_([A-Za-z0-9_-]{43})$/.exec(secret);
  return match ? { secretId: Number(match[1]), material: match[2] } : null;
}

/** A public client id: `qc_` and 20 random base32-ish characters, safe in URLs and Basic auth. */
export function newClientId(): string {
  return `qc_${randomBytes(15).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()}`;
}

/** The username of a client's backing account; the colon keeps it out of the users API's namespace. */
export const MACHINE_USERNAME_PREFIX = 'client:';
