import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../common/auth/decorators';
import type { Role } from '../../common/auth/role';
import { ConsoleSessionGuard } from '../session/console-session.guard';
import type { ConsoleSession } from '../session/console-session.service';
import { CONSOLE_ROLES, MULTIPART_FORM } from './console-metadata';
import type { ConsoleRequest } from './console-request';
import { ConsoleExceptionFilter } from './console-exception.filter';

/**
 * Only these roles may open the page or post the form; others get the 403 page. The same
 * semantics as the API's @Roles, under its own key: the API's global RolesGuard runs before the
 * console's session guard has identified anybody, so it must not see console routes' roles.
 */
export const ConsoleRoles = (...roles: Role[]) => SetMetadata(CONSOLE_ROLES, roles);

/** The route reads a multipart form; its `_csrf` field is checked by readMultipartForm before anything else. */
export const MultipartForm = () => SetMetadata(MULTIPART_FORM, true);

/** A console controller that needs no session (the sign-in page). The API's JWT guard is bypassed; pages render errors as HTML. */
export const ConsolePublicController = () => applyDecorators(Public(), ApiExcludeController(), UseFilters(ConsoleExceptionFilter));

/** A console controller behind the cookie session (with CSRF checks on every unsafe method). */
export const ConsoleController = () => applyDecorators(ConsolePublicController(), UseGuards(ConsoleSessionGuard));

/** The signed-in session, set by ConsoleSessionGuard. */
export const Session = createParamDecorator((_data: unknown, ctx: ExecutionContext): ConsoleSession => {
  const session = ctx.switchToHttp().getRequest<ConsoleRequest>().consoleSession;
  if (!session) throw new Error('Session used on a route without ConsoleSessionGuard');
  return session;
});
