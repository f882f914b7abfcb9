import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppError, type FieldError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-code';

/** Where @nestjs/swagger's @ApiProperty keeps a property's options. */
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';

type PropertyOptions = { nullable?: boolean; type?: unknown };

function propertyOf(dto: unknown, key: string): PropertyOptions | undefined {
  if (typeof dto !== 'function') return undefined;
  return Reflect.getMetadata(SWAGGER_PROPERTY, (dto as { prototype: object }).prototype, key) as PropertyOptions | undefined;
}

/** The DTO class a property holds (`type: X`, `type: [X]` or the plugin's `type: () => X`), if it is one. */
function nestedDto(options: PropertyOptions | undefined): unknown {
  let type = options?.type;
  if (Array.isArray(type)) type = type[0];
  // A thunk (an arrow function has no prototype) rather than the class itself.
  if (typeof type === 'function' && !(type as { prototype?: unknown }).prototype) type = (type as () => unknown)();
  if (Array.isArray(type)) type = type[0];
  return typeof type === 'function' ? type : undefined;
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
    // Walked without recursion; each level knows the DTO class it belongs to (arrays keep their parent's).
    const stack: Array<{ node: unknown; path: string; dto: unknown }> = [{ node: value, path: '', dto: metadata.metatype }];
    while (stack.length && problems.length < 20) {
      const { node, path, dto } = stack.pop() as { node: unknown; path: string; dto: unknown };
      const isArray = Array.isArray(node);
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
        const field = path ? `${path}.${key}` : key;
        const property = isArray ? undefined : propertyOf(dto, key);
        if (child === null) {
          const nullable = isArray ? false : property?.nullable === true;
          if (!nullable) problems.push({ field, message: `${field} must not be null` });
        } else if (typeof child === 'object') {
          stack.push({ node: child, path: field, dto: isArray ? dto : nestedDto(property) });
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
