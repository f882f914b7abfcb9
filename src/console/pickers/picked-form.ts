import { AppError, type FieldError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { validateAs } from '../http/form-fields';

/**
 * Validates a form as the API's DTO together with its pickers' checks (a region in reach, a firm
 * the caller may see), so one submission shows every problem at its field at once: a picker's
 * problem takes the place of the DTO's on the same field.
 */
export async function validatePicked<T extends object>(
  type: new () => T,
  plain: Record<string, unknown>,
  problems: ReadonlyArray<FieldError | null>,
): Promise<T> {
  const found = problems.filter((p): p is FieldError => p !== null);
  const fields = new Set(found.map((p) => p.field));
  let dto: T;
  try {
    dto = await validateAs(type, plain);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== ErrorCode.ValidationFailed || !found.length) throw error;
    const rest = (error.details ?? []).filter((d) => !fields.has(d.field.split('.')[0]));
    throw new AppError(ErrorCode.ValidationFailed, error.message, [...found, ...rest]);
  }
  if (found.length) throw AppError.badRequest(found.map((p) => `${p.field}: refused`).join('; '), found);
  return dto;
}
