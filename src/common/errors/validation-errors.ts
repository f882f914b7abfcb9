import { ValidationError } from 'class-validator';
import { AppError, FieldError } from './app-error';
import { ErrorCode } from './error-code';

/** Flattens nested class-validator errors into `field.path: message` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function validationFailed(errors: ValidationError[]): AppError {
  const details = flattenValidationErrors(errors);
  const summary = details
    .map((d) => d.message)
    .slice(0, 3)
    .join('; ');
  return new AppError(ErrorCode.ValidationFailed, `The request is invalid: ${summary}`, details);
}
