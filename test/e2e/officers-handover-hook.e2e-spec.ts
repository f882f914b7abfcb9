import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DataSource, EntityManager } from 'typeorm';
import { AppModule } from '../../src/app.module';
import type { AuthUser } from '../../src/common/auth/auth-user';
import { EnterpriseImportService } from '../../src/imports/enterprise-import.service';
import { OfficerAssignmentsService } from '../../src/officers/officer-assignments.service';
import { OfficerMove, OPEN_APPEALS_HANDOVER, OpenAppealsHandover } from '../../src/officers/open-appeals-handover';
import { insertFirm, insertUser, nextCreditCode } from '../helpers/factories';

const JINJIANG = '510104';

/** Records every call, and can be told to fail, to show the hand-over shares the assignment's transaction. */
class RecordingHandover implements OpenAppealsHandover {
  calls: Array<{ moves: OfficerMove[]; actorId: number; reason: string; inTransaction: boolean; sawNewOfficer: boolean }> = [];
  failNext = false;

  async handOver(manager: EntityManager, moves: OfficerMove[], actorId: number, reason: string): Promise<void> {
    // Reading through the given manager must already see the new assignment (same transaction).
    const [row] = await manager.query('SELECT officer_id FROM enterprises WHERE id = ?', [moves[0].enterpriseId]);
    this.calls.push({
      moves,
      actorId,
      reason,
      inTransaction: manager.queryRunner?.isTransactionActive === true,
      sawNewOfficer: Number(row.officer_id) === moves[0].toOfficerId,
    });
    if (this.failNext) {
      this.failNext = false;
      throw new Error('appeals hand-over failed');
    }
  }
}

describe('officers: the open-appeals hand-over hook (e2e)', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let assignments: OfficerAssignmentsService;
  const hook = new RecordingHandover();
  let admin: AuthUser;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] })
      .overrideProvider(OPEN_APPEALS_HANDOVER)
      .useValue(hook)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    db = app.get(DataSource);
    assignments = app.get(OfficerAssignmentsService);
    const user = await insertUser(db, { role: 'admin', regionCode: '510000' });
    admin = {
      id: user.id,
      username: user.username,
      displayName: 'admin',
      role: 'admin',
      regionCode: '510000',
      regionLevel: 'province',
      departmentId: null,
      enterpriseId: null,
      isDepartmentHead: false,
      reachPrefix: '',
    };
  });
  afterAll(() => app.close());
  beforeEach(() => {
    hook.calls = [];
  });

  it('is called once per assignment, inside its transaction, with the move', async () => {
    const before = await insertUser(db, { role: 'officer', regionCode: JINJIANG });
    const after = await insertUser(db, { role: 'officer', regionCode: JINJIANG });
    const firm = await insertFirm(db, { regionCode: JINJIANG, officerId: before.id });
    await assignments.assign(admin, firm.id, { officerId: after.id, reason: '调岗' });
    expect(hook.calls).toEqual([
      {
        moves: [{ enterpriseId: firm.id, fromOfficerId: before.id, toOfficerId: after.id }],
        actorId: admin.id,
        reason: '调岗',
        inTransaction: true,
        sawNewOfficer: true,
      },
    ]);
  });

  it('rolls the reassignment back when the hand-over fails', async () => {
    const before = await insertUser(db, { role: 'officer', regionCode: JINJIANG });
    const after = await insertUser(db, { role: 'officer', regionCode: JINJIANG });
    const firm = await insertFirm(db, { regionCode: JINJIANG, officerId: before.id });
    hook.failNext = true;
    await expect(assignments.assign(admin, firm.id, { officerId: after.id, reason: '调岗' })).rejects.toThrow('appeals hand-over failed');
    const open = await db.query('SELECT officer_id FROM officer_assignments WHERE enterprise_id = ? AND ended_at IS NULL', [firm.id]);
    expect(open).toEqual([{ officer_id: before.id }]);
    const [row] = await db.query('SELECT officer_id, version FROM enterprises WHERE id = ?', [firm.id]);
    expect(row).toEqual({ officer_id: before.id, version: 1 });
  });

  it('gets every firm of a bulk handover in one call', async () => {
    const leaving = await insertUser(db, { role: 'officer', regionCode: JINJIANG });
    const successor = await insertUser(db, { role: 'officer', regionCode: JINJIANG });
    const firms = [
      await insertFirm(db, { regionCode: JINJIANG, officerId: leaving.id }),
      await insertFirm(db, { regionCode: JINJIANG, officerId: leaving.id }),
    ];
    await assignments.handover(admin, leaving.id, { successors: [successor.id], reason: '离职' });
    expect(hook.calls).toHaveLength(1);
    expect(hook.calls[0].moves).toEqual(firms.map((f) => ({ enterpriseId: f.id, fromOfficerId: leaving.id, toOfficerId: successor.id })));
    expect(hook.calls[0].inTransaction).toBe(true);
  });

  it('gets the officer changes of an import, and a failure leaves the import unwritten', async () => {
    const officer = await insertUser(db, { role: 'officer', regionCode: JINJIANG });
    const code = nextCreditCode(JINJIANG);
    const csv = `统一社会信用代码,企业名称,行政区划代码,行业,规模,专员账号\n${code},钩子测试企业,${JINJIANG},其他,规上,${officer.username}\n`;
    const file = { filename: 'hook.csv', mimetype: 'text/csv', buffer: Buffer.from(csv) };
    const imports = app.get(EnterpriseImportService);

    hook.failNext = true;
    await expect(imports.importFile(admin, file, { dryRun: false, mode: 'all-or-nothing' })).rejects.toThrow('appeals hand-over failed');
    expect(await db.query('SELECT id FROM enterprises WHERE credit_code = ?', [code])).toEqual([]);

    await imports.importFile(admin, file, { dryRun: false, mode: 'all-or-nothing' });
    const [firm] = await db.query('SELECT id, officer_id FROM enterprises WHERE credit_code = ?', [code]);
    expect(firm.officer_id).toBe(officer.id);
    expect(hook.calls[1].moves).toEqual([{ enterpriseId: firm.id, fromOfficerId: null, toOfficerId: officer.id }]);
  });
});
