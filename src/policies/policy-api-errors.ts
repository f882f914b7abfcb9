import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from '../common/errors/error-body';

const WHY: Record<number, string> = {
  400: 'Invalid input (details name the fields)',
  401: 'Not signed in',
  403: 'Your role may not do this',
  404: 'Not found, or outside what you may see',
  409: 'Stale version, or not allowed in the current state',
};

/** Documents the error statuses an operation answers, each with the one error body. */
export const ApiErrors = (...statuses: number[]): MethodDecorator =>
  applyDecorators(...[401, ...statuses].map((status) => ApiResponse({ status, description: WHY[status], type: ErrorBody })));
