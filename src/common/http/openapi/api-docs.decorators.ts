import { applyDecorators, type Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorBody } from '../../errors/error-body';
import { ERROR_RESPONSES, type ErrorStatus } from './error-responses';

/**
 * Errors an operation answers beyond those the document derives from its shape (400 for any
 * input, 401 when authenticated, 404 for a path parameter, 413/415 for a body).
 */
export const ApiErrors = (...statuses: ErrorStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, description: ERROR_RESPONSES[status].description, type: ErrorBody })));

/** A 200 answer with one page of `item`: `{ items, total, page, pageSize }`. */
export const ApiPagedResponse = (item: Type<unknown>) =>
  applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description: 'One page of results',
      schema: {
        type: 'object',
        required: ['items', 'total', 'page', 'pageSize'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          total: { type: 'integer', minimum: 0, description: 'Matches over all pages' },
          page: { type: 'integer', minimum: 1 },
          pageSize: { type: 'integer', minimum: 1 },
        },
      },
    }),
  );

/**
 * A body of one file, sent as multipart/form-data in the field "file" (read with request.file(),
 * which the framework cannot describe); `description` says which kinds of file are taken.
 */
export const ApiFileUpload = (description?: string) =>
  applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({
      schema: {
        type: 'object',
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary', ...(description === undefined ? {} : { description }) } },
      },
    }),
  );

/** The `ETag` header of a versioned resource's answer. */
export const ETAG_HEADER = {
  ETag: {
    description: 'The version as a strong entity tag, e.g. "3"; send it back as If-Match to change the resource',
    schema: { type: 'string' },
  },
};
