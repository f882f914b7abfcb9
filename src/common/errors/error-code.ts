import { assertNever } from '../domain/assert-never';

/** Stable machine-readable codes: clients switch on these, never on messages. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  BadRequest = 'BAD_REQUEST',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenReused = 'REFRESH_TOKEN_REUSED',
  Forbidden = 'FORBIDDEN',
  CsrfRejected = 'CSRF_REJECTED',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  VersionConflict = 'VERSION_CONFLICT',
  /** If-Match named a version that is no longer current (RFC 9110 §13.1.1). */
  PreconditionFailed = 'PRECONDITION_FAILED',
  /** The change needs a precondition (If-Match or a body version) and none was sent (RFC 6585 §3). */
  PreconditionRequired = 'PRECONDITION_REQUIRED',
  IllegalTransition = 'ILLEGAL_TRANSITION',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  Unprocessable = 'UNPROCESSABLE',
  CalendarNotCovered = 'CALENDAR_NOT_COVERED',
  TooManyAttempts = 'TOO_MANY_ATTEMPTS',
  RateLimited = 'RATE_LIMITED',
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  RequestTimeout = 'REQUEST_TIMEOUT',
  UriTooLong = 'URI_TOO_LONG',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  /** The database cannot be reached; retry after the Retry-After header's seconds. */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  /** Another change held the same rows past the lock wait (or a deadlock chose this one); retry shortly. */
  DatabaseBusy = 'DATABASE_BUSY',
  /** This instance is draining before it stops; retry (another instance will answer). */
  ShuttingDown = 'SHUTTING_DOWN',
  Internal = 'INTERNAL_ERROR',
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
    case ErrorCode.BadRequest:
      return 400;
    case ErrorCode.Unauthenticated:
    case ErrorCode.InvalidCredentials:
    case ErrorCode.TokenExpired:
    case ErrorCode.TokenReused:
      return 401;
    case ErrorCode.Forbidden:
    case ErrorCode.CsrfRejected:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.Conflict:
    case ErrorCode.VersionConflict:
    case ErrorCode.IllegalTransition:
      return 409;
    case ErrorCode.PreconditionFailed:
      return 412;
    case ErrorCode.PreconditionRequired:
      return 428;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.UnsupportedMediaType:
      return 415;
    case ErrorCode.Unprocessable:
    case ErrorCode.CalendarNotCovered:
      return 422;
    case ErrorCode.TooManyAttempts:
    case ErrorCode.RateLimited:
      return 429;
    case ErrorCode.HeadersTooLarge:
      return 431;
    case ErrorCode.RequestTimeout:
      return 408;
    case ErrorCode.UriTooLong:
      return 414;
    case ErrorCode.ServiceUnavailable:
    case ErrorCode.DatabaseUnavailable:
    case ErrorCode.DatabaseBusy:
    case ErrorCode.ShuttingDown:
      return 503;
    case ErrorCode.Internal:
      return 500;
    default:
      return assertNever(code, 'error code');
  }
}
