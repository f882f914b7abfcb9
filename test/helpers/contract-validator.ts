import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Holds every JSON response of the e2e suite to the OpenAPI document the application serves:
 * the status must be documented for the operation (4xx explicitly; 5xx may fall to `default`),
 * and the body must match its schema exactly — no undocumented property, null only where
 * nullable, integers where integer, the declared enums and formats.
 */

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: Json }> }>;
}
interface WebhookOperation {
  parameters?: { name: string; in: string; required?: boolean; schema?: Json }[];
  requestBody?: { content?: Record<string, { schema?: Json }> };
}
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  operation: Operation;
}

const COMPONENTS_ID = 'qiyuan-openapi';
/** Refusals before routing, answered for any operation and documented by its `default` response. */
const TRANSPORT_STATUSES = [408, 414, 431];

/** OpenAPI 3.0 schema → JSON Schema for ajv: `nullable`, component refs, closed objects. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/', `${COMPONENTS_ID}#/components/`);
    } else if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Json).map(([name, property]) => [name, toJsonSchema(property)]));
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  // An object that lists its properties has no others: an undocumented field is a contract bug.
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (source.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

function valueAt(body: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, key) => (node === null || typeof node !== 'object' ? undefined : (node as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')]),
      body,
    );
}

function routeOf(method: string, template: string, operation: Operation): Route {
  const pattern = new RegExp(
    '^' +
      template
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
        .join('') +
      '$',
  );
  return { method, template, pattern, operation };
}

export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  private readonly components: Json;

  private readonly webhooks: Record<string, { post?: WebhookOperation }>;

  constructor(document: { paths: Record<string, Record<string, Operation>>; components?: Json; webhooks?: Json }) {
    this.components = document.components ?? {};
    this.webhooks = (document.webhooks ?? {}) as Record<string, { post?: WebhookOperation }>;
    this.ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS_ID, components: toJsonSchema(document.components ?? {}) });
    this.routes = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => routeOf(method, template, operation)),
    );
    // Literal segments win over parameters (/api/appeals/caseload before /api/appeals/{id}).
    this.routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  }

  private resolve(response: { $ref?: string; content?: Record<string, { schema?: Json }> }) {
    if (!response.$ref) return response;
    const name = response.$ref.replace('#/components/responses/', '');
    return ((this.components.responses as Record<string, typeof response> | undefined) ?? {})[name] ?? {};
  }

  /** Problems of a value against a schema of the document (e.g. a request body's example). */
  problemsOf(schema: unknown, value: unknown): string[] {
    const validate = this.ajv.compile(toJsonSchema(schema) as Json);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }

  /**
   * Problems of a request Qiyuan sent to a receiver, held to the document's `webhooks[name]`:
   * every documented header present and matching its schema, the raw body JSON matching the
   * request body schema exactly.
   */
  webhookProblems(name: string, headers: Record<string, string | string[] | undefined>, rawBody: string): string[] {
    const operation = this.webhooks[name]?.post;
    if (!operation) return [`webhooks.${name} is not documented (documented: ${Object.keys(this.webhooks).join(', ')})`];
    const problems: string[] = [];
    for (const parameter of (operation.parameters ?? []).filter((p) => p.in === 'header')) {
      const value = headers[parameter.name.toLowerCase()];
      if (value === undefined) {
        if (parameter.required) problems.push(`webhooks.${name}: header ${parameter.name} is missing`);
        continue;
      }
      problems.push(...this.problemsOf(parameter.schema ?? {}, value).map((p) => `webhooks.${name}: header ${parameter.name}${p} (got ${JSON.stringify(value)})`));
    }
    const schema = operation.requestBody?.content?.['application/json']?.schema;
    if (!schema) return [...problems, `webhooks.${name}: no JSON request body documented`];
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      return [...problems, `webhooks.${name}: the body is not JSON`];
    }
    return [...problems, ...this.problemsOf(schema, body).map((p) => `webhooks.${name}: body${p}`)];
  }

  /** Problems with one response, empty when it keeps the contract; undocumented paths are not checked. */
  check(method: string, url: string, status: number, contentType: string | undefined, body: unknown): string[] {
    const path = url.split('?')[0].replace(/^https?:\/\/[^/]+/, '');
    const route = this.routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
    if (!route) return [];
    const where = `${method.toUpperCase()} ${route.template} → ${status}`;
    const responses = route.operation.responses ?? {};
    const viaDefault = status >= 500 || TRANSPORT_STATUSES.includes(status);
    const key = String(status) in responses ? String(status) : viaDefault && 'default' in responses ? 'default' : undefined;
    if (key === undefined) return [`${where}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const content = this.resolve(responses[key]).content;
    const isJson = (contentType ?? '').includes('json');
    // A spec that buffers the raw body (to read its bytes) still holds JSON to the contract.
    if (isJson && Buffer.isBuffer(body)) body = body.length ? JSON.parse(body.toString('utf8')) : undefined;
    if (!content)
      return isJson && body !== undefined && Object.keys(body as Json).length > 0
        ? [`${where}: a body is sent but none is documented`]
        : [];
    const media = Object.keys(content).find((type) => type.includes('json'));
    if (!isJson)
      return media && Object.keys(content).length === 1
        ? [`${where}: answered ${contentType ?? 'no content type'}, documented ${media}`]
        : [];
    if (!media) return [`${where}: answered JSON, documented ${Object.keys(content).join(', ')}`];
    const schema = content[media].schema;
    if (!schema) return [];
    const cacheKey = `${route.method} ${route.template} ${key}`;
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Json);
      this.compiled.set(cacheKey, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 8).map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${String(e.params.additionalProperty)})`
          : ` (got ${JSON.stringify(valueAt(body, e.instancePath))?.slice(0, 80)})`;
      return `${where}: body${e.instancePath} ${e.message}${extra}`;
    });
  }
}
