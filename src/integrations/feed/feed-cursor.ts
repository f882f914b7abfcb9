import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The feed's cursor: a position in the feed (`feed_seq`), signed so a client can neither forge
 * nor edit one — it stays opaque, and we may change what it holds. `v1.<position>.<mac>`,
 * base64url, HMAC-SHA256 truncated to 128 bits under a key derived from the deployment secret.
 */
export class FeedCursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('qiyuan feed cursor v1').digest();
  }

  encode(position: number): string {
    const body = `v1.${position.toString(36)}`;
    return Buffer.from(`${body}.${this.mac(body)}`).toString('base64url');
  }

  /** The position, or null when the cursor was not made by us (tampered, truncated, another deployment). */
  decode(cursor: string): number | null {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const match = /^(v1\.([0-9a-z]{1,13}))\.([A-Za-z0-9_-]{22})$/.exec(text);
    if (!match) return null;
    const expected = Buffer.from(this.mac(match[1]));
    const given = Buffer.from(match[3]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const position = parseInt(match[2], 36);
    return Number.isSafeInteger(position) ? position : null;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, 16).toString('base64url');
  }
}
