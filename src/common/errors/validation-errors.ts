import { ValidationError } from 'class-validator';
import { AppError, FieldError } from './app-error';
import { ErrorCode } from './error-code';

/** Flattens nested class-validator errors into `field.path: message` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    // A body that is not an object at all (an array, a string) fails as a whole: its field is `body`.
    const property = error.property || 'body';
    const field = parent ? `${parent}.${property}` : property;
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
