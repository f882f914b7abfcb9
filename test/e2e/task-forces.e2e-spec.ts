import { insertDepartment, signedIn, unique } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';

type Bearer = { bearer: string };

/**
 * Task forces (专班, #20) as data through HTTP: admins create and change them (versions, 409 on a
 * stale one, 4xx with the field named for bad input), staff read those of their reach and the chain
 * above it. Data lives in 宜宾 (511500) and its counties 长宁县 / 高县 / 珙县, plus provincial
 * departments this spec creates.
 */
describe('task forces (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let yibinSupervisor: Bearer;
  let countySupervisor: Bearer;
  let chengduSupervisor: Bearer;
  let countyHandler: Bearer;
  let provincial: number[];
  let yibinDept: number;
  let countyDept: number;
  let chengduDept: number;
  const tag = unique('专班');

  const post = (who: Bearer, body: Record<string, unknown>) => ctx.http().post('/api/task-forces').set('Authorization', who.bearer).send(body);
  const patch = (who: Bearer, id: number, body: Record<string, unknown>) =>
    ctx.http().patch(`/api/task-forces/${id}`).set('Authorization', who.bearer).send(body);
  const get = (who: Bearer, id: number) => ctx.http().get(`/api/task-forces/${id}`).set('Authorization', who.bearer);
  const list = (who: Bearer, query: Record<string, string> = {}) => ctx.http().get('/api/task-forces').query(query).set('Authorization', who.bearer);

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    yibinSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: '511500' });
    countySupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: '511525' });
    chengduSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: '510100' });
    provincial = [await insertDepartment(ctx.db, '510000', `${tag}省经信`), await insertDepartment(ctx.db, '510000', `${tag}省发改`)];
    yibinDept = await insertDepartment(ctx.db, '511500', `${tag}宜宾经信`);
    countyDept = await insertDepartment(ctx.db, '511524', `${tag}长宁经信`);
    chengduDept = await insertDepartment(ctx.db, '510100', `${tag}成都经信`);
    countyHandler = await signedIn(ctx, { role: 'handler', regionCode: '511524', departmentId: countyDept });
  });
  afterAll(() => ctx.close());

  it('lets an admin create a provincial task force and a city one with members of any level on the chain or below', async () => {
    const province = (await post(admin, { name: `${tag}产业链专班`, regionCode: '510000', departmentIds: [...provincial, countyDept] }).expect(201)).body;
    expect(province).toMatchObject({ name: `${tag}产业链专班`, regionCode: '510000', regionName: expect.any(String), active: true, version: 1 });
    expect(province.members.map((m: { id: number }) => m.id).sort()).toEqual([...provincial, countyDept].sort());
    expect(province.members.find((m: { id: number }) => m.id === countyDept)).toMatchObject({ level: 'county', regionCode: '511524', active: true });

    const city = (await post(admin, { name: `${tag}宜宾专班`, regionCode: '511500', departmentIds: [provincial[0], yibinDept, countyDept] }).expect(201)).body;
    expect(city.members).toHaveLength(3);
    // The same name twice in one region is a conflict, in another region it is fine.
    const again = await post(admin, { name: `${tag}宜宾专班`, regionCode: '511500', departmentIds: [yibinDept] }).expect(409);
    expect(again.body.message).toContain('already exists');
  });

  it('refuses bad input with a JSON body naming the field', async () => {
    const county = await post(admin, { name: `${tag}县专班`, regionCode: '511524', departmentIds: [countyDept] }).expect(400);
    expect(county.body.details).toEqual([expect.objectContaining({ field: 'regionCode' })]);
    const sibling = await post(admin, { name: `${tag}越界`, regionCode: '511500', departmentIds: [yibinDept, chengduDept] }).expect(400);
    expect(sibling.body.details).toEqual([expect.objectContaining({ field: 'departmentIds', message: expect.stringContaining(`${tag}成都经信`) })]);
    const unknown = await post(admin, { name: `${tag}未知`, regionCode: '511500', departmentIds: [987654321] }).expect(400);
    expect(unknown.body.message).toContain('Unknown department 987654321');
    await post(admin, { name: `${tag}空`, regionCode: '511500', departmentIds: [] }).expect(400);
    await post(admin, { name: `${tag}重复`, regionCode: '511500', departmentIds: [yibinDept, yibinDept] }).expect(400);
    await post(admin, { name: 'x', regionCode: '511500', departmentIds: [yibinDept] }).expect(400);
    await post(admin, { name: `${tag}无区`, regionCode: '999999', departmentIds: [yibinDept] }).expect((r) => expect([400, 404]).toContain(r.status));
    const extra = await post(admin, { name: `${tag}多余`, regionCode: '511500', departmentIds: [yibinDept], owner: 1 }).expect(400);
    expect(extra.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('changes a task force only at the version read: 409 when stale, members replaced in one go', async () => {
    const created = (await post(admin, { name: `${tag}改名前`, regionCode: '511500', departmentIds: [yibinDept] }).expect(201)).body;
    const renamed = (await patch(admin, created.id, { version: 1, name: `${tag}改名后`, departmentIds: [yibinDept, countyDept] }).expect(200)).body;
    expect(renamed).toMatchObject({ name: `${tag}改名后`, version: 2 });
    expect(renamed.members.map((m: { id: number }) => m.id).sort()).toEqual([yibinDept, countyDept].sort());
    const stale = await patch(admin, created.id, { version: 1, active: false }).expect(409);
    expect(stale.body.message).toContain('changed by someone else');
    await patch(admin, created.id, { version: 2, departmentIds: [chengduDept] }).expect(400);
    expect((await get(admin, created.id).expect(200)).body).toMatchObject({ version: 2, active: true });
    const retired = (await patch(admin, created.id, { version: 2, active: false }).expect(200)).body;
    expect(retired).toMatchObject({ active: false, version: 3 });
    await patch(admin, created.id, { active: true }).expect(400);
    await patch(admin, 987654321, { version: 1, active: true }).expect(404);
  });

  it('is changed by admins only, and read by staff of its reach and of the regions below it', async () => {
    await post(yibinSupervisor, { name: `${tag}督办建`, regionCode: '511500', departmentIds: [yibinDept] }).expect(403);
    const province = (await list(admin, { q: '', regionCode: '510000' }).expect(400)).body;
    expect(province.message).toBeDefined();
    const [provincialForce] = (await list(admin, { regionCode: '510000', pageSize: '200' }).expect(200)).body.items.filter(
      (f: { name: string }) => f.name === `${tag}产业链专班`,
    );
    const [cityForce] = (await list(admin, { regionCode: '511500' }).expect(200)).body.items.filter((f: { name: string }) => f.name === `${tag}宜宾专班`);
    await patch(yibinSupervisor, cityForce.id, { version: cityForce.version, active: false }).expect(403);

    // A county supervisor reads the province's and its city's task forces (they cover its county), as does the city's.
    for (const who of [countySupervisor, yibinSupervisor]) {
      const names = (await list(who, { covering: '511525', pageSize: '200' }).expect(200)).body.items.map((f: { name: string }) => f.name);
      expect(names).toEqual(expect.arrayContaining([`${tag}产业链专班`, `${tag}宜宾专班`]));
      await get(who, cityForce.id).expect(200);
    }
    // Another city's supervisor sees the province's task force, never 宜宾's: 404 like a missing id.
    await get(chengduSupervisor, provincialForce.id).expect(200);
    await get(chengduSupervisor, cityForce.id).expect(404);
    const chengdu = (await list(chengduSupervisor, { pageSize: '200' }).expect(200)).body.items.map((f: { id: number }) => f.id);
    expect(chengdu).not.toContain(cityForce.id);
    // A task force covering 成都 is not one owned below 宜宾.
    const covering = (await list(admin, { covering: '510104', pageSize: '200' }).expect(200)).body.items.map((f: { id: number }) => f.id);
    expect(covering).toContain(provincialForce.id);
    expect(covering).not.toContain(cityForce.id);
    // Handlers and firms do not manage or browse task forces.
    await list(countyHandler).expect(403);
  });
});
