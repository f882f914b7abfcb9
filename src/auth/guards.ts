import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC } from '../common/auth/decorators';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { validationFailed } from '../common/errors/validation-errors';
import { LoginDto } from './dto/auth.dto';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

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
  /**
   * Guards run before pipes, so the credentials are validated here, before passport reads them:
   * a number, an object or a megabyte for a username is a 400 naming the field, not a crash.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const body: unknown = context.switchToHttp().getRequest<{ body?: unknown }>().body;
    const errors = await validate(plainToInstance(LoginDto, body !== null && typeof body === 'object' ? body : {}), {
      whitelist: true,
      forbidNonWhitelisted: true,
    });
    if (errors.length) throw validationFailed(errors);
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T, info: unknown): T {
    if (error) throw error;
    if (user) return user;
    const reason = info as { message?: string } | undefined;
    throw new AppError(ErrorCode.ValidationFailed, 'username and password are required', [
      { field: 'username', message: reason?.message ?? 'missing credentials' },
    ]);
  }
}
