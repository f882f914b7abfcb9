import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock } from '../../common/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { PasswordHasher } from '../../users/password-hasher';
import { parseScopeList } from './client-scopes';
import { parseSecret } from './client-secret';
import { ClientsRepository } from './clients.repository';
import type { TokenResponseDto } from './dto/token.dto';
import { OAuthError } from './oauth-error';

/** What a client's access token says: `cid`/`ksid` name the client and the secret it came from. */
export interface ClientTokenPayload {
  sub: number;
  cid: number;
  ksid: number;
  scope: string;
}

export interface TokenRequest {
  grantType: unknown;
  scope: unknown;
  clientId: unknown;
  clientSecret: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The OAuth 2.0 client credentials grant (RFC 6749 §4.4). */
@Injectable()
export class TokenService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(request: TokenRequest): Promise<TokenResponseDto> {
    const grantType = text(request.grantType);
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required', 'grant_type');
    if (grantType !== 'client_credentials') {
      throw new OAuthError('unsupported_grant_type', `grant_type ${grantType.slice(0, 40)} is not supported; use client_credentials`, 'grant_type');
    }
    const clientId = text(request.clientId);
    const secret = text(request.clientSecret);
    if (!clientId || !secret) throw new OAuthError('invalid_client', 'Client authentication is required: HTTP Basic or client_id and client_secret');
    if (request.scope !== undefined && (typeof request.scope !== 'string' || request.scope.length > 500)) {
      throw new OAuthError('invalid_request', 'scope must be a space-separated string', 'scope');
    }

    const now = this.clock.now();
    const parsed = parseSecret(secret);
    const client = clientId.length <= 40 ? await this.clients.findByClientId(clientId) : null;
    const stored = parsed && client ? await this.clients.secretHash(client.id, parsed.secretId) : null;
    const valid = stored ? await this.hasher.verify(stored.hash, secret) : (await this.hasher.burn(secret), false);
    if (!valid || !client || !stored || !parsed) throw new OAuthError('invalid_client', 'Unknown client or wrong client secret');
    if (client.revokedAt) throw new OAuthError('invalid_client', 'This client was revoked');
    if (stored.revokedAt) throw new OAuthError('invalid_client', 'This client secret was revoked');
    if (stored.expiresAt && stored.expiresAt <= now) throw new OAuthError('invalid_client', 'This client secret has expired (rotated); use the new one');

    const requested = request.scope === undefined ? client.scopes : parseScopeList(request.scope as string);
    const missing = requested.filter((s) => !client.scopes.includes(s));
    if (missing.length) throw new OAuthError('invalid_scope', `The client may not ask for ${missing.join(', ')}`, 'scope');
    if (!requested.length) throw new OAuthError('invalid_scope', 'Ask for at least one scope', 'scope');

    await this.clients.touch(client.id, parsed.secretId, now);
    const payload: ClientTokenPayload = { sub: client.userId, cid: client.id, ksid: parsed.secretId, scope: requested.join(' ') };
    const ttl = this.config.JWT_ACCESS_TTL_SECONDS;
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: ttl });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: ttl, scope: requested.join(' ') };
  }
}
