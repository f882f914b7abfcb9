import { ErrorCode, httpStatusOf } from '../../common/errors/error-code';

/** RFC 6749 §5.2 error codes the token endpoint answers. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope';

const CODES: Record<OAuthErrorCode, ErrorCode> = {
  invalid_request: ErrorCode.ValidationFailed,
  invalid_client: ErrorCode.InvalidCredentials,
  unsupported_grant_type: ErrorCode.BadRequest,
  invalid_scope: ErrorCode.BadRequest,
};

/**
 * A refusal of the token endpoint. Its body is the API's one error body plus RFC 6749's
 * `error` and `error_description`, so OAuth libraries and our own clients both read it.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  get status(): number {
    return httpStatusOf(CODES[this.error]);
  }

  body(): Record<string, unknown> {
    return {
      statusCode: this.status,
      code: CODES[this.error],
      message: this.message,
      ...(this.field ? { details: [{ field: this.field, message: this.message }] } : {}),
      error: this.error,
      error_description: this.message,
    };
  }
}
