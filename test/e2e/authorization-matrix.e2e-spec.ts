import { createHash } from 'node:crypto';
import * as ExcelJS from 'exceljs';
import type { Role } from '../../src/common/auth/role';
import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import {
  insertAppealRow,
  insertDepartment,
  insertFirm,
  insertSupervisionOrderRow,
  insertVisit,
  signedIn,
  unique,
} from '../helpers/factories';
import { OpenApiDocument, Operation, operationsOf, pathParameters, sampleOf, servedDocument } from '../helpers/openapi-operations';
import { createTestApp, TestContext } from '../helpers/test-app';
import { clientToken, registerClient } from '../helpers/machine-clients';

/**
 * The authorization matrix: every operation of the served OpenAPI document × every role × the
 * caller's own object, one in their region that is not theirs, and one outside their region.
 * What is not the caller's answers 404 (or the role guard's 403, which names no object) and
 * changes nothing in the database; operations without an object id answer lists and figures
 * that contain nothing the caller may not see.
 *
 *   home county 510104 (锦江): officer A with firm A, officer B with firm B, departments A and B
 *   sibling county 510105 (青羊, same city): officer Q with firm Q
 *   another city 510703 (涪城, 绵阳): officer M with firm M, department M
 */
const HOME = '510104';
const SIBLING = '510105';
const AWAY = '510703';

type Kind =
  | 'enterprise'
  | 'visit'
  | 'appeal'
  | 'user'
  | 'department'
  | 'order'
  | 'notification'
  | 'report'
  | 'reference'
  | 'client'
  | 'foreign'
  | 'self'
  | 'list';
type Sight = { own?: number | string; notTheirs?: number | string; outside?: number | string };
type Caller = { role: Role; bearer: string; sees: Record<string, Sight>; hidden: string[]; machine?: boolean };

/** Which object a path's first id names. Every operation must be classified (a new one fails until it is). */
function kindOf(op: Operation): Kind {
  const p = op.path;
  if (!pathParameters(p).length)
    return ['/api/me', '/api/me/password', '/api/auth/login', '/api/auth/refresh', '/api/auth/logout'].includes(p) ? 'self' : 'list';
  if (p.startsWith('/api/enterprises/{id}')) return 'enterprise';
  if (p.startsWith('/api/visits/{id}')) return 'visit';
  if (p.startsWith('/api/appeals/{id}')) return 'appeal';
  if (p.startsWith('/api/users/{id}') || p.startsWith('/api/officers/{id}')) return 'user';
  if (p.startsWith('/api/departments/{id}')) return 'department';
  if (p.startsWith('/api/supervision-orders/{id}')) return 'order';
  if (p.startsWith('/api/notifications/{id}')) return 'notification';
  if (p.startsWith('/api/supervision/reports/{id}')) return 'report';
  // Machine clients (#14): admins only.
  if (p.startsWith('/api/clients/{id}') || p.startsWith('/api/webhook-subscriptions/{id}')) return 'client';
  // Shared reference data, the same for everyone in reach; only admins change it.
  if (/^\/api\/(regions|categories|routing-rules|settings|calendar\/days|supervision\/queues)\/\{/.test(p)) return 'reference';
  // Policies (#21), projects and working groups (#15) carry their own visibility rules and specs; here only ids that
  // exist for nobody are tried (404 for every role its guard admits, nothing changed).
  // The common-problem pool's clusters and the named common problems (#16) are scoped by region and lead
  // department in their own specs (test/e2e/common-problems.e2e-spec.ts); co-handler tasks (#20) follow their
  // appeal's sight, which co-handler-tasks.e2e-spec tries department by department; task forces (专班, #20) are
  // read by the reach and chain of their owning region, tried in task-forces.e2e-spec.
  if (/^\/api\/(policies|policy-deliveries|projects|groups|common-problems(\/pool)?|co-handler-tasks|task-forces)\/\{/.test(p)) return 'foreign';
  throw new Error(`unclassified operation ${op.method.toUpperCase()} ${p}: add it to the authorization matrix`);
}

/** Tables that may move on a refused request: sessions, throttles, leases, caches, the outbox. */
const UNWATCHED = new Set([
  'refresh_tokens',
  'login_throttles',
  'console_sessions',
  'idempotency_keys',
  'leases',
  'live_figures',
  'open_case_counts',
  'report_slices',
  'outbox',
  'schema_migrations',
]);

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
const parseBinary = binary as unknown as (res: unknown, done: (err: Error | null, body: unknown) => void) => void;

describe('authorization matrix over the OpenAPI document (e2e)', () => {
  let ctx: TestContext;
  let doc: OpenApiDocument;
  const callers: Caller[] = [];
  const token = unique('矩阵');

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-16T04:00:00Z')) });
    doc = await servedDocument(ctx);
    const db = ctx.db;
    const labour = await categoryId(db, 'labour');
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    const officer = async (region: string) => signedIn(ctx, { role: 'officer', regionCode: region });
    const [oA, oB, oQ, oM] = [await officer(HOME), await officer(HOME), await officer(SIBLING), await officer(AWAY)];
    const firm = async (region: string, officerId: number, name: string) =>
      insertFirm(db, { regionCode: region, officerId, name: `${token}${name}` });
    const [fA, fB, fQ, fM] = [
      await firm(HOME, oA.id, '甲'),
      await firm(HOME, oB.id, '乙'),
      await firm(SIBLING, oQ.id, '青'),
      await firm(AWAY, oM.id, '绵'),
    ];
    const [dA, dB, dM] = [await insertDepartment(db, HOME), await insertDepartment(db, HOME), await insertDepartment(db, AWAY)];
    const appeal = async (f: { id: number }, region: string, officerId: number, dept: number, title: string) =>
      insertAppealRow(db, {
        enterpriseId: f.id,
        regionCode: region,
        submittedBy: officerId,
        categoryId: labour,
        columns: { officer_id: officerId, lead_department_id: dept, status: 'in_progress', title: `${token}${title}` },
      });
    const [aA, aB, aQ, aM] = [
      await appeal(fA, HOME, oA.id, dA, '诉求甲'),
      await appeal(fB, HOME, oB.id, dB, '诉求乙'),
      await appeal(fQ, SIBLING, oQ.id, dB, '诉求青'),
      await appeal(fM, AWAY, oM.id, dM, '诉求绵'),
    ];
    const visit = async (f: { id: number }, o: { id: number }, region: string) =>
      insertVisit(db, { enterpriseId: f.id, officerId: o.id, regionCode: region, visitDate: '2026-11-02' });
    const [vA, vB, vQ, vM] = [
      await visit(fA, oA, HOME),
      await visit(fB, oB, HOME),
      await visit(fQ, oQ, SIBLING),
      await visit(fM, oM, AWAY),
    ];
    const [sA, sB, sM] = [
      await insertSupervisionOrderRow(db, { appealId: aA, departmentId: dA }),
      await insertSupervisionOrderRow(db, { appealId: aB, departmentId: dB }),
      await insertSupervisionOrderRow(db, { appealId: aM, departmentId: dM }),
    ];
    const report = async (region: string) => {
      const result = await db.query(
        `INSERT INTO report_snapshots (period_kind, period_key, scope_region_code, settings, policy_versions, figures, figures_sha256, computed_at)
         VALUES ('month', ?, ?, '{}', '[]', '{}', ?, ?)`,
        [
          `2026-${String(Math.floor(Math.random() * 9) + 1).padStart(2, '0')}-${token.slice(-6)}`,
          region,
          createHash('sha256').update('{}').digest('hex'),
          new Date(),
        ],
      );
      return Number(result.insertId);
    };
    const [rHome, rSibling, rAway] = [await report(HOME), await report(SIBLING), await report(AWAY)];
    const hA = await signedIn(ctx, { role: 'handler', regionCode: HOME, departmentId: dA });
    const eA = await signedIn(ctx, { role: 'enterprise', regionCode: HOME, enterpriseId: fA.id });
    const sv = await signedIn(ctx, { role: 'supervisor', regionCode: HOME });
    const note = async (userId: number) => {
      const result = await db.query("INSERT INTO notifications (user_id, kind, title, created_at) VALUES (?, 'appeal.route', ?, ?)", [
        userId,
        `${token}通知`,
        new Date(),
      ]);
      return Number(result.insertId);
    };
    const notes = { own: 0, notTheirs: await note(oB.id), outside: await note(oM.id) };
    const ownNote = async (userId: number) => ({ ...notes, own: await note(userId) });
    // A machine client acting as a supervisor of the home county, with every scope: a person's reach, never more.
    const machine = await registerClient(ctx, admin.bearer, {
      role: 'supervisor',
      regionCode: HOME,
      scopes: ['appeals:read', 'appeals:write', 'appeals:internal', 'events:read', 'webhooks:manage'],
    });
    const machineBearer = await clientToken(ctx, machine);
    const clients = { own: machine.id, notTheirs: machine.id };

    // What each caller may not see, as text that would give it away in any answer.
    const names = {
      fA: `${token}甲`,
      fB: `${token}乙`,
      fQ: `${token}青`,
      fM: `${token}绵`,
      aA: `${token}诉求甲`,
      aB: `${token}诉求乙`,
      aQ: `${token}诉求青`,
      aM: `${token}诉求绵`,
    };
    const codes = { fA: fA.creditCode, fB: fB.creditCode, fQ: fQ.creditCode, fM: fM.creditCode };
    // Officer A, handler A and firm A's staff see firm A's world only.
    const allButFirmA = [
      names.fB,
      names.fQ,
      names.fM,
      names.aB,
      names.aQ,
      names.aM,
      codes.fB,
      codes.fQ,
      codes.fM,
      oB.username,
      oQ.username,
      oM.username,
    ];
    callers.push(
      {
        role: 'admin',
        bearer: admin.bearer,
        sees: {
          enterprise: { own: fA.id },
          visit: { own: vA },
          appeal: { own: aA },
          user: { own: oA.id },
          department: { own: dA },
          order: { own: sA },
          notification: await ownNote(admin.id),
          report: { own: rHome },
          client: { own: machine.id },
        },
        hidden: [],
      },
      {
        role: 'supervisor',
        bearer: sv.bearer,
        sees: {
          enterprise: { own: fA.id, notTheirs: fQ.id, outside: fM.id },
          visit: { own: vA, notTheirs: vQ, outside: vM },
          appeal: { own: aA, notTheirs: aQ, outside: aM },
          user: { own: oA.id, notTheirs: oQ.id, outside: oM.id },
          department: { own: dA, outside: dM },
          order: { own: sA, outside: sM },
          notification: await ownNote(sv.id),
          report: { own: rHome, notTheirs: rSibling, outside: rAway },
          client: { notTheirs: clients.notTheirs },
        },
        hidden: [names.fQ, names.fM, names.aQ, names.aM, codes.fQ, codes.fM, oQ.username, oM.username],
      },
      {
        role: 'supervisor',
        machine: true,
        bearer: machineBearer,
        sees: {
          enterprise: { own: fA.id, notTheirs: fQ.id, outside: fM.id },
          visit: { own: vA, notTheirs: vQ, outside: vM },
          appeal: { own: aA, notTheirs: aQ, outside: aM },
          user: { own: oA.id, notTheirs: oQ.id, outside: oM.id },
          department: { own: dA, outside: dM },
          order: { own: sA, outside: sM },
          notification: await ownNote(machine.userId),
          report: { own: rHome, notTheirs: rSibling, outside: rAway },
          client: { notTheirs: clients.notTheirs },
        },
        hidden: [names.fQ, names.fM, names.aQ, names.aM, codes.fQ, codes.fM, oQ.username, oM.username],
      },
      {
        role: 'officer',
        bearer: oA.bearer,
        sees: {
          enterprise: { own: fA.id, notTheirs: fB.id, outside: fM.id },
          visit: { own: vA, notTheirs: vB, outside: vM },
          appeal: { own: aA, notTheirs: aB, outside: aM },
          user: { notTheirs: oB.id, outside: oM.id },
          department: { own: dA, outside: dM },
          order: { own: sA, notTheirs: sB, outside: sM },
          notification: await ownNote(oA.id),
          report: { notTheirs: rHome, outside: rAway },
          client: { notTheirs: clients.notTheirs },
        },
        hidden: allButFirmA,
      },
      {
        role: 'handler',
        bearer: hA.bearer,
        sees: {
          enterprise: { own: fA.id, notTheirs: fB.id, outside: fM.id },
          visit: { notTheirs: vA, outside: vM },
          appeal: { own: aA, notTheirs: aB, outside: aM },
          user: { notTheirs: oA.id, outside: oM.id },
          department: { own: dA, outside: dM },
          order: { own: sA, notTheirs: sB, outside: sM },
          notification: await ownNote(hA.id),
          report: { notTheirs: rHome, outside: rAway },
          client: { notTheirs: clients.notTheirs },
        },
        hidden: allButFirmA,
      },
      {
        role: 'enterprise',
        bearer: eA.bearer,
        sees: {
          enterprise: { own: fA.id, notTheirs: fB.id, outside: fM.id },
          visit: { own: vA, notTheirs: vB, outside: vM },
          appeal: { own: aA, notTheirs: aB, outside: aM },
          user: { notTheirs: oA.id, outside: oM.id },
          department: { outside: dM },
          order: { notTheirs: sB, outside: sM },
          notification: await ownNote(eA.id),
          report: { notTheirs: rHome, outside: rAway },
          client: { notTheirs: clients.notTheirs },
        },
        hidden: allButFirmA,
      },
    );
  });
  afterAll(() => ctx.close());

  let watched: string[] = [];
  async function checksum(): Promise<string> {
    if (!watched.length) {
      const tables: Array<Record<string, string>> = await ctx.db.query('SHOW TABLES');
      watched = tables.map((t) => Object.values(t)[0]).filter((t) => !UNWATCHED.has(t));
    }
    const rows: Array<{ Table: string; Checksum: string | number | null }> = await ctx.db.query(`CHECKSUM TABLE ${watched.join(', ')}`);
    return rows.map((r) => `${r.Table}=${r.Checksum}`).join(' ');
  }

  function send(op: Operation, caller: Caller, id: string | number) {
    // Every id of the path names the object under test: /policy-deliveries/{policyId}/{enterpriseId} has two.
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === pathParameters(op.path)[0] || kindOf(op) === 'foreign' ? encodeURIComponent(String(id)) : '1',
    );
    let request = ctx.http()[op.method](url).set('Authorization', caller.bearer).set('If-Match', '"1"');
    if (op.bodyType === 'json' && op.bodySchema) request = request.send(sampleOf(doc, op.bodySchema) as object);
    if (op.bodyType === 'multipart')
      request = request.attach('file', Buffer.from('a,b\n1,2\n'), { filename: 'probe.csv', contentType: 'text/csv' });
    return request;
  }

  // A machine client is also refused operations not open to clients, or without the scope (403 naming the scopes, no object).
  const refusedByRole = (status: number, body: { context?: { requiredRoles?: string[]; requiredScopes?: string[] } }, role: Role, machine = false) =>
    status === 403 &&
    ((Array.isArray(body.context?.requiredRoles) && !body.context.requiredRoles.includes(role)) ||
      (machine && Array.isArray(body.context?.requiredScopes)));

  it('classifies every documented operation', () => {
    const kinds = operationsOf(doc).map(kindOf);
    expect(kinds.length).toBeGreaterThan(80);
    expect(kinds.filter((k) => k === 'appeal').length).toBeGreaterThan(20);
  });

  it('answers 404 for every object that is not the caller’s, and changes nothing', async () => {
    const failures: string[] = [];
    let attempts = 0;
    for (const op of operationsOf(doc)) {
      const kind = kindOf(op);
      if (kind === 'list' || kind === 'self') continue;
      const before = await checksum();
      for (const caller of callers) {
        const sight: Sight = kind === 'reference' ? {} : kind === 'foreign' ? { outside: 2_000_000_000 } : (caller.sees[kind] ?? {});
        for (const which of ['notTheirs', 'outside'] as const) {
          const id = sight[which];
          if (id === undefined) continue;
          attempts += 1;
          const response = await send(op, caller, id);
          // Another lane's object that exists for nobody: a 400 on the generated body names nothing either.
          const inputRefusal = kind === 'foreign' && response.status === 400;
          if (response.status !== 404 && !inputRefusal && !refusedByRole(response.status, response.body, caller.role, caller.machine)) {
            failures.push(
              `${caller.role} ${op.method.toUpperCase()} ${op.path} (${which} ${id}): ${response.status} ${response.text.slice(0, 160)}`,
            );
          } else if (response.status === 404 && response.body.code !== 'NOT_FOUND') {
            failures.push(`${caller.role} ${op.method.toUpperCase()} ${op.path}: 404 without the error body`);
          }
        }
        // Mutations by non-admins on shared reference data: refused, whatever the status.
        if (kind === 'reference' && op.method !== 'get' && caller.role !== 'admin') {
          const response = await send(op, caller, pathParameters(op.path)[0] === 'date' ? '2026-11-02' : 1);
          attempts += 1;
          if (response.status < 400 || response.status >= 500)
            failures.push(`${caller.role} ${op.method.toUpperCase()} ${op.path}: ${response.status}`);
        }
      }
      const after = await checksum();
      if (after !== before) failures.push(`${op.method.toUpperCase()} ${op.path} changed the database: ${before} → ${after}`);
    }
    expect(failures).toEqual([]);
    expect(attempts).toBeGreaterThan(350);
    // About 1,000 requests: well under a minute on an idle machine; the limit is for a busy one.
  }, 300_000);

  it('answers the caller’s own objects', async () => {
    const failures: string[] = [];
    for (const op of operationsOf(doc).filter((o) => o.method === 'get')) {
      const kind = kindOf(op);
      if (!['enterprise', 'visit', 'appeal', 'department', 'user'].includes(kind) || pathParameters(op.path).length > 1) continue;
      for (const caller of callers) {
        const id = caller.sees[kind]?.own;
        if (id === undefined) continue;
        // By the rule, a handler sees the firm but not the programme's record of its officers.
        if (caller.role === 'handler' && op.path.endsWith('/officer-history')) continue;
        const response = await send(op, caller, id);
        // 403 is a refusal of the action on an object the caller does see (a firm may not audit its event chain).
        if (response.status !== 200 && response.status !== 403) {
          failures.push(`${caller.role} GET ${op.path} (own ${id}): ${response.status} ${response.text.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('lists and figures contain nothing outside what the caller may see', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const op of operationsOf(doc).filter((o) => o.method === 'get' && kindOf(o) === 'list')) {
      const query = op.parameters
        .filter((p) => p.in === 'query' && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(String(sampleOf(doc, p.schema, p.name)))}`)
        .join('&');
      for (const caller of callers) {
        // Large pages, so a leak cannot hide on page two.
        const wide = op.parameters.some((p) => p.name === 'pageSize') ? 'pageSize=200' : '';
        const url = `${op.path}?${[query, wide].filter(Boolean).join('&')}`;
        const response = await ctx.http().get(url).set('Authorization', caller.bearer).buffer(true).parse(parseBinary);
        if (response.status >= 500) failures.push(`${caller.role} GET ${url}: ${response.status}`);
        if (response.status !== 200) continue;
        checked += 1;
        const text = await textOf(response.headers['content-type'] as string, response.body as Buffer);
        const leaked = caller.hidden.filter((marker) => text.includes(marker));
        if (leaked.length) failures.push(`${caller.role} GET ${url} shows ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it('finds the caller’s own firm and appeal in the lists, so the leak check above can fail', async () => {
    for (const caller of callers.filter((c) => c.role !== 'admin' && !c.machine)) {
      const appeals = await ctx
        .http()
        .get(`/api/appeals?q=${encodeURIComponent(token)}&pageSize=200`)
        .set('Authorization', caller.bearer)
        .expect(200);
      expect(appeals.body.items.map((a: { id: number }) => a.id)).toContain(caller.sees.appeal.own);
      const firms = await ctx.http().get('/api/enterprises?pageSize=200').set('Authorization', caller.bearer).expect(200);
      expect(firms.body.items.map((f: { id: number }) => f.id)).toContain(caller.sees.enterprise.own);
    }
  });
});

/** The searchable text of an answer: JSON as sent, a spreadsheet as the text of its cells. */
async function textOf(contentType: string, body: Buffer): Promise<string> {
  if (!contentType?.includes('spreadsheetml')) return body.toString('utf8');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text ?? '')))));
  return cells.join('\n');
}
