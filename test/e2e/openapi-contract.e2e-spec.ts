import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ContractValidator } from '../helpers/contract-validator';
import { createTestApp, TestContext } from '../helpers/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
export const SERVED_DOCUMENT = join(ROOT, 'test', 'output', 'openapi.json');

type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: { name: string; in: string; schema?: Json }[];
  responses: Record<string, Json>;
  security?: unknown[];
}

function operationsOf(doc: { paths: Record<string, Record<string, Operation>> }): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
}

/** Every schema node of the document, with where it is. */
function schemaNodes(node: unknown, at = '#'): [string, Json][] {
  if (node === null || typeof node !== 'object') return [];
  const own: [string, Json][] = 'type' in (node as Json) ? [[at, node as Json]] : [];
  return own.concat(Object.entries(node as Json).flatMap(([key, value]) => (key === 'example' ? [] : schemaNodes(value, `${at}/${key}`))));
}

describe('The published contract (GET /api/docs-json)', () => {
  let ctx: TestContext;
  let doc: {
    paths: Record<string, Record<string, Operation>>;
    tags: { name: string; description?: string }[];
    components: Json;
    servers: unknown[];
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    doc = (await ctx.http().get('/api/docs-json').expect(200)).body;
    mkdirSync(join(ROOT, 'test', 'output'), { recursive: true });
    writeFileSync(SERVED_DOCUMENT, JSON.stringify(doc, null, 2));
  });
  afterAll(() => ctx.close());

  it('passes the Redocly recommended lint without errors or warnings', async () => {
    const lint = await run(
      process.execPath,
      [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', SERVED_DOCUMENT, '--format', 'json'],
      {
        cwd: ROOT,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 32 * 1024 * 1024,
      },
    ).catch((failed: { stdout: string }) => failed);
    const report = JSON.parse(lint.stdout) as {
      totals: Json;
      problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
    };
    const problems = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('names every operation resource.action, once', () => {
    const ids = operationsOf(doc).map(([, op]) => op.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/appeals/{id}/extension/approve'].post.operationId).toBe('appeals.approveExtension');
  });

  it('declares each header once and types every parameter', () => {
    for (const [where, op] of operationsOf(doc)) {
      const names = (op.parameters ?? []).map((p) => `${p.in}:${p.name.toLowerCase()}`);
      expect({ where, names: [...new Set(names)] }).toEqual({ where, names });
      for (const p of op.parameters ?? [])
        expect({ where, name: p.name, typed: typeof p.schema?.type === 'string' || Array.isArray(p.schema?.type) }).toMatchObject({
          typed: true,
        });
    }
    const query = doc.paths['/api/appeals'].get.parameters ?? [];
    expect(query.find((p) => p.name === 'page')?.schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect((doc.paths['/api/enterprises/import'].post.parameters ?? []).find((p) => p.name === 'dryRun')?.schema).toMatchObject({
      type: 'boolean',
    });
  });

  it('documents the errors of every operation with the one error body', () => {
    for (const [where, op] of operationsOf(doc)) {
      const statuses = Object.keys(op.responses);
      // Only the health probes take no input and no token: they have no client error to document.
      const canFailTheClient = (op.parameters ?? []).length > 0 || 'requestBody' in op || (op.security as unknown[]).length > 0;
      expect({ where, client: statuses.some((s) => s.startsWith('4')), default: statuses.includes('default') }).toEqual({
        where,
        client: canFailTheClient,
        default: true,
      });
    }
    const accept = doc.paths['/api/appeals/{id}/accept'].post.responses;
    expect(Object.keys(accept)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '412', '428', 'default']));
    const responses = doc.components.responses as Record<string, { content: Json }>;
    expect(responses.PreconditionFailed.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } });
  });

  it('shows an example with every JSON request body, one the body schema accepts', () => {
    const validator = new ContractValidator(doc);
    for (const [where, op] of operationsOf(doc)) {
      const json = (op as { requestBody?: { content: Record<string, { schema: Json; example?: unknown }> } }).requestBody?.content[
        'application/json'
      ];
      if (!json) continue;
      expect({ where, hasExample: json.example !== undefined }).toEqual({ where, hasExample: true });
      expect({ where, problems: validator.problemsOf(json.schema, json.example) }).toEqual({ where, problems: [] });
    }
  });

  it('declares its tags with descriptions and where it is served', () => {
    const declared = new Map(doc.tags.map((t) => [t.name, t.description]));
    for (const [where, op] of operationsOf(doc))
      for (const tag of op.tags ?? [])
        expect({ where, tag, described: Boolean(declared.get(tag)) }).toEqual({ where, tag, described: true });
    expect(doc.servers.length).toBeGreaterThan(0);
  });

  it('says integer or a number format, nullable as a null type, and types the paged lists', () => {
    const nodes = schemaNodes(doc);
    expect(nodes.filter(([, s]) => s.type === 'number' && !s.format).map(([at]) => at)).toEqual([]);
    expect(nodes.filter(([, s]) => 'nullable' in s).map(([at]) => at)).toEqual([]);
    expect((doc.components.schemas as Json).Object).toBeUndefined();
    const page = (doc.paths['/api/appeals'].get.responses['200'] as { content: Record<string, { schema: Json }> }).content[
      'application/json'
    ].schema;
    expect(page).toMatchObject({
      required: ['items', 'total', 'page', 'pageSize'],
      properties: { items: { items: { $ref: '#/components/schemas/AppealListItemDto' } } },
    });
    const detail = (doc.components.schemas as Record<string, { properties: Json }>).AppealDetailDto.properties;
    expect(detail.proposedDepartment).toMatchObject({ anyOf: [{ $ref: '#/components/schemas/ProposedDepartmentDto' }, { type: 'null' }] });
  });
});
