import type { OpenAPIObject } from '@nestjs/swagger';
import { ERROR_RESPONSES, type ErrorStatus } from './error-responses';
import { ISO_DATE_TEXT } from '../../validation/query-fields';
import { exampleOf } from './request-examples';

/**
 * What the Swagger explorer cannot express is settled here, once, for every operation: OpenAPI
 * 3.1 nullability, integers, the error answers each operation's shape implies, security and the
 * declared tags. Pure: a document in, the refined document out.
 */

type Json = Record<string, unknown>;
type Operation = Json & { parameters?: Json[]; requestBody?: unknown; responses?: Record<string, Json>; tags?: string[] };

export const PUBLIC_EXTENSION = 'x-qiyuan-public';
export const BEARER = 'bearer';
/** The OAuth 2.0 client credentials scheme machine clients use (src/integrations/clients). */
export const CLIENT_CREDENTIALS = 'clientCredentials';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export interface RefineOptions {
  tags: { name: string; description: string }[];
  servers: { url: string; description: string }[];
  /** Whether a machine client may call the operation, and the scopes of which it needs one ([]: any client). */
  clientAccess?: (operationId: string, tags: string[]) => { open: boolean; scopes: readonly string[] };
}

/**
 * Plain `number` becomes `integer` (ids, counts, versions, days): a fractional figure says so
 * with `format: double`. `nullable` (3.0) becomes a `null` type or an `anyOf` with null (3.1).
 */
export function refineSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(refineSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    out[key] =
      key === 'properties' ? mapValues(value as Json, refineSchema) : key === 'example' || key === 'default' ? value : refineSchema(value);
  }
  if (out.type === 'number' && out.format === undefined) out.type = 'integer';
  // A day written YYYY-MM-DD (IsDateText) is a `date`.
  if (out.type === 'string' && out.pattern === ISO_DATE_TEXT.source && out.format === undefined) out.format = 'date';
  if (out.nullable !== true) {
    delete out.nullable;
    return out;
  }
  delete out.nullable;
  if (typeof out.type === 'string' && !out.allOf) {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  // A nullable reference: { anyOf: [ {$ref}, {type: null} ] }, keeping its description.
  const { allOf, type: _type, ...rest } = out;
  const target = Array.isArray(allOf) && allOf.length === 1 ? allOf[0] : { ...rest };
  return { ...(Array.isArray(allOf) ? rest : pick(rest, ['description'])), anyOf: [target, { type: 'null' }] };
}

function mapValues(object: Json, fn: (value: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value)]));
}

function pick(object: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => keys.includes(key)));
}

function errorRef(status: ErrorStatus): Json {
  return { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
}

/** The errors an operation's shape implies, added where the controller did not document them. */
function refineOperation(operation: Operation, method: string, path: string, options: RefineOptions): Operation {
  const isPublic = operation[PUBLIC_EXTENSION] === true;
  delete operation[PUBLIC_EXTENSION];
  const client = options.clientAccess?.(String(operation.operationId), operation.tags ?? []);
  // Alternatives are separate requirements (any one suffices): one per scope.
  const forClients = !client?.open ? [] : client.scopes.length ? client.scopes.map((scope) => ({ [CLIENT_CREDENTIALS]: [scope] })) : [{ [CLIENT_CREDENTIALS]: [] }];
  operation.security = isPublic ? [] : [{ [BEARER]: [] }, ...forClients];
  const parameters: Json[] = (operation.parameters ?? []).map((parameter) => ({ ...parameter, schema: refineSchema(parameter.schema) }));
  if (parameters.length) operation.parameters = parameters;
  const responses: Record<string, Json> = { ...(operation.responses ?? {}) };
  const implied: ErrorStatus[] = [];
  // Any POST/PUT/PATCH may arrive with a body, declared or not: bad JSON (400), too large (413), wrong type (415).
  const takesBody = Boolean(operation.requestBody) || ['post', 'put', 'patch'].includes(method);
  if (parameters.length || takesBody) implied.push(400);
  if (!isPublic) implied.push(401);
  // A machine client is refused (403) any operation not open to clients, or without the scope in its token.
  if (!isPublic && options.clientAccess) implied.push(403);
  // A path id, or a filter naming a region or a record, outside the caller's reach answers 404.
  if (parameters.some((p) => p.in === 'path' || (p.in === 'query' && /^(regionCode|\w+Id)$/.test(String(p.name))))) implied.push(404);
  if (takesBody) implied.push(413, 415);
  // The JSON API is rate limited per caller (src/common/http/rate-limits.ts); the health probes are not.
  if (path.startsWith('/api/')) implied.push(429);
  for (const status of implied) responses[status] ??= errorRef(status);
  // The decorators' error answers become the shared response components they describe.
  for (const [status, error] of Object.entries(ERROR_RESPONSES)) {
    if (responses[status]?.description === error.description) responses[status] = errorRef(Number(status) as ErrorStatus);
  }
  responses.default ??= { $ref: '#/components/responses/ServerError' };
  // An error is the one JSON body whatever the operation produces (an .xlsx export refuses in JSON).
  // (An operation with its own JSON error schema keeps it: the token endpoint answers RFC 6749's fields too.)
  for (const [status, response] of Object.entries(responses)) {
    if (/^[45]/.test(status) && !response.$ref && !ownJsonError(response)) {
      responses[status] = { ...response, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
    }
  }
  operation.responses = mapValues(responses, refineResponse) as Record<string, Json>;
  if (operation.requestBody) operation.requestBody = refineResponse(operation.requestBody);
  return operation;
}

function ownJsonError(response: Json): boolean {
  const content = response.content as Record<string, Json> | undefined;
  if (!content || Object.keys(content).join() !== 'application/json') return false;
  const ref = (content['application/json'].schema as Json | undefined)?.$ref;
  return typeof ref === 'string' && ref !== '#/components/schemas/ErrorBody';
}

function refineResponse(response: unknown): Json {
  const source = response as Json & { content?: Record<string, Json> };
  if (!source.content) return source;
  return {
    ...source,
    content: mapValues(source.content, (media) => ({ ...(media as Json), schema: refineSchema((media as Json).schema) })),
  };
}

export function refineDocument(document: OpenAPIObject, options: RefineOptions): OpenAPIObject {
  const doc = structuredClone(document) as unknown as Json & {
    paths: Record<string, Record<string, Operation>>;
    components: Json & { schemas?: Json; responses?: Json };
  };
  doc.openapi = '3.1.0';
  doc.servers = options.servers;
  doc.tags = options.tags;
  doc.security = [{ [BEARER]: [] }];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) item[method] = refineOperation(item[method], method, path, options);
  }
  doc.components.schemas = mapValues(doc.components.schemas ?? {}, refineSchema);
  const schemas = doc.components.schemas as Record<string, Json>;
  for (const item of Object.values(doc.paths)) {
    for (const method of METHODS) {
      const json = (item[method]?.requestBody as { content?: Record<string, Json> } | undefined)?.content?.['application/json'];
      if (json && json.example === undefined) json.example = exampleOf(json.schema as Json, schemas);
    }
  }
  const used = new Set(JSON.stringify(doc.paths).match(/#\/components\/responses\/\w+/g));
  const errorBody = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  const responses: Json = {};
  for (const { name, description } of Object.values(ERROR_RESPONSES)) {
    if (used.has(`#/components/responses/${name}`)) responses[name] = { description, content: errorBody };
  }
  responses.ServerError = {
    description:
      'An unexpected error (500, with an `errorId` to quote), the database unavailable or busy with conflicting changes (503, with Retry-After), or a refusal before the request reaches ' +
      'any operation: 408 request timeout, 414 URI too long, 431 headers too large',
    content: errorBody,
  };
  doc.components.responses = responses;
  return doc as unknown as OpenAPIObject;
}

/** Stable, readable operation ids: `appeals.approveExtension`, from the controller's resource name. */
export function operationIdOf(resourceOf: (controllerKey: string) => string) {
  return (controllerKey: string, methodKey: string): string => `${resourceOf(controllerKey)}.${methodKey}`;
}
