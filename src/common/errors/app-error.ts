import { ErrorCode } from './error-code';

export interface FieldError {
  field: string;
  message: string;
  /** Row number for file imports, 1-based as a spreadsheet shows it. */
  row?: number;
}

/**
 * The one exception type services throw. It carries a stable code (mapped to an HTTP status in
 * one place, the exception filter), a human message, and optional structured detail.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
    /** Extra machine-readable context, e.g. the current state on a version conflict. */
    readonly context?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what: string, id: string | number): AppError {
    return new AppError(ErrorCode.NotFound, `${what} ${id} was not found`);
  }

  static badRequest(message: string, details?: FieldError[]): AppError {
    return new AppError(ErrorCode.BadRequest, message, details);
  }

  static forbidden(message: string, context?: Record<string, unknown>): AppError {
    return new AppError(ErrorCode.Forbidden, message, undefined, context);
  }

  static conflict(message: string, context?: Record<string, unknown>): AppError {
    return new AppError(ErrorCode.Conflict, message, undefined, context);
  }

  static versionConflict(what: string, context: Record<string, unknown>): AppError {
    return new AppError(ErrorCode.VersionConflict, `${what} was changed by someone else; reload it and try again`, undefined, context);
  }
}
