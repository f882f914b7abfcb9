import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { ContractValidator } from '../helpers/contract-validator';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, TEST_PASSWORD, TestContext } from '../helpers/test-app';

const CLIENT_DIR = join(__dirname, '..', 'contract', 'client');
const OUTPUT = join(__dirname, '..', 'output', 'openapi-client');
const GENERATED = join(OUTPUT, 'schema.d.ts');
const ROOT = join(__dirname, '..', '..');

/** What the spec needs of the integrator's program; its own types come from the generated file. */
interface ClosedLoop {
  runClosedLoop(
    baseUrl: string,
    cast: { enterprise: Credentials; officer: Credentials; handler: Credentials; categoryId: number; leadDepartmentId: number },
    fetchImpl: typeof fetch,
  ): Promise<{ status: string; version: number }[]>;
}
interface Credentials {
  username: string;
  password: string;
}

function strictCompileErrors(): string[] {
  const configPath = join(CLIENT_DIR, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, CLIENT_DIR);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('A client generated from the served document (openapi-typescript + openapi-fetch)', () => {
  let ctx: TestContext;
  let baseUrl: string;
  let document: ConstructorParameters<typeof ContractValidator>[0];

  beforeAll(async () => {
    ctx = await createTestApp();
    await ctx.app.listen(0, '127.0.0.1');
    baseUrl = await ctx.app.getUrl();
    document = (await ctx.http().get('/api/docs-json').expect(200)).body;
    // As an integrator would: the openapi-typescript CLI over the document as served.
    mkdirSync(OUTPUT, { recursive: true });
    writeFileSync(join(OUTPUT, 'openapi.json'), JSON.stringify(document));
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), join(OUTPUT, 'openapi.json'), '--output', GENERATED],
      { cwd: ROOT },
    );
  });
  afterAll(() => ctx.close());

  it('compiles under tsc --strict together with a program written against it', () => {
    expect(strictCompileErrors()).toEqual([]);
  });

  it('drives the closed loop, every answer keeping the contract', async () => {
    const cast = await appealCast(ctx, '510105');
    const validator = new ContractValidator(document);
    const problems: string[] = [];
    // The program's own traffic is checked too: openapi-fetch does not go through supertest.
    const checkedFetch: typeof fetch = async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const response = await fetch(request);
      const text = await response.clone().text();
      problems.push(
        ...validator.check(
          request.method,
          request.url,
          response.status,
          response.headers.get('content-type') ?? undefined,
          text ? JSON.parse(text) : undefined,
        ),
      );
      return response;
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at run time: its types exist only once generated
    const loop = require(join(CLIENT_DIR, 'closed-loop')) as ClosedLoop;
    const steps = await loop.runClosedLoop(
      baseUrl,
      {
        enterprise: { username: cast.enterprise.username, password: TEST_PASSWORD },
        officer: { username: cast.officer.username, password: TEST_PASSWORD },
        handler: { username: cast.handlerA.username, password: TEST_PASSWORD },
        categoryId: await categoryId(ctx.db, 'energy_power'),
        leadDepartmentId: cast.deptA,
      },
      checkedFetch,
    );
    expect(steps.map((s) => s.status)).toEqual(['submitted', 'accepted', 'assigned', 'in_progress', 'resolved', 'closed']);
    expect(steps.map((s) => s.version)).toEqual([...steps.map((s) => s.version)].sort((a, b) => a - b));
    expect(problems).toEqual([]);
  });
});
