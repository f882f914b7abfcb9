import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';

/**
 * Optimistic concurrency as HTTP clients know it (RFC 9110 §8.8.3, §13.1.1): a resource's
 * version is its strong ETag; a change names the version it was based on in If-Match. Forms
 * cannot send headers, so a `version` field in the body is the alternative — answered with 409
 * when stale, where a stale If-Match is 412.
 */
export interface ExpectedVersion {
  version: number;
  via: 'if-match' | 'body';
}

/** The strong entity tag of a resource version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The refusal of a change based on a version that is no longer current, as the client sent it. */
export function staleVersion(what: string, expected: ExpectedVersion, context: Record<string, unknown>): AppError {
  if (expected.via === 'body') return AppError.versionConflict(what, context);
  return new AppError(
    ErrorCode.PreconditionFailed,
    `${what} was changed since you read it (If-Match "${expected.version}"); reload it and try again`,
    undefined,
    context,
  );
}

/** The refusal of a change that names no version at all. */
export function versionRequired(): AppError {
  return new AppError(
    ErrorCode.PreconditionRequired,
    'Send the version you read: If-Match with its ETag (e.g. "3") or "version" in the body',
    [{ field: 'If-Match', message: 'required (or version in the body)' }],
  );
}

const ENTITY_TAG = /^(W\/)?"(\d+)"$/;

/**
 * The version an If-Match header names. A weak tag never matches under the strong comparison
 * If-Match requires, so it is answered like a stale one; a list of tags or `*` is not a version.
 */
export function versionFromIfMatch(header: string | undefined): ExpectedVersion | undefined {
  if (header === undefined) return undefined;
  const match = ENTITY_TAG.exec(header.trim()) ?? /^()(\d+)$/.exec(header.trim());
  if (!match) {
    throw AppError.badRequest('If-Match must carry one entity tag, the ETag you read, e.g. "3"', [
      { field: 'If-Match', message: 'not an entity tag' },
    ]);
  }
  if (match[1])
    throw new AppError(ErrorCode.PreconditionFailed, 'A weak entity tag never matches If-Match; send the ETag as read, e.g. "3"');
  return { version: Number(match[2]), via: 'if-match' };
}

/** The header wins over the body when both are sent: it is what HTTP tooling sets. */
export function expectedVersionOf(ifMatch: string | undefined, bodyVersion: number | undefined): ExpectedVersion | undefined {
  return versionFromIfMatch(ifMatch) ?? (bodyVersion === undefined ? undefined : { version: bodyVersion, via: 'body' });
}

/** The raw If-Match header, read without declaring a second (lower-case) header in the document. */
export const IfMatch = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | undefined => {
  const value = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['if-match'];
  return Array.isArray(value) ? value.join(', ') : value;
});
