import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { ConsoleRenderer } from '../http/console-renderer';
import { describeError } from '../shared/error-messages';

/**
 * Runs a form's action and redirects back with a flash: success text, or the API's error told in
 * Chinese. A 404 or an internal error is not a form mistake and goes to the error page instead.
 */
export async function submitForm(
  pages: ConsoleRenderer,
  reply: FastifyReply,
  back: string,
  success: string,
  failure: string,
  action: () => Promise<unknown>,
): Promise<void> {
  try {
    await action();
    await pages.redirect(reply, back, { kind: 'success', text: success });
  } catch (error) {
    if (!(error instanceof AppError) || error.code === ErrorCode.NotFound || error.code === ErrorCode.Internal) throw error;
    const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
    await pages.redirect(reply, back, {
      kind: 'error',
      text: `${failure}：${described.title}`,
      details: described.details.length ? described.details : [error.message],
    });
  }
}
