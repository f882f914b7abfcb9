import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '../common/auth/decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';

/** Applied globally: every route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error) throw error;
    if (user) return user;
    const reason = info as { name?: string; message?: string } | undefined;
    if (reason?.name === 'TokenExpiredError') throw new AppError(ErrorCode.TokenExpired, 'The access token has expired; refresh it');
    throw new AppError(
      ErrorCode.Unauthenticated,
      reason?.message === 'No auth token' ? 'Sign in first: no access token was sent' : 'The access token is invalid',
    );
  }
}

@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error) throw error;
    if (user) return user;
    const reason = info as { message?: string } | undefined;
    throw new AppError(ErrorCode.ValidationFailed, 'username and password are required', [
      { field: 'username', message: reason?.message ?? 'missing credentials' },
    ]);
  }
}
