import { DIVISION_CODE, ISO_DATE_TEXT } from '../../validation/query-fields';

/**
 * An example body for each JSON request, composed from the examples, defaults and enums its
 * schema's properties declare, so every operation shows a body a reader can send as it is.
 */

type Json = Record<string, unknown>;

/** Patterns the DTOs share, with a value that matches. */
const SAMPLE_BY_PATTERN: Record<string, string> = {
  [DIVISION_CODE.source]: '510104',
  [ISO_DATE_TEXT.source]: '2026-03-02',
};

const SAMPLE_BY_FORMAT: Record<string, unknown> = {
  'date-time': '2026-03-02T09:00:00.000Z',
  date: '2026-03-02',
  email: 'someone@example.com',
  uri: 'https://example.com/',
};

export function exampleOf(schema: Json | undefined, schemas: Record<string, Json>, depth = 0): unknown {
  if (!schema || depth > 16) return undefined;
  if (typeof schema.$ref === 'string') return exampleOf(schemas[schema.$ref.split('/').pop() as string], schemas, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum.find((value) => value !== null);
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    const first = (schema[key] as Json[] | undefined)?.find((part) => (part as Json).type !== 'null');
    if (first) return exampleOf(first, schemas, depth + 1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      const required = new Set((schema.required ?? []) as string[]);
      const entries = Object.entries(properties)
        .filter(([name, property]) => required.has(name) || property.example !== undefined)
        .map(([name, property]) => [name, exampleOf(property, schemas, depth + 1)] as const)
        .filter(([, value]) => value !== undefined);
      return Object.fromEntries(entries);
    }
    case 'array': {
      const item = exampleOf(schema.items as Json | undefined, schemas, depth + 1);
      const count = typeof schema.minItems === 'number' ? Math.max(schema.minItems, 1) : 1;
      return item === undefined ? [] : Array.from({ length: count }, () => item);
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string': {
      if (typeof schema.pattern === 'string' && schema.pattern in SAMPLE_BY_PATTERN) return SAMPLE_BY_PATTERN[schema.pattern];
      if (typeof schema.format === 'string' && schema.format in SAMPLE_BY_FORMAT) return SAMPLE_BY_FORMAT[schema.format];
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 1;
      return 'x'.repeat(Math.max(minLength, 4));
    }
    default:
      return undefined;
  }
}
