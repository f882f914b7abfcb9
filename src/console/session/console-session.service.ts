import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthService, toAuthUser } from '../../auth/auth.service';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { UsersRepository } from '../../users/users.repository';
import { UsersService } from '../../users/users.service';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS } from './session-cookie';

/** The signed-in console user, resolved afresh from the database on every request. */
export interface ConsoleSession {
  user: AuthUser;
  idHash: string;
  csrfToken: string;
}

export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

/** Equal-time comparison, so a wrong token reveals nothing about the right one. */
export function tokensMatch(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Console sign-in and sessions. Credentials go through AuthService.validateCredentials, so the
 * console shares the API's failed-login throttle; the identity behind a session is re-read on
 * every request (deactivation and password changes take effect at once), exactly as the API's
 * JWT guard re-reads it for every bearer token.
 */
@Injectable()
export class ConsoleSessionService {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly sessions: ConsoleSessionsRepository,
    private readonly clock: Clock,
  ) {}

  /** Returns the new session id for the cookie; wrong credentials throw INVALID_CREDENTIALS (or 429 when locked). */
  async signIn(username: string, password: string, client: ClientInfo): Promise<{ sessionId: string; user: AuthUser }> {
    const user = await this.auth.validateCredentials(username, password, client.ip);
    return { sessionId: await this.open(user.id, client), user };
  }

  async resolve(sessionId: string | undefined): Promise<ConsoleSession | null> {
    if (!sessionId || !SESSION_ID.test(sessionId)) return null;
    const now = this.clock.now();
    const idHash = sha256(sessionId);
    const row = await this.sessions.findLive(idHash, now);
    if (!row) return null;
    const identity = await this.users.findActiveIdentity(row.userId);
    if (!identity || new Date(identity.passwordChangedAt).getTime() !== row.passwordChangedAt.getTime()) {
      // Deactivated, or the password changed since sign-in (here, through the API or by an admin).
      await this.sessions.revoke(idHash, now);
      return null;
    }
    if (now.getTime() - row.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
      await this.sessions.touch(idHash, now, this.expiry(row.createdAt, now));
    }
    return { user: toAuthUser(identity), idHash, csrfToken: row.csrfToken };
  }

  async signOut(session: ConsoleSession): Promise<void> {
    await this.sessions.revoke(session.idHash, this.clock.now());
  }

  /**
   * Changes the password through UsersService (which also ends the API's refresh tokens), ends
   * every console session of the user, and opens a fresh one for the browser that asked.
   */
  async changePassword(session: ConsoleSession, currentPassword: string, newPassword: string, client: ClientInfo): Promise<string> {
    await this.usersService.changeOwnPassword(session.user, currentPassword, newPassword);
    await this.sessions.revokeAllForUser(session.user.id, this.clock.now());
    return this.open(session.user.id, client);
  }

  /** Every unsafe request carries the session's token back, in the `_csrf` field or the X-CSRF-Token header. */
  verifyCsrf(session: ConsoleSession, given: unknown): void {
    if (!tokensMatch(session.csrfToken, given)) {
      throw new AppError(ErrorCode.CsrfRejected, 'The form token is missing or does not match this session; reload the page and try again');
    }
  }

  newLoginToken(): string {
    return randomToken();
  }

  private async open(userId: number, client: ClientInfo): Promise<string> {
    const identity = await this.users.findActiveIdentity(userId);
    if (!identity) throw new AppError(ErrorCode.Unauthenticated, 'The account is not active');
    const now = this.clock.now();
    const sessionId = randomToken();
    await this.sessions.insert({
      idHash: sha256(sessionId),
      userId,
      csrfToken: randomToken(),
      passwordChangedAt: new Date(identity.passwordChangedAt),
      createdAt: now,
      expiresAt: this.expiry(now, now),
      lastSeenAt: now,
      ip: client.ip.slice(0, 45) || null,
      userAgent: client.userAgent?.slice(0, 255) ?? null,
    });
    await this.sessions.deleteExpiredBefore(new Date(now.getTime() - 24 * 60 * 60 * 1000));
    return sessionId;
  }

  private expiry(createdAt: Date, now: Date): Date {
    return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_ABSOLUTE_MS));
  }
}
