import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { Flash } from '../http/console-renderer';
import { describeError } from './error-messages';

/** A refusal the person can put right from the page they came from: not a missing page, nor a fault. */
export function isFixableRefusal(error: unknown): error is AppError {
  return error instanceof AppError && error.code !== ErrorCode.NotFound && error.code !== ErrorCode.Internal;
}

/**
 * A refused change told on the page it goes back to: `headline：` and the refusal's Chinese
 * title, with each problem listed (or the refusal's message when it names none).
 */
export function refusalFlash(error: AppError, headline: string): Flash {
  const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
  return { kind: 'error', text: `${headline}：${described.title}`, details: described.details.length ? described.details : [described.message] };
}
