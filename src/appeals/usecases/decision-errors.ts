import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { DecisionFailure } from '../domain';

/** forbidden → 403, bad input → 400, anything about the appeal's current state → 409; always with what is allowed now. */
export function decisionError(failure: DecisionFailure, current: { status: string; version: number }): AppError {
  const context = {
    action: failure.action,
    reason: failure.error,
    status: current.status,
    version: current.version,
    allowedActions: failure.allowedActions,
  };
  switch (failure.error) {
    case 'forbidden':
      return new AppError(ErrorCode.Forbidden, failure.message, undefined, context);
    case 'invalid_input':
      return new AppError(
        ErrorCode.ValidationFailed,
        failure.message,
        [{ field: failure.field ?? failure.action, message: failure.message }],
        context,
      );
    default:
      return new AppError(ErrorCode.IllegalTransition, failure.message, undefined, context);
  }
}
