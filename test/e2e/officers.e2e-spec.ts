import { insertFirm, insertUser, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const QINGYANG = '510105';
const CHENGDU = '510100';
const MIANYANG = '510700';

type Bearer = { id: number; bearer: string };

describe('officers: one active officer per firm, history, handover (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let chengduSupervisor: Bearer;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    chengduSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
  });
  afterAll(() => ctx.close());

  const assign = (as: Bearer, firmId: number, body: Record<string, unknown>) =>
    ctx.http().post(`/api/enterprises/${firmId}/officer`).set('Authorization', as.bearer).send(body);
  const openAssignments = (firmId: number): Promise<Array<{ officer_id: number }>> =>
    ctx.db.query('SELECT officer_id FROM officer_assignments WHERE enterprise_id = ? AND ended_at IS NULL', [firmId]);
  const mirror = async (firmId: number) => (await ctx.db.query('SELECT officer_id FROM enterprises WHERE id = ?', [firmId]))[0].officer_id;

  describe('assigning', () => {
    it('assigns an officer, writes the history row and the mirror column, and bumps the version', async () => {
      const officer = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const firm = await insertFirm(ctx.db, { regionCode: JINJIANG });
      const response = await assign(chengduSupervisor, firm.id, { officerId: officer.id, reason: '首次分配', version: 1 }).expect(200);
      expect(response.body).toMatchObject({
        enterpriseId: firm.id,
        enterpriseVersion: 2,
        changed: true,
        current: {
          enterpriseId: firm.id,
          officer: { id: officer.id, username: officer.username, regionCode: JINJIANG },
          endedAt: null,
          assignedBy: { id: chengduSupervisor.id },
          reason: '首次分配',
        },
        previous: null,
      });
      expect(await openAssignments(firm.id)).toEqual([{ officer_id: officer.id }]);
      expect(await mirror(firm.id)).toBe(officer.id);
    });

    it('lets a city officer serve a district firm', async () => {
      const cityOfficer = await insertUser(ctx.db, { role: 'officer', regionCode: CHENGDU });
      const firm = await insertFirm(ctx.db, { regionCode: QINGYANG });
      await assign(admin, firm.id, { officerId: cityOfficer.id, reason: '市级专员' }).expect(200);
    });

    it('does nothing when the officer is already the current one', async () => {
      const officer = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const firm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
      const response = await assign(admin, firm.id, { officerId: officer.id, reason: '重复' }).expect(200);
      expect(response.body).toMatchObject({ changed: false, enterpriseVersion: 1, previous: null });
      expect(await ctx.db.query('SELECT id FROM officer_assignments WHERE enterprise_id = ?', [firm.id])).toHaveLength(1);
    });
  });

  describe('bad input', () => {
    let firmId: number;
    beforeAll(async () => {
      firmId = (await insertFirm(ctx.db, { regionCode: JINJIANG })).id;
    });

    it('refuses an officer from another region, naming both regions', async () => {
      const mianyang = await insertUser(ctx.db, { role: 'officer', regionCode: MIANYANG });
      const sibling = await insertUser(ctx.db, { role: 'officer', regionCode: QINGYANG });
      const far = await assign(admin, firmId, { officerId: mianyang.id, reason: '跨区' }).expect(400);
      expect(far.body.message).toBe(
        `Officer ${mianyang.username} belongs to region ${MIANYANG}, which does not cover the enterprise's region ${JINJIANG}`,
      );
      expect(far.body.details).toEqual([{ field: 'officerId', message: expect.stringContaining('does not cover') }]);
      await assign(admin, firmId, { officerId: sibling.id, reason: '兄弟区县' }).expect(400);
    });

    it('refuses a user without the officer role, a deactivated officer and an unknown one', async () => {
      const handler = await insertUser(ctx.db, { role: 'supervisor', regionCode: JINJIANG });
      const inactive = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG, active: false });
      const notOfficer = await assign(admin, firmId, { officerId: handler.id, reason: '角色不对' }).expect(400);
      expect(notOfficer.body.message).toBe(`User ${handler.username} is not a liaison officer (role supervisor)`);
      const deactivated = await assign(admin, firmId, { officerId: inactive.id, reason: '已停用' }).expect(400);
      expect(deactivated.body.message).toBe(`Officer ${inactive.username} is deactivated`);
      const unknown = await assign(admin, firmId, { officerId: 99_999_999, reason: '不存在' }).expect(400);
      expect(unknown.body.message).toBe('Unknown officer 99999999');
      expect(await openAssignments(firmId)).toEqual([]);
    });

    it('treats an officer outside the assigner’s reach as unknown', async () => {
      const mianyang = await insertUser(ctx.db, { role: 'officer', regionCode: MIANYANG });
      const response = await assign(chengduSupervisor, firmId, { officerId: mianyang.id, reason: '越权' }).expect(400);
      expect(response.body.message).toBe(`Unknown officer ${mianyang.id}`);
    });

    it('refuses to assign an officer to an inactive enterprise', async () => {
      const officer = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const closed = await insertFirm(ctx.db, { regionCode: JINJIANG, active: false });
      const response = await assign(admin, closed.id, { officerId: officer.id, reason: '已注销企业' }).expect(409);
      expect(response.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is inactive') });
      expect(await openAssignments(closed.id)).toEqual([]);
    });

    it('answers 404 for a firm outside reach and 403 for roles that may not assign', async () => {
      const mianyangFirm = await insertFirm(ctx.db, { regionCode: '510703' });
      const officer = await insertUser(ctx.db, { role: 'officer', regionCode: CHENGDU });
      await assign(chengduSupervisor, mianyangFirm.id, { officerId: officer.id, reason: '越权' }).expect(404);
      const asOfficer = await signedIn(ctx, { role: 'officer', regionCode: CHENGDU });
      await assign(asOfficer, firmId, { officerId: officer.id, reason: '自己分配' }).expect(403);
    });

    it('refuses a stale version', async () => {
      const officer = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const response = await assign(admin, firmId, { officerId: officer.id, reason: '过期版本', version: 7 }).expect(409);
      expect(response.body).toMatchObject({ code: 'VERSION_CONFLICT', context: { current: { id: firmId, version: 1 } } });
    });
  });

  describe('one active officer per firm', () => {
    it('lets exactly one of two concurrent assignments win; the other gets 409', async () => {
      for (let round = 0; round < 5; round += 1) {
        const a = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
        const b = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
        const firm = await insertFirm(ctx.db, { regionCode: JINJIANG });
        const [first, second] = await Promise.all([
          assign(chengduSupervisor, firm.id, { officerId: a.id, reason: '并发甲', version: 1 }),
          assign(admin, firm.id, { officerId: b.id, reason: '并发乙', version: 1 }),
        ]);
        const statuses = [first.status, second.status].sort();
        expect(statuses).toEqual([200, 409]);
        const winner = first.status === 200 ? a : b;
        const loser = first.status === 200 ? second : first;
        expect(['VERSION_CONFLICT', 'CONFLICT']).toContain(loser.body.code);
        expect(await openAssignments(firm.id)).toEqual([{ officer_id: winner.id }]);
        expect(await mirror(firm.id)).toBe(winner.id);
      }
    });

    it('is enforced by the database itself: a second open assignment row cannot be inserted', async () => {
      const a = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const b = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const firm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: a.id });
      await expect(
        ctx.db.query(
          'INSERT INTO officer_assignments (enterprise_id, officer_id, started_at, assigned_by, reason) VALUES (?, ?, NOW(3), ?, ?)',
          [firm.id, b.id, admin.id, 'bypassing the service'],
        ),
      ).rejects.toMatchObject({ code: 'ER_DUP_ENTRY', message: expect.stringContaining('uq_officer_assignments_active') });
      // Ended rows do not count: any number of them may exist beside the open one.
      await ctx.db.query(
        'INSERT INTO officer_assignments (enterprise_id, officer_id, started_at, ended_at, ended_by, assigned_by, reason) VALUES (?, ?, NOW(3), NOW(3), ?, ?, ?)',
        [firm.id, b.id, admin.id, admin.id, 'history'],
      );
    });
  });

  describe('reassignment history', () => {
    it('keeps who, from when to when, by whom and why, newest first', async () => {
      const [first, second, third] = [
        await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG }),
        await insertUser(ctx.db, { role: 'officer', regionCode: CHENGDU }),
        await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG }),
      ];
      const firm = await insertFirm(ctx.db, { regionCode: JINJIANG });
      await assign(chengduSupervisor, firm.id, { officerId: first.id, reason: '首次分配', version: 1 }).expect(200);
      const moved = await assign(admin, firm.id, { officerId: second.id, reason: '专员调岗', version: 2 }).expect(200);
      expect(moved.body.previous).toMatchObject({
        officer: { id: first.id },
        endedAt: expect.any(String),
        endedBy: { id: admin.id },
        endReason: '专员调岗',
      });
      await assign(chengduSupervisor, firm.id, { officerId: third.id, reason: '回到区县', version: 3 }).expect(200);

      const history = await ctx
        .http()
        .get(`/api/enterprises/${firm.id}/officer-history`)
        .set('Authorization', chengduSupervisor.bearer)
        .expect(200);
      expect(history.body.map((h: { officer: { id: number } }) => h.officer.id)).toEqual([third.id, second.id, first.id]);
      expect(history.body[0]).toMatchObject({ endedAt: null, endedBy: null, reason: '回到区县', assignedBy: { id: chengduSupervisor.id } });
      expect(history.body[1]).toMatchObject({
        reason: '专员调岗',
        assignedBy: { id: admin.id },
        endedBy: { id: chengduSupervisor.id },
        endReason: '回到区县',
      });
      expect(history.body[2]).toMatchObject({ reason: '首次分配', endReason: '专员调岗' });
      // Periods chain: each ends when the next starts.
      expect(history.body[1].endedAt).toBe(history.body[0].startedAt);
      expect(history.body[2].endedAt).toBe(history.body[1].startedAt);
      expect(await mirror(firm.id)).toBe(third.id);

      const staff = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firm.id });
      const own = await ctx.http().get(`/api/enterprises/${firm.id}/officer-history`).set('Authorization', staff.bearer).expect(200);
      expect(own.body).toHaveLength(3);
    });
  });

  describe('bulk handover of a leaving officer', () => {
    it('deals the firms to successors whose region covers them, in one go', async () => {
      const leaving = await insertUser(ctx.db, { role: 'officer', regionCode: CHENGDU });
      const district = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const city = await insertUser(ctx.db, { role: 'officer', regionCode: CHENGDU });
      const firms = [];
      for (const region of [JINJIANG, JINJIANG, QINGYANG, JINJIANG, JINJIANG, QINGYANG]) {
        firms.push((await insertFirm(ctx.db, { regionCode: region, officerId: leaving.id })).id);
      }
      const response = await ctx
        .http()
        .post(`/api/officers/${leaving.id}/handover`)
        .set('Authorization', chengduSupervisor.bearer)
        .send({ successors: [district.id, city.id], reason: '专员离职' })
        .expect(200);
      // Jinjiang firms alternate between the two (the city officer also covers Jinjiang);
      // Qingyang firms can only go to the city officer.
      expect(response.body.moves).toEqual([
        { enterpriseId: firms[0], toOfficerId: district.id },
        { enterpriseId: firms[1], toOfficerId: city.id },
        { enterpriseId: firms[2], toOfficerId: city.id },
        { enterpriseId: firms[3], toOfficerId: district.id },
        { enterpriseId: firms[4], toOfficerId: district.id },
        { enterpriseId: firms[5], toOfficerId: city.id },
      ]);
      expect(response.body).toMatchObject({
        officerId: leaving.id,
        moved: 6,
        received: [
          { officerId: district.id, firms: 3 },
          { officerId: city.id, firms: 3 },
        ],
      });
      const open: Array<{ enterprise_id: number; officer_id: number; reason: string }> = await ctx.db.query(
        `SELECT enterprise_id, officer_id, reason FROM officer_assignments WHERE enterprise_id IN (?) AND ended_at IS NULL ORDER BY enterprise_id`,
        [firms],
      );
      expect(open.map((o) => o.officer_id)).toEqual([district.id, city.id, city.id, district.id, district.id, city.id]);
      expect(open.every((o) => o.reason === '专员离职')).toBe(true);
      const ended = await ctx.db.query('SELECT COUNT(*) AS n FROM officer_assignments WHERE officer_id = ? AND ended_at IS NOT NULL', [
        leaving.id,
      ]);
      expect(Number(ended[0].n)).toBe(6);
      const [left] = await ctx.db.query('SELECT COUNT(*) AS n FROM enterprises WHERE officer_id = ?', [leaving.id]);
      expect(Number(left.n)).toBe(0);

      // Running it again finds nothing to move.
      const again = await ctx
        .http()
        .post(`/api/officers/${leaving.id}/handover`)
        .set('Authorization', chengduSupervisor.bearer)
        .send({ successors: [city.id], reason: '再次移交' })
        .expect(200);
      expect(again.body).toMatchObject({ moved: 0, moves: [] });
    });

    it('changes nothing when some firm has no covering successor, and lists those firms', async () => {
      const leaving = await insertUser(ctx.db, { role: 'officer', regionCode: CHENGDU });
      const district = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const covered = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: leaving.id });
      const uncovered = await insertFirm(ctx.db, { regionCode: QINGYANG, officerId: leaving.id });
      const response = await ctx
        .http()
        .post(`/api/officers/${leaving.id}/handover`)
        .set('Authorization', admin.bearer)
        .send({ successors: [district.id], reason: '专员离职' })
        .expect(400);
      expect(response.body.details).toEqual([
        { field: 'successors', message: `no successor covers enterprise ${uncovered.id} (${uncovered.name}) in region ${QINGYANG}` },
      ]);
      expect(await mirror(covered.id)).toBe(leaving.id);
      expect(await openAssignments(covered.id)).toEqual([{ officer_id: leaving.id }]);
    });

    it('refuses bad successors and an unknown leaving officer', async () => {
      const leaving = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      const supervisor = await insertUser(ctx.db, { role: 'supervisor', regionCode: JINJIANG });
      const handover = (id: number, successors: number[]) =>
        ctx.http().post(`/api/officers/${id}/handover`).set('Authorization', chengduSupervisor.bearer).send({ successors, reason: '离职' });
      const self = await handover(leaving.id, [leaving.id]).expect(400);
      expect(self.body.message).toBe('The leaving officer cannot be their own successor');
      const wrongRole = await handover(leaving.id, [supervisor.id]).expect(400);
      expect(wrongRole.body.details).toEqual([{ field: 'successors.0', message: expect.stringContaining('is not a liaison officer') }]);
      await handover(supervisor.id, [leaving.id]).expect(404);
      const mianyang = await insertUser(ctx.db, { role: 'officer', regionCode: MIANYANG });
      await handover(mianyang.id, [leaving.id]).expect(404);
      await ctx
        .http()
        .post(`/api/officers/${leaving.id}/handover`)
        .set('Authorization', chengduSupervisor.bearer)
        .send({ successors: [], reason: '离职' })
        .expect(400);
    });
  });
});
