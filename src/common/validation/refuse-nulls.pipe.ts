import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppError, type FieldError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';

/** Where @nestjs/swagger's @ApiProperty keeps a property's options. */
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

function declaredNullable(dto: unknown, key: string): boolean {
  if (typeof dto !== 'function') return false;
  const options = Reflect.getMetadata(SWAGGER_PROPERTY, (dto as { prototype: object }).prototype, key) as { nullable?: boolean } | undefined;
  return options?.nullable === true;
}

/**
 * A JSON `null` is accepted only where the contract says so (`@ApiProperty({ nullable: true })`
 * on a body field). class-validator's @IsOptional() lets null through to the service, where a
 * NOT NULL column would turn it into a 500; here it becomes a 400 naming the field instead.
 * Runs before the ValidationPipe, on request bodies only.
 */
@Injectable()
export class RefuseNullsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || value === null || typeof value !== 'object') return value;
    const problems: FieldError[] = [];
    const stack: Array<{ node: unknown; path: string; top: boolean }> = [{ node: value, path: '', top: true }];
    while (stack.length && problems.length < 20) {
      const { node, path, top } = stack.pop() as { node: unknown; path: string; top: boolean };
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
        const field = path ? `${path}.${key}` : key;
        if (child === null) {
          if (!(top && declaredNullable(metadata.metatype, key))) problems.push({ field, message: `${field} must not be null` });
        } else if (typeof child === 'object') {
          stack.push({ node: child, path: field, top: false });
        }
      }
    }
    if (problems.length) {
      throw new AppError(
        ErrorCode.ValidationFailed,
        `The request is invalid: ${problems
          .slice(0, 3)
          .map((p) => p.message)
          .join('; ')} (omit a field to leave it unchanged)`,
        problems,
      );
    }
    return value;
  }
}
