import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { operationIdOf } from '../../common/http/openapi/openapi-refine';
import { resourceOf } from '../../common/http/openapi/openapi-tags';
import { requiredScope } from './client-scopes';

const operationId = operationIdOf(resourceOf);

/**
 * Runs after authentication and the role guard: a machine client may call only the operations
 * open to clients (client-scopes.ts), each with its scope in the token. People are not affected.
 * Appeals a client submits carry its own reference namespace: `source` is the client's.
 */
@Injectable()
export class ClientScopesGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ user?: AuthUser; body?: unknown }>();
    const client = request.user?.client;
    if (!client) return true;
    const controller = context.getClass().name;
    const id = operationId(controller, context.getHandler().name);
    const rule = requiredScope(id, controller);
    if (!rule.open) throw AppError.forbidden('This operation is not open to API clients', { operationId: id, requiredScopes: [] });
    if (rule.scopes.length && !rule.scopes.some((scope) => client.scopes.includes(scope))) {
      const needed = rule.scopes.join(' or ');
      throw AppError.forbidden(`This operation needs the scope ${needed}`, { operationId: id, requiredScopes: [...rule.scopes] });
    }
    if (id === 'appeals.submit') claimReference(request.body, client.source);
    return true;
  }
}

/** A client names references in its own namespace only; it may leave `source` out. */
function claimReference(body: unknown, source: string): void {
  if (body === null || typeof body !== 'object') return;
  const fields = body as Record<string, unknown>;
  if (fields.source !== undefined && fields.source !== source) {
    throw AppError.forbidden(`A client submits references of its own source (${source}) only`, { requiredSource: source });
  }
  if (fields.externalId !== undefined) fields.source = source;
}
