import { Transform } from 'class-transformer';
import { registerDecorator, ValidationArguments } from 'class-validator';
import { validateCreditCode } from '../domain/credit-code';

/**
 * Validates a unified social credit code with GB 32100-2015 and normalises it (trimmed, upper
 * case, half-width) so the service stores and compares the canonical form. The failure message is
 * the validator's own, e.g. "… check character is wrong: expected 0, got G".
 */
export function IsCreditCode(): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const result = validateCreditCode(value);
    return result.ok ? result.code : value;
  });
  return (target: object, propertyName: string | symbol) => {
    transform(target, propertyName);
    registerDecorator({
      name: 'isCreditCode',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validateCreditCode(value).ok,
        defaultMessage: (args: ValidationArguments) => {
          if (typeof args.value !== 'string') return `${args.property} must be a string`;
          const result = validateCreditCode(args.value);
          return result.ok ? '' : result.message;
        },
      },
    });
  };
}
