import type { TestContext } from './test-app';

/**
 * The served OpenAPI document read as a list of operations, with plausible values generated from
 * the schemas. The authorization matrix and the bad-input specs walk every operation of it, so a
 * new endpoint is covered (or fails them) without anyone remembering to add it.
 */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: Parameter[];
  bodyType: 'json' | 'multipart' | null;
  bodySchema: Schema | null;
  isPublic: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[] }>>;
  components: { schemas: Record<string, Schema> };
}

export async function servedDocument(ctx: TestContext): Promise<OpenApiDocument> {
  const response = await ctx.http().get('/api/docs-json').expect(200);
  return response.body as OpenApiDocument;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      const multipart = content['multipart/form-data'];
      out.push({
        method: method as Operation['method'],
        path,
        parameters: (op.parameters ?? []).filter((p) => p.in !== 'header'),
        bodyType: json ? 'json' : multipart ? 'multipart' : null,
        bodySchema: json ? resolve(doc, json.schema) : null,
        isPublic: !op.security?.length,
      });
    }
  }
  return out;
}

/** Follows $ref and merges allOf, so callers see one plain schema. */
export function resolve(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf?.length) {
    // The schema's own keywords (minimum, default) win over the referenced parts.
    let merged: Schema = { ...schema, allOf: undefined };
    for (const part of schema.allOf) merged = { ...resolve(doc, part), ...merged };
    return merged;
  }
  return schema;
}

/** A value the schema accepts, as far as a schema can say (examples and enums first). */
export function sampleOf(doc: OpenApiDocument, raw: Schema | undefined, name = ''): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum !== undefined ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => sampleOf(doc, schema.items, name));
    case 'object':
      return objectSample(doc, schema);
    case 'string':
    default:
      if (schema.properties) return objectSample(doc, schema);
      if (schema.format === 'date-time') return '2026-11-02T01:00:00.000Z';
      if (schema.pattern === '^\\d{6}$' || /regionCode|Code$/.test(name)) return '510104';
      if (/date|from|to$/i.test(name)) return '2026-11-02';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 4));
  }
}

function objectSample(doc: OpenApiDocument, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (schema.required?.includes(key)) out[key] = sampleOf(doc, property, key);
  }
  return out;
}

/** `/api/appeals/{id}/attachments/{attachmentId}` with the given values. */
export function pathWith(path: string, values: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name] ?? values.id ?? 1)));
}

/** The path's parameter names, in order. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}
