import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertFirm, insertVisit, signedIn } from '../helpers/factories';
import {
  OpenApiDocument,
  Operation,
  operationsOf,
  pathParameters,
  pathWith,
  resolve,
  sampleOf,
  servedDocument,
  type Schema,
} from '../helpers/openapi-operations';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * Property-style hostile input over every operation of the served OpenAPI document: wrong types,
 * nulls, huge and deep bodies, broken JSON and multipart, impossible dates and odd path values.
 * Whatever is sent, the answer is never a 5xx, and every refusal is the one documented error body.
 */
type Probe = { label: string; send: () => Promise<{ status: number; body: unknown; text: string }> };

const HUGE = 'x'.repeat(100_000);
const deep = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);

function wrongTypeFor(schema: Schema): unknown {
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'maybe';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return 'not an object';
    default:
      return schema.properties ? 'not an object' : 12345;
  }
}

/** Query values that are wrong for the parameter's declared type, plus the common traps. */
function badQueryValues(name: string, schema: Schema): string[] {
  const values = ['', 'x'.repeat(5000), '%', '\u0000', "' OR 1=1 --"];
  if (schema.type === 'number' || schema.type === 'integer') values.push('abc', '1.5', '-1', '1e400', '99999999999999999999');
  if (schema.type === 'boolean') values.push('maybe', '2');
  if (/date|from|to$|From$|To$/i.test(name) || /^\d{4}-\d{2}-\d{2}$/.test(String(schema.example ?? ''))) {
    values.push('2026-02-30', '2026-13-01', '2026-00-10', '20261101', '2026-11-01T99:00');
  }
  return values;
}

describe('bad input on every documented operation (e2e)', () => {
  let ctx: TestContext;
  let doc: OpenApiDocument;
  let bearer: string;
  /** Per role, so each operation is probed as a role its guard lets through (officers log visits, admins do not). */
  const bearers: Record<string, string> = {};
  const ids: Record<string, string | number> = {};
  const bodyIds: Record<string, unknown> = {};

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-16T04:00:00Z')) });
    doc = await servedDocument(ctx);
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    bearer = admin.bearer;
    // Real objects behind the path ids, so a request gets past "not found" into the code that reads the input.
    const officer = await signedIn(ctx, { role: 'officer', regionCode: '510104' });
    const firm = await insertFirm(ctx.db, { regionCode: '510104', officerId: officer.id });
    const department = await insertDepartment(ctx.db, '510104');
    bearers.admin = admin.bearer;
    bearers.officer = officer.bearer;
    bearers.handler = (await signedIn(ctx, { role: 'handler', regionCode: '510104', departmentId: department })).bearer;
    bearers.supervisor = (await signedIn(ctx, { role: 'supervisor', regionCode: '510100' })).bearer;
    bearers.enterprise = (await signedIn(ctx, { role: 'enterprise', regionCode: '510104', enterpriseId: firm.id })).bearer;
    const appeal = await insertAppealRow(ctx.db, {
      enterpriseId: firm.id,
      regionCode: '510104',
      submittedBy: officer.id,
      categoryId: await categoryId(ctx.db, 'labour'),
      columns: { officer_id: officer.id },
    });
    const visit = await insertVisit(ctx.db, { enterpriseId: firm.id, officerId: officer.id, regionCode: '510104', visitDate: '2026-11-02' });
    Object.assign(bodyIds, {
      enterpriseId: firm.id,
      officerId: officer.id,
      departmentId: department,
      leadDepartmentId: department,
      categoryId: await categoryId(ctx.db, 'labour'),
      visitDate: '2026-11-02',
    });
    Object.assign(ids, {
      appeals: appeal,
      enterprises: firm.id,
      departments: department,
      users: officer.id,
      officers: officer.id,
      visits: visit,
      regions: '510104',
      code: '510104',
      date: '2026-11-02',
      key: 'verification_days',
      queue: 'overdue',
    });
  });
  afterAll(async () => {
    // The probes must not leave a login lock behind for the specs that run after this one.
    await ctx.db.query('DELETE FROM login_throttles');
    await ctx.close();
  });

  const idsFor = (path: string): Record<string, string | number> => {
    const resource = path.split('/')[2];
    return { ...ids, id: ids[resource] ?? 1, attachmentId: 1 };
  };

  const bearerOf = new Map<Operation, string>();

  /** The first role the operation's role guard lets through (the guard runs before any input is read). */
  async function pickRole(op: Operation): Promise<void> {
    // Asked with input that cannot succeed (an empty body, an impossible id), so asking changes nothing.
    const [firstParameter] = pathParameters(op.path);
    if (!firstParameter && op.bodyType !== 'json') return;
    const path = firstParameter ? pathWith(op.path, { ...idsFor(op.path), [firstParameter]: 'not-an-id' }) : undefined;
    for (const role of ['admin', 'officer', 'handler', 'supervisor', 'enterprise']) {
      bearerOf.set(op, bearers[role]);
      const response = await call(op, { path, body: op.bodyType === 'json' ? {} : undefined });
      if (!(response.status === 403 && (response.body as { context?: { requiredRoles?: unknown } }).context?.requiredRoles)) return;
    }
  }

  function call(op: Operation, options: { path?: string; query?: string; body?: unknown; raw?: string; type?: string }) {
    const url = `${options.path ?? pathWith(op.path, idsFor(op.path))}${options.query ? `?${options.query}` : ''}`;
    let request = ctx.http()[op.method](url);
    if (!op.isPublic) request = request.set('Authorization', bearerOf.get(op) ?? bearer);
    if (options.type) request = request.set('Content-Type', options.type);
    if (options.raw !== undefined) return request.send(options.raw);
    if (options.body !== undefined) return request.send(options.body as object);
    return request;
  }

  function probesOf(op: Operation): Probe[] {
    const probes: Probe[] = [];
    const add = (label: string, options: Parameters<typeof call>[1]) =>
      probes.push({ label: `${op.method.toUpperCase()} ${op.path} ${label}`, send: () => call(op, options) as never });
    const sample = op.bodySchema ? (sampleOf(doc, op.bodySchema) as Record<string, unknown>) : undefined;
    // Ids in the body name the real fixtures, so a probe gets past "not found" to where its value is stored.
    const base = sample && Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, bodyIds[key] ?? value]));

    for (const name of pathParameters(op.path)) {
      for (const value of ['abc', '-1', '0', '99999999999999999999', '1.5', 'x'.repeat(300), '%E0%A4%A', '..%2F..%2Fetc']) {
        const values = { ...idsFor(op.path), [name]: value };
        const path = op.path.replace(/\{(\w+)\}/g, (_, p: string) => (p === name ? value : encodeURIComponent(String(values[p]))));
        add(`path ${name}=${value.slice(0, 12)}`, { path, body: base });
      }
    }
    for (const parameter of op.parameters.filter((p) => p.in === 'query')) {
      const schema = resolve(doc, parameter.schema);
      for (const value of badQueryValues(parameter.name, schema)) {
        add(`query ${parameter.name}=${value.slice(0, 12)}`, { query: `${parameter.name}=${encodeURIComponent(value)}`, body: base });
      }
      add(`query ${parameter.name} twice`, { query: `${parameter.name}=1&${parameter.name}=2`, body: base });
    }
    if (op.bodyType === 'json' && op.bodySchema) {
      for (const [key, property] of Object.entries(op.bodySchema.properties ?? {})) {
        const schema = resolve(doc, property);
        add(`body ${key}=null`, { body: { ...base, [key]: null } });
        add(`body ${key} wrong type`, { body: { ...base, [key]: wrongTypeFor(schema) } });
        add(`body ${key} huge`, { body: { ...base, [key]: schema.type === 'array' ? [HUGE] : HUGE } });
        add(`body ${key} deep`, { body: { ...base, [key]: deep(40) } });
      }
      add('body scalar', { raw: '12345', type: 'application/json' });
      add('body array', { body: [base] });
      add('body null', { raw: 'null', type: 'application/json' });
      add('body unknown field', { body: { ...base, __unexpected: 1 } });
      add('body __proto__', { raw: '{"__proto__":{"admin":true}}', type: 'application/json' });
    }
    if (op.method !== 'get' && op.method !== 'delete') {
      add('body nested 10,000 deep', { raw: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, type: 'application/json' });
      add('body of 2 MB', { raw: JSON.stringify({ blob: 'x'.repeat(2 * 1024 * 1024) }), type: 'application/json' });
      add('body truncated JSON', { raw: '{"a": [1, 2', type: 'application/json' });
      add('body as XML', { raw: '<a>1</a>', type: 'application/xml' });
      add('body empty JSON', { raw: '', type: 'application/json' });
    }
    if (op.bodyType === 'multipart') {
      add('multipart without boundary', { raw: '--x\r\n', type: 'multipart/form-data' });
      add('multipart truncated', {
        raw: '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nabc',
        type: 'multipart/form-data; boundary=XX',
      });
      add('multipart with no parts', { raw: '--XX--\r\n', type: 'multipart/form-data; boundary=XX' });
      add('multipart sent as JSON', { body: { file: 'abc' } });
    }
    return probes;
  }

  it('never answers 5xx, and refuses with the documented error body', async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(80);
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      if (!op.isPublic) await pickRole(op);
      for (const probe of probesOf(op)) {
        const response = await probe.send();
        sent += 1;
        const body = response.body as { statusCode?: unknown; code?: unknown; message?: unknown };
        if (response.status >= 500) {
          failures.push(`${probe.label}: ${response.status} ${response.text.slice(0, 200)}`);
        } else if (response.status >= 400) {
          const shaped = body?.statusCode === response.status && typeof body.code === 'string' && typeof body.message === 'string';
          if (!shaped || !String(body.message).length) failures.push(`${probe.label}: ${response.status} not the error body: ${response.text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1000);
    // About 3,000 requests: well under a minute on an idle machine; the limit is for a busy one.
  }, 300_000);

  it('says what was expected on the framework’s own refusals', async () => {
    const xml = await ctx.http().post('/api/appeals').set('Authorization', bearer).set('Content-Type', 'application/xml').send('<a/>');
    expect(xml.status).toBe(415);
    expect(xml.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('expected application/json') });
    const headers = await ctx.http().get('/api/me').set('X-Filler', 'a'.repeat(20_000));
    expect(headers.status).toBe(431);
    expect(headers.body).toMatchObject({ statusCode: 431, code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('headers') });
    const large = await ctx.http().post('/api/auth/login').send({ username: 'u', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(large.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('at most 1 MiB') });
    const missing = await ctx.http().get('/api/no-such-endpoint').set('Authorization', bearer);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    const deepLogin = await ctx.http().post('/api/auth/login').set('Content-Type', 'application/json').send(`{"username":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(deepLogin.body).toMatchObject({ statusCode: 400, details: [{ field: 'body', message: 'at most 32 levels of nesting' }] });
    const numericUser = await ctx.http().post('/api/auth/login').send({ username: 5, password: 'x' });
    expect(numericUser.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ field: 'username' })]) });
    const nulls = await ctx.http().patch(`/api/enterprises/${ids.enterprises}`).set('Authorization', bearer).send({ version: 1, name: null });
    expect(nulls.body).toMatchObject({ statusCode: 400, details: [{ field: 'name', message: 'name must not be null' }] });
    const badDate = await ctx.http().get('/api/visits?from=2026-02-30').set('Authorization', bearer);
    expect(badDate.body).toMatchObject({ statusCode: 400, details: [{ field: 'from', message: 'from must be a calendar date as YYYY-MM-DD' }] });
  });
});
