import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser } from './auth-user';
import type { Role } from './role';

export const IS_PUBLIC = 'qiyuan:isPublic';
export const ROLES_KEY = 'qiyuan:roles';

/** The route needs no authentication (login, health, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
