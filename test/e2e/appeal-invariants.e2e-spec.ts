import { FixedClock } from '../../src/common/clock/clock';
import { SlaSweepService } from '../../src/sla/sweep/sla-sweep.service';
import { appealCast, categoryId, type Actor } from '../helpers/appeal-fixtures';
import { rowAndFold } from '../helpers/appeal-fold';
import { seededRandom } from '../helpers/seeded-random';
import { insertDepartment, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const HOUR = 3_600_000;

/**
 * Random action sequences through the real API (every actor, every action it is offered, the
 * sweep now and then under a moving clock), and after every step the invariants the event log
 * and the pauses promise: no pause is open unless the appeal is suspended (exactly one while it
 * is), the row equals the fold of its events' facts, and the hash chain verifies. In 乐山市中区
 * (511102), which no other spec uses.
 */
describe('appeal invariants over random action sequences (e2e)', () => {
  let ctx: TestContext;
  const clock = new FixedClock(new Date('2026-03-02T01:30:00Z')); // Monday 09:30 in Shanghai
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  /** Departments an appeal can be routed to at each level, and the next level's for a transfer. */
  const departments: Record<string, number[]> = {};
  const handlers: Actor[] = [];

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '511102');
    category = await categoryId(ctx.db, 'energy_power');
    const cityDept2 = await insertDepartment(ctx.db, '511100');
    const provinceDept = await insertDepartment(ctx.db, '510000');
    departments.county = [cast.deptA, cast.deptB];
    departments.city = [cast.cityDept, cityDept2];
    departments.province = [provinceDept];
    for (const [departmentId, regionCode] of [
      [cityDept2, '511100'],
      [provinceDept, '510000'],
    ] as const) {
      handlers.push(await signedIn(ctx, { role: 'handler', regionCode, departmentId }));
    }
  });
  afterAll(() => ctx.close());

  /** The request each offered action makes; departments chosen so routing and transfers are legal. */
  function request(
    action: string,
    level: string,
    pick: <T>(xs: readonly T[]) => T,
  ): { path: string; body: Record<string, unknown> } | null {
    switch (action) {
      case 'accept':
        return { path: 'accept', body: {} };
      case 'reject':
        return { path: 'reject', body: { reason: '不属于受理范围' } };
      case 'route':
        return { path: 'route', body: { leadDepartmentId: pick(departments[level]) } };
      case 'sign':
        return { path: 'sign', body: {} };
      case 'object':
        return { path: 'object', body: { reason: '不属于本部门职责' } };
      case 'approve_objection':
        return { path: 'objection/approve', body: {} };
      case 'deny_objection':
        return { path: 'objection/deny', body: { reason: '属于本部门职责' } };
      case 'request_extension':
        return { path: 'extension', body: { days: 2, reason: '等待电网公司答复' } };
      case 'approve_extension':
        return { path: 'extension/approve', body: {} };
      case 'deny_extension':
        return { path: 'extension/deny', body: { reason: '期限足够' } };
      case 'suspend':
        return { path: 'suspend', body: { reason: '等待企业补充材料' } };
      case 'supplement':
        return { path: 'supplement', body: { text: '已补充材料' } };
      case 'resume':
        return { path: 'resume', body: {} };
      case 'transfer_up':
        return {
          path: 'transfer-up',
          body: { targetDepartmentId: pick(departments[level === 'county' ? 'city' : 'province']), reason: '需上级协调' },
        };
      case 'resolve':
        return { path: 'resolve', body: { closureType: pick(['resolved', 'explained']), answer: '已协调解决。' } };
      case 'verify':
      case 'follow_up_call':
        return {
          path: action === 'verify' ? 'verify' : 'follow-up-call',
          body: pick([
            { solved: 'yes', satisfaction: 'satisfied' },
            { solved: 'no', satisfaction: 'dissatisfied' },
          ]),
        };
      case 'withdraw':
        return { path: 'withdraw', body: { reason: '问题已自行解决' } };
      default:
        return null; // comments change nothing the invariants look at
    }
  }

  async function checkInvariants(id: number, context: string): Promise<void> {
    const { row, now, folded } = await rowAndFold(ctx.db, id);
    const [pauses] = await ctx.db.query('SELECT COUNT(*) AS open FROM appeal_pauses WHERE appeal_id = ? AND ended_at IS NULL', [id]);
    expect({ context, status: row.status, openPauses: Number(pauses.open) }).toEqual({
      context,
      status: row.status,
      openPauses: row.status === 'suspended' ? 1 : 0,
    });
    expect(folded).toEqual(now);
    const chain = await ctx.http().get(`/api/appeals/${id}/events/verify`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(chain.body).toMatchObject({ valid: true });
  }

  const leftSuspendedBy = new Set<string>();
  const reached = new Set<string>();

  it.each([11, 23, 37, 41, 59, 67, 73, 89])(
    'seed %i: pauses closed outside suspended, row = fold of its events, chain intact',
    async (seed) => {
      const next = seededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
      const actors: Actor[] = [cast.enterprise, cast.officer, cast.handlerA, cast.handlerB, cast.cityHandler, ...handlers, cast.supervisor];
      const created = await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({ categoryId: category, kind: 'help', title: `随机序列 ${seed}`, description: '园区供电不稳定，需要协调。' })
        .expect(201);
      const id: number = created.body.id;
      const trail: string[] = [];
      for (let step = 0; step < 24; step += 1) {
        clock.advance(Math.floor(next() * 20) * HOUR);
        if (next() < 0.15) await ctx.app.get(SlaSweepService).runOnce();
        const offers = [];
        for (const actor of actors) {
          const detail = await ctx.http().get(`/api/appeals/${id}`).set('Authorization', actor.bearer);
          if (detail.status !== 200) continue;
          for (const action of detail.body.allowedActions as string[]) {
            // Ending actions less often, so most sequences get deep into the loop.
            const weight = action === 'withdraw' || action === 'reject' ? 0.15 : 1;
            if (request(action, detail.body.level, pick) && next() < weight)
              offers.push({ actor, action, status: detail.body.status, version: detail.body.version, level: detail.body.level });
          }
        }
        if (!offers.length) continue;
        const offer = pick(offers);
        const { path, body } = request(offer.action, offer.level, pick)!;
        const response = await ctx
          .http()
          .post(`/api/appeals/${id}/${path}`)
          .set('Authorization', offer.actor.bearer)
          .send({ version: offer.version, ...body });
        // Offered means allowed; the only refusal left is routing back to a department that objected.
        if (response.status !== 200) {
          expect({ action: offer.action, status: response.status, code: response.body.code }).toMatchObject({
            action: 'route',
            status: 409,
          });
          continue;
        }
        trail.push(`${offer.action}→${response.body.status}`);
        reached.add(offer.action);
        if (offer.status === 'suspended' && response.body.status !== 'suspended') leftSuspendedBy.add(offer.action);
        await checkInvariants(id, trail.join(' → '));
      }
    },
  );

  it('took the sequences through suspensions and out of them, answers, redoes and level raises', () => {
    expect([...leftSuspendedBy].length).toBeGreaterThanOrEqual(1);
    expect([...reached]).toEqual(expect.arrayContaining(['suspend', 'resolve', 'transfer_up']));
  });

  it('closes the pause when a suspended appeal is withdrawn, and the row still equals the fold of its events', async () => {
    const created = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.enterprise.bearer)
      .send({ categoryId: category, kind: 'help', title: '暂停后撤回', description: '园区供电不稳定，需要协调。' })
      .expect(201);
    const id: number = created.body.id;
    let version: number = created.body.version;
    const act = async (bearer: string, path: string, body: Record<string, unknown> = {}) => {
      const response = await ctx
        .http()
        .post(`/api/appeals/${id}/${path}`)
        .set('Authorization', bearer)
        .send({ version, ...body })
        .expect(200);
      version = response.body.version;
      return response.body;
    };
    await act(cast.officer.bearer, 'accept');
    await act(cast.officer.bearer, 'route', { leadDepartmentId: cast.deptA });
    await act(cast.handlerA.bearer, 'sign');
    await act(cast.handlerA.bearer, 'suspend', { reason: '等待企业补充材料' });
    await checkInvariants(id, 'suspended');
    clock.advance(26 * HOUR);
    const withdrawn = await act(cast.enterprise.bearer, 'withdraw', { reason: '问题已自行解决' });
    expect(withdrawn.status).toBe('withdrawn');
    const [pause] = await ctx.db.query('SELECT started_at, ended_at FROM appeal_pauses WHERE appeal_id = ?', [id]);
    expect(pause.ended_at).toEqual(clock.now());
    await checkInvariants(id, 'withdrawn while suspended');
    const detail = await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.officer.bearer).expect(200);
    expect(detail.body.pauses).toEqual([expect.objectContaining({ endedAt: clock.now().toISOString() })]);
  });
});
