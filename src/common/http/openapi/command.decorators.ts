import { applyDecorators, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiErrors } from './api-docs.decorators';
import type { ErrorStatus } from './error-responses';

export interface CommandOptions {
  /** Only where the method's name is not the operation's (the default id is `<resource>.<method>`). */
  operationId?: string;
  /** The errors the command adds to those its shape implies (see openapi-refine). */
  errors?: readonly ErrorStatus[];
}

/**
 * A POST that creates nothing, so it answers 200 rather than 201: a command on a resource that
 * exists (answered with the resource after it), or a question whose input needs a body (a
 * preview). The success answer stays on the method as `@ApiOkResponse`: the
 * Swagger plugin reads only the method's own decorators, and documents the return type of a POST
 * that shows it no success answer as a 201.
 */
export function PostCommand(path: string, { operationId, errors = [] }: CommandOptions = {}): MethodDecorator {
  return applyDecorators(Post(path), HttpCode(200), ...(operationId ? [ApiOperation({ operationId })] : []), ApiErrors(...errors));
}

/**
 * A command on a versioned resource: the version read comes as If-Match (412 when stale, 428
 * when neither it nor the body names one) or as `version` in the body (409 when stale).
 */
export const VersionedCommand = (path: string, operationId?: string): MethodDecorator =>
  PostCommand(path, { operationId, errors: [409, 412, 428] });
