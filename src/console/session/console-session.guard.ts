import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../common/auth/role';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { CONSOLE_ROLES, MULTIPART_FORM } from '../http/console-metadata';
import { SAFE_METHODS, type ConsoleRequest } from '../http/console-request';
import type { FormBody } from '../http/form-fields';
import { ConsoleSessionService } from './console-session.service';
import { SESSION_COOKIE } from './session-cookie';

/**
 * Every console page: a live session (else the filter sends the browser to sign in), then the
 * CSRF token on anything but GET/HEAD, then the page's roles. The CSRF check comes before the
 * role check so that a forged request learns nothing and does nothing.
 */
@Injectable()
export class ConsoleSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: ConsoleSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const session = await this.sessions.resolve(request.cookies?.[SESSION_COOKIE]);
    if (!session) throw new AppError(ErrorCode.Unauthenticated, 'Sign in to the console first');
    request.consoleSession = session;
    request.user = session.user;

    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (request.isMultipart()) {
        // The body is still a stream here; readMultipartForm checks the `_csrf` field before any file.
        if (!this.reflector.getAllAndOverride<boolean>(MULTIPART_FORM, [context.getHandler(), context.getClass()])) {
          throw new AppError(ErrorCode.CsrfRejected, 'This form does not accept multipart bodies');
        }
        if (header !== undefined) {
          this.sessions.verifyCsrf(session, header);
          request.csrfVerified = true;
        }
      } else {
        const body = request.body as FormBody | undefined;
        this.sessions.verifyCsrf(session, header ?? body?._csrf);
      }
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(CONSOLE_ROLES, [context.getHandler(), context.getClass()]);
    if (roles?.length && !roles.includes(session.user.role)) {
      throw AppError.forbidden(`This page requires the role ${roles.join(' or ')}`, { requiredRoles: roles });
    }
    return true;
  }
}
