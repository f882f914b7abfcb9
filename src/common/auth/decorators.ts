import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { ApiErrors } from '../http/openapi/api-docs.decorators';
import { PUBLIC_EXTENSION } from '../http/openapi/openapi-refine';
import type { AuthUser } from './auth-user';
import type { Role } from './role';

export const IS_PUBLIC = 'qiyuan:isPublic';
export const ROLES_KEY = 'qiyuan:roles';

/** The route needs no authentication (login, health, docs). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiErrors(403));

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
