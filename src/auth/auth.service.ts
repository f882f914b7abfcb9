import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AuthUser } from '../common/auth/auth-user';
import type { RegionLevel } from '../common/auth/role';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { reachPrefixFor } from '../common/scope/region-reach';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PasswordHasher } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { MACHINE_USERNAME_PREFIX } from '../integrations/clients/client-secret';
import { isClientToken, MachineIdentity } from '../integrations/clients/machine-identity';
import type { ClientTokenPayload } from '../integrations/clients/token.service';
import { TokensDto } from './dto/auth.dto';
import { LoginThrottleRepository } from './login-throttle.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UnitOfWork } from '../common/database/unit-of-work';

export interface AccessTokenPayload {
  sub: number;
  /** password_changed_at in ms: a password change invalidates every access token issued before it */
  pwd: number;
  /**
   * The session (refresh-token family) the token belongs to: ending that session — logout, or a
   * refresh token presented twice — invalidates its access tokens at once, checked like `pwd`.
   */
  sid?: string;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** A user+address pair's failures are remembered for a day (or until it signs in), so its delay keeps growing. */
const PAIR_WINDOW_MS = 24 * 3600 * 1000;

export function toAuthUser(user: User & { regionLevel: RegionLevel }): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    regionCode: user.regionCode,
    regionLevel: user.regionLevel,
    departmentId: user.departmentId,
    enterpriseId: user.enterpriseId,
    isDepartmentHead: user.isDepartmentHead,
    reachPrefix: reachPrefixFor(user.role, user.regionCode, user.regionLevel),
  };
}

type RefreshOutcome = { ok: true; userId: number; familyId: string } | { ok: false; code: ErrorCode; message: string };

@Injectable()
export class AuthService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly machines: MachineIdentity,
  ) {}

  /**
   * Checks a username and password. Failures are counted three ways, so that guessing is slow
   * while nobody can lock someone else out cheaply (README, "Sign-in throttling"):
   *  - per username and client address: from the 5th failure that pair waits, 1 minute and then
   *    twice as long after each further failure, up to LOGIN_LOCK_SECONDS; the owner signing in
   *    from their own address is unaffected by an attacker elsewhere;
   *  - per client address, whatever the username (50 in 15 minutes): one address spraying guesses;
   *  - per username, whatever the address, only at a much higher count (100 in 15 minutes): a
   *    distributed attack on one account, which needs many addresses to reach.
   * The address is the real client's only behind a configured TRUST_PROXY.
   */
  async validateCredentials(username: string, password: string, ip: string): Promise<AuthUser> {
    const now = this.clock.now();
    const name = username.toLowerCase();
    const userKey = `user:${name}`;
    const ipKey = `ip:${ip}`;
    const pairKey = `pair:${ip}|${name}`;
    const lockedUntil = await this.throttle.latestLock([pairKey, ipKey, userKey], now);
    if (lockedUntil) throw this.tooManyAttempts(lockedUntil, now);

    const user = await this.users.findForLogin(username);
    // A machine client's backing account never signs in with a password (it has none, and this holds even if one were set).
    const valid = user && !user.username.startsWith(MACHINE_USERNAME_PREFIX) ? user.active && (await this.hasher.verify(user.passwordHash, password)) : (await this.hasher.burn(password), false);
    if (!valid || !user) {
      const lockMs = this.config.LOGIN_LOCK_SECONDS * 1000;
      await this.throttle.recordProgressiveFailure(
        pairKey,
        this.config.LOGIN_MAX_FAILURES_PER_PAIR,
        PAIR_WINDOW_MS,
        this.config.LOGIN_PAIR_LOCK_SECONDS * 1000,
        lockMs,
        now,
      );
      await this.throttle.recordFailure(ipKey, this.config.LOGIN_MAX_FAILURES_PER_IP, FAILURE_WINDOW_MS, lockMs, now);
      await this.throttle.recordFailure(userKey, this.config.LOGIN_MAX_FAILURES_PER_USER, FAILURE_WINDOW_MS, lockMs, now);
      throw new AppError(ErrorCode.InvalidCredentials, 'Wrong username or password');
    }
    await this.throttle.clear(pairKey);
    return toAuthUser(user);
  }

  async issueTokens(userId: number, familyId: string = randomUUID()): Promise<TokensDto> {
    const identity = await this.users.findActiveIdentity(userId);
    if (!identity) throw new AppError(ErrorCode.Unauthenticated, 'The account is not active');
    const now = this.clock.now();
    const payload: AccessTokenPayload = { sub: userId, pwd: new Date(identity.passwordChangedAt).getTime(), sid: familyId };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.JWT_ACCESS_TTL_SECONDS });
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(now.getTime() + this.config.REFRESH_TTL_SECONDS * 1000);
    await this.uow.transaction((m) =>
      this.refreshTokens.insert(m, { id, familyId, userId, tokenHash: sha256(secret), expiresAt: refreshExpiresAt, createdAt: now }),
    );
    return {
      accessToken,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      refreshToken: `${id}.${secret}`,
      refreshExpiresAt,
      tokenType: 'Bearer',
    };
  }

  /**
   * Rotates a refresh token. Presenting a token that was already rotated means it leaked (or a
   * client raced itself): the whole family is revoked, so the thief's copy dies with the owner's.
   */
  async refresh(token: string): Promise<TokensDto> {
    const [id, secret] = token.split('.');
    if (!id || !secret) throw new AppError(ErrorCode.Unauthenticated, 'Malformed refresh token');
    const now = this.clock.now();
    // The transaction commits the revocation before we answer, so the error cannot roll it back.
    const outcome = await this.uow.transaction(async (m): Promise<RefreshOutcome> => {
      const row = await this.refreshTokens.findForUpdate(m, id);
      if (!row || !safeEqualHex(row.token_hash, sha256(secret))) {
        return { ok: false, code: ErrorCode.Unauthenticated, message: 'Unknown refresh token' };
      }
      if (row.revoked_at) return { ok: false, code: ErrorCode.TokenReused, message: 'This session was revoked; sign in again' };
      if (row.used_at) {
        await this.refreshTokens.revokeFamily(m, row.family_id, now);
        return { ok: false, code: ErrorCode.TokenReused, message: 'Refresh token reuse detected; every session of this login was revoked' };
      }
      if (new Date(row.expires_at) <= now)
        return { ok: false, code: ErrorCode.TokenExpired, message: 'The refresh token has expired; sign in again' };
      await this.refreshTokens.markUsed(m, row.id, now);
      return { ok: true, userId: row.user_id, familyId: row.family_id };
    });
    if (!outcome.ok) throw new AppError(outcome.code, outcome.message);
    return this.issueTokens(outcome.userId, outcome.familyId);
  }

  async logout(token: string): Promise<void> {
    const [id, secret] = token.split('.');
    if (!id || !secret) return;
    const now = this.clock.now();
    await this.uow.transaction(async (m) => {
      const row = await this.refreshTokens.findForUpdate(m, id);
      if (row && safeEqualHex(row.token_hash, sha256(secret))) await this.refreshTokens.revokeFamily(m, row.family_id, now);
    });
  }

  /** Resolves the caller of an authenticated request; a stale or deactivated identity is refused. */
  async identityFromToken(payload: AccessTokenPayload | ClientTokenPayload): Promise<AuthUser> {
    if (isClientToken(payload)) return this.machines.identify(payload);
    // Both reads at once (every authenticated request makes them): one round trip, not two (#22).
    const [user, sessionRevoked] = await Promise.all([
      this.users.findActiveIdentity(payload.sub),
      payload.sid ? this.refreshTokens.isFamilyRevoked(payload.sid) : Promise.resolve(false),
    ]);
    if (!user || user.username.startsWith(MACHINE_USERNAME_PREFIX)) throw new AppError(ErrorCode.Unauthenticated, 'The account is not active');
    if (new Date(user.passwordChangedAt).getTime() !== payload.pwd) {
      throw new AppError(ErrorCode.Unauthenticated, 'The password was changed; sign in again');
    }
    if (sessionRevoked) {
      throw new AppError(ErrorCode.Unauthenticated, 'This session has ended; sign in again');
    }
    return toAuthUser(user);
  }

  private tooManyAttempts(lockedUntil: Date, now: Date): AppError {
    const seconds = Math.max(1, Math.ceil((new Date(lockedUntil).getTime() - now.getTime()) / 1000));
    return new AppError(
      ErrorCode.TooManyAttempts,
      `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minute(s)`,
      undefined,
      { retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
