import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import type { DepartmentsService } from '../../departments/departments.service';
import { ListDepartmentsQuery } from '../../departments/dto/department.dto';
import type { ConsoleRenderer } from '../http/console-renderer';
import type { FormBody } from '../http/form-fields';
import { describeError, type ErrorDescription } from '../shared/error-messages';
import { refusalFlash } from '../shared/refusal-flash';

/**
 * A refused form shown again: its Chinese description (each problem beside its field), what was
 * typed (kept in the fields), and the status to answer with (400 unless the API answers the same
 * refusal otherwise).
 */
export interface Refusal {
  error: ErrorDescription;
  values?: FormBody;
  status?: number;
}

/**
 * Renders an admin page: as asked (200), or after a refusal with its error beside the fields
 * (what was typed is the caller's to put in the view's `values`, beside the record's own).
 */
export async function renderAdminPage(
  pages: ConsoleRenderer,
  reply: FastifyReply,
  template: string,
  view: object,
  refused?: Refusal,
): Promise<void> {
  await pages.page(reply, template, { ...view, error: refused?.error }, refused ? (refused.status ?? 400) : 200);
}

/** Blank optional fields of an edit form mean "leave as it is". */
export function present<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The active departments an admin form offers (users' department, a routing rule's target). */
export async function activeDepartments(departments: DepartmentsService, user: AuthUser) {
  return (await departments.list(user, Object.assign(new ListDepartmentsQuery(), { active: true, pageSize: 200 }))).items;
}

/**
 * Runs an administration change; success and fixable errors both come back to the page `back`
 * as a flash message (`what` names the change in the error headline). Internal faults and
 * non-domain errors go to the error page.
 */
export async function attemptAdminChange(
  pages: ConsoleRenderer,
  reply: FastifyReply,
  back: string,
  what: string,
  work: () => Promise<string>,
): Promise<void> {
  try {
    const done = await work();
    await pages.redirect(reply, back, { kind: 'success', text: done });
  } catch (error) {
    // A record gone since the page was shown is told here too, unlike most forms.
    if (!(error instanceof AppError) || error.code === ErrorCode.Internal) throw error;
    await pages.redirect(reply, back, refusalFlash(error, `${what}未完成`));
  }
}

/**
 * Like attemptAdminChange for a form whose fields matter (a create form with pickers): success
 * redirects to `back` with a flash; a fixable error renders the page again through `again`,
 * with what was typed and each problem in Chinese next to its field (status 400).
 */
export async function attemptAdminForm(
  pages: ConsoleRenderer,
  reply: FastifyReply,
  back: string,
  work: () => Promise<string>,
  again: (error: ErrorDescription) => Promise<void>,
): Promise<void> {
  let done: string;
  try {
    done = await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.code === ErrorCode.Internal) throw error;
    return again(describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details }));
  }
  await pages.redirect(reply, back, { kind: 'success', text: done });
}
