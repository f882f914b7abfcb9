import { ValidationPipe } from '@nestjs/common';
import { consoleValidationFailed } from '../shared/validation-messages';

/** A urlencoded or multipart body: repeated keys arrive as arrays. */
export type FormBody = Record<string, string | string[] | undefined>;

/** A page's query string as Fastify parses it: repeated keys arrive as arrays too. */
export type QueryString = Record<string, string | string[] | undefined>;

/**
 * The global pipe's settings: a console form is held to exactly the API's DTO rules; its
 * details come in Chinese, one per field (shared/validation-messages.ts).
 */
const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: consoleValidationFailed });

/** Validates plain values against an API DTO class; throws the API's VALIDATION_FAILED code with Chinese details. */
export async function validateAs<T extends object>(type: new () => T, plain: Record<string, unknown>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(plain).filter(([, v]) => v !== undefined));
  return (await pipe.transform(defined, { type: 'body', metatype: type })) as T;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Trimmed text; an empty field is "not given". */
export function text(body: FormBody, key: string): string | undefined {
  const value = first(body[key])?.trim();
  return value ? value : undefined;
}

/** A whole number, or the raw text so that validation names the field instead of silently dropping it. */
export function integer(body: FormBody, key: string): number | string | undefined {
  const value = text(body, key);
  if (value === undefined) return undefined;
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

/** A number with at most two decimals (万元, a rate), or the raw text so that validation names the field. */
export function decimal(body: FormBody, key: string): number | string | undefined {
  const value = text(body, key);
  if (value === undefined) return undefined;
  return /^\d+(\.\d{1,2})?$/.test(value) ? Number(value) : value;
}

export function integers(body: FormBody, key: string): Array<number | string> {
  const raw = body[key];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter(Boolean);
  return values.map((v) => (/^\d{1,15}$/.test(v) ? Number(v) : v));
}

export function texts(body: FormBody, key: string): string[] {
  const raw = body[key];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => v.trim()).filter(Boolean);
}

/** A checkbox: present (any value but "false"/"0") means checked. */
export function checked(body: FormBody, key: string): boolean {
  const value = first(body[key]);
  return value !== undefined && value !== 'false' && value !== '0';
}

/** A yes/no select; undefined when not chosen. */
export function yesNo(body: FormBody, key: string): boolean | string | undefined {
  const value = text(body, key);
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'yes') return true;
  if (value === 'false' || value === 'no') return false;
  return value;
}

/** How one field is read from a form: text, integer, decimal, checked, yesNo, texts or integers. */
export type FieldReader = (body: FormBody, key: string) => unknown;

/**
 * A form's fields read by name, each as its kind: `readFields(body, { title: text, days: integer })`
 * is `{ title: text(body, 'title'), days: integer(body, 'days') }`, with each field named once.
 */
export function readFields<S extends Record<string, FieldReader>>(body: FormBody, spec: S): { [K in keyof S]: ReturnType<S[K]> } {
  return Object.fromEntries(Object.entries(spec).map(([key, read]) => [key, read(body, key)])) as { [K in keyof S]: ReturnType<S[K]> };
}

/**
 * A list page's filters, read into the API's query DTO: only the named keys, blank fields
 * dropped, then the same validation (and type conversion) the API applies to its query string.
 */
export async function queryAs<T extends object>(type: new () => T, raw: QueryString, keys: readonly string[]): Promise<T> {
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    const value = raw[key];
    if (value === undefined || value === '' || (Array.isArray(value) && value.every((v) => v === ''))) continue;
    picked[key] = Array.isArray(value) ? value.filter((v) => v !== '') : value;
  }
  return (await pipe.transform(picked, { type: 'query', metatype: type })) as T;
}

/** The same filters as plain strings, for the filter form and the pagination links. */
export function echo(raw: QueryString, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = raw[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}

/**
 * A filtered list page's results and its filters: the query read as the API's query DTO, the
 * page `list` answers for it, and the same filters echoed for the filter form and page links.
 */
export async function filteredList<Q extends object, P>(
  type: new () => Q,
  raw: QueryString,
  keys: readonly string[],
  list: (query: Q) => Promise<P>,
): Promise<{ page: P; filters: Record<string, string> }> {
  return { page: await list(await queryAs(type, raw, keys)), filters: echo(raw, keys) };
}
