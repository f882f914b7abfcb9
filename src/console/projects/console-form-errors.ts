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

/** A refused form, told in Chinese: the headline, each field's problem next to it, the rest listed. */
export interface FormError {
  title: string;
  fields: Record<string, string>;
  others: string[];
}

/** "Enterprise 5 was not found" names the form field it comes from. */
const NOT_FOUND_FIELDS: Array<[RegExp, string]> = [
  [/^Enterprise /, 'creditCodes'],
  [/^Region /, 'regionCode'],
  [/^City /, 'cityCodes'],
  [/^Officer /, 'liaisonOfficer'],
  [/^Department /, 'leadDepartmentId'],
  [/^Staff user /, 'members'],
];

/**
 * Maps an AppError to the form's fields: `hints` holds, per field, the Chinese sentence saying
 * what the field needs; any problem reported on that field (by the DTO or the service) shows it
 * there. Problems on fields the form does not show, and errors without details, are listed.
 * A 404 naming a referenced record (a firm, a region) is the field's mistake, not a missing page.
 */
export function formErrorOf(
  error: AppError,
  hints: Record<string, string>,
  special: { notFound?: Record<string, string>; conflict?: [field: string, text: string] } = {},
): FormError {
  const notFound = special.notFound ?? {};
  const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
  const fields: Record<string, string> = {};
  const others: string[] = [];
  if (error.code === ErrorCode.NotFound) {
    const field = NOT_FOUND_FIELDS.find(([re]) => re.test(error.message))?.[1];
    if (field && (notFound[field] || hints[field])) {
      fields[field] = notFound[field] ?? hints[field];
      return { title: '提交的内容有误，请检查后重试', fields, others };
    }
  }
  if (error.code === ErrorCode.Conflict && special.conflict) {
    fields[special.conflict[0]] = special.conflict[1];
    return { title: described.title, fields, others };
  }
  for (const [i, d] of (error.details ?? []).entries()) {
    const key = d.field.split('.')[0];
    if (hints[key] && fields[key] === undefined) fields[key] = hints[key];
    else if (!hints[key]) others.push(described.details[i]);
  }
  // Without details the headline says it; the API's English message is for the log, not the page.
  if (!error.details?.length && /[\u4e00-\u9fff]/.test(described.message)) others.push(described.message);
  return { title: described.title, fields, others };
}

/** True when an error is the form's to show (not a missing page, a forged form or a fault). */
export function isFormMistake(error: unknown): error is AppError {
  return (
    error instanceof AppError &&
    ![ErrorCode.Internal, ErrorCode.CsrfRejected, ErrorCode.DatabaseUnavailable, ErrorCode.Unauthenticated].includes(error.code)
  );
}
