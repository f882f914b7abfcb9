import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser } from '../../common/auth/auth-user';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AccessTokenPayload, AuthService } from '../auth.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      // A KeyObject, not the string: jsonwebtoken 9 otherwise tries createPublicKey() on the secret
      // for every request before falling back to a secret key — about 1 ms of CPU per call
      // (npm run bench). passport-jwt hands it to jsonwebtoken unchanged; its types only list string | Buffer.
      secretOrKey: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
    });
  }

  validate(payload: AccessTokenPayload): Promise<AuthUser> {
    return this.auth.identityFromToken(payload);
  }
}
