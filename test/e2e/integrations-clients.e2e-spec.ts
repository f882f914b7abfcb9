import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertFirm, signedIn, unique } from '../helpers/factories';
import { clientToken, registerClient } from '../helpers/machine-clients';
import { createTestApp, TestContext } from '../helpers/test-app';

const HOME = '510104';

describe('machine clients: OAuth 2.0 client credentials, scopes, reach, rotation, revocation (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let labour: number;

  beforeAll(async () => {
    clock = new FixedClock(new Date('2026-11-16T02:00:00Z'));
    ctx = await createTestApp({ clock });
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    labour = await categoryId(ctx.db, 'labour');
  });
  afterAll(() => ctx.close());

  const token = (body: Record<string, unknown>, basic?: [string, string]) => {
    const request = ctx.http().post('/api/oauth/token').type('form');
    return (basic ? request.auth(basic[0], basic[1]) : request).send(body);
  };

  it('registers a client, shows its secret once, stores it hashed, and issues tokens for it', async () => {
    const client = await registerClient(ctx, admin.bearer, { role: 'officer', regionCode: HOME, scopes: ['appeals:read', 'events:read'] });
    expect(client.clientSecret).toMatch(/^qcs_\d+_[A-Za-z0-9_-]{43}$/);
    const [stored] = await ctx.db.query('SELECT secret_hash FROM api_client_secrets WHERE client_pk = ?', [client.id]);
    expect(stored.secret_hash).toMatch(/^\$argon2id\$/);
    expect(stored.secret_hash).not.toContain(client.clientSecret.slice(-43));
    const read = await ctx.http().get(`/api/clients/${client.id}`).set('Authorization', admin.bearer).expect(200);
    expect(read.body).not.toHaveProperty('clientSecret');
    expect(read.body).toMatchObject({ status: 'active', lastUsedAt: null, secrets: [{ state: 'active', hint: client.clientSecret.slice(-4) }] });

    const basic = await token({ grant_type: 'client_credentials' }, [client.clientId, client.clientSecret]).expect(200);
    expect(basic.headers['cache-control']).toBe('no-store');
    expect(basic.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'appeals:read events:read' });
    const inBody = await ctx
      .http()
      .post('/api/oauth/token')
      .send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'events:read' })
      .expect(200);
    expect(inBody.body.scope).toBe('events:read');
    const me = await ctx.http().get('/api/me').set('Authorization', `Bearer ${inBody.body.access_token}`).expect(200);
    expect(me.body).toMatchObject({ id: client.userId, role: 'officer' });
    const used = await ctx.http().get(`/api/clients/${client.id}`).set('Authorization', admin.bearer).expect(200);
    expect(used.body.lastUsedAt).toBe(clock.now().toISOString());
    // The backing account has no password and never signs in as a person.
    const [account] = await ctx.db.query('SELECT username FROM users WHERE id = ?', [client.userId]);
    await ctx.http().post('/api/auth/login').send({ username: account.username, password: '!' }).expect(401);
  });

  it('refuses bad token requests with RFC 6749 errors', async () => {
    const client = await registerClient(ctx, admin.bearer, { role: 'supervisor', regionCode: HOME, scopes: ['appeals:read'] });
    const creds: [string, string] = [client.clientId, client.clientSecret];
    const wrongGrant = await token({ grant_type: 'password', username: 'x', password: 'y' }, creds).expect(400);
    expect(wrongGrant.body).toMatchObject({ error: 'unsupported_grant_type', code: 'BAD_REQUEST', statusCode: 400 });
    expect((await token({}, creds).expect(400)).body).toMatchObject({ error: 'invalid_request' });
    expect((await token({ grant_type: 'client_credentials', scope: 'webhooks:manage' }, creds).expect(400)).body).toMatchObject({
      error: 'invalid_scope',
      message: expect.stringContaining('webhooks:manage'),
    });
    expect((await token({ grant_type: 'client_credentials', scope: 'admin' }, creds).expect(400)).body.error).toBe('invalid_scope');
    const wrongSecret = await token({ grant_type: 'client_credentials' }, [client.clientId, `${client.clientSecret.slice(0, -1)}${client.clientSecret.endsWith('A') ? 'B' : 'A'}`]).expect(401);
    expect(wrongSecret.body).toMatchObject({ error: 'invalid_client', code: 'INVALID_CREDENTIALS' });
    expect(wrongSecret.headers['www-authenticate']).toBe('Basic realm="qiyuan"');
    expect((await token({ grant_type: 'client_credentials' }, ['qc_nobody', client.clientSecret]).expect(401)).body.error).toBe('invalid_client');
    expect((await token({ grant_type: 'client_credentials' }).expect(401)).body.error).toBe('invalid_client');
    await ctx.http().post('/api/oauth/token').set('Authorization', 'Bearer abc').type('form').send({ grant_type: 'client_credentials' }).expect(401);
  });

  it('acts within its role and region, only with its scopes, and is named in the timeline as itself', async () => {
    const client = await registerClient(ctx, admin.bearer, {
      name: '成都市12345热线',
      role: 'officer',
      regionCode: HOME,
      scopes: ['appeals:read', 'appeals:write'],
    });
    const firm = await insertFirm(ctx.db, { regionCode: HOME, officerId: client.userId, name: unique('热线企业') });
    const otherOfficer = await signedIn(ctx, { role: 'officer', regionCode: HOME });
    const otherFirm = await insertFirm(ctx.db, { regionCode: HOME, officerId: otherOfficer.id, name: unique('别家企业') });
    const bearer = await clientToken(ctx, client);
    const body = { enterpriseId: firm.id, categoryId: labour, kind: 'help', channel: 'hotline', title: '12345转办：招工难', description: '企业反映近期招工难，一线岗位缺口较大。' };

    const externalId = unique('GD');
    const submitted = await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ ...body, externalId });
    expect(submitted.body).toMatchObject({ externalReference: { source: client.source, externalId } });
    expect(submitted.body.externalReference).toEqual({ source: client.source, externalId });
    await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', bearer)
      .send({ ...body, source: 'someone-else', externalId: unique('GD') })
      .expect(403);
    await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ ...body, enterpriseId: otherFirm.id }).expect(404);

    const detail = await ctx.http().get(`/api/appeals/${submitted.body.id}`).set('Authorization', bearer).expect(200);
    expect(detail.body.timeline[0]).toMatchObject({ actorId: client.userId, actorName: '成都市12345热线' });
    const [event] = await ctx.db.query('SELECT actor_id, actor_role FROM appeal_events WHERE appeal_id = ? ORDER BY seq LIMIT 1', [submitted.body.id]);
    expect(event).toMatchObject({ actor_id: client.userId, actor_role: 'officer' });

    // Acting on its own appeal needs appeals:write; a read-only token is refused before anything changes.
    const readOnly = await clientToken(ctx, client, 'appeals:read');
    const refused = await ctx
      .http()
      .post(`/api/appeals/${submitted.body.id}/accept`)
      .set('Authorization', readOnly)
      .set('If-Match', `"${detail.body.version}"`)
      .send({})
      .expect(403);
    expect(refused.body.context).toMatchObject({ requiredScopes: ['appeals:write'] });
    await ctx
      .http()
      .post(`/api/appeals/${submitted.body.id}/accept`)
      .set('Authorization', bearer)
      .set('If-Match', `"${detail.body.version}"`)
      .send({})
      .expect(200);
    // Operations not open to clients at all, whatever the role would allow.
    const closed = await ctx.http().get('/api/visits').set('Authorization', bearer).expect(403);
    expect(closed.body.message).toContain('not open to API clients');
    await ctx.http().get('/api/clients').set('Authorization', bearer).expect(403);
    await ctx.http().get(`/api/appeals/${submitted.body.id}`).set('Authorization', readOnly).expect(200);
  });

  it('a hotline with appeals:submit submits for any firm in its reach, by reference, and is named as itself', async () => {
    const hotline = await registerClient(ctx, admin.bearer, {
      name: '成都市12345热线（转办）',
      role: 'officer',
      regionCode: '510100',
      scopes: ['appeals:submit'],
    });
    const officer = await signedIn(ctx, { role: 'officer', regionCode: HOME });
    const firm = await insertFirm(ctx.db, { regionCode: HOME, officerId: officer.id, name: unique('热线转办企业') });
    const farFirm = await insertFirm(ctx.db, { regionCode: '511102', name: unique('市外企业') });
    const bearer = await clientToken(ctx, hotline);
    const body = { categoryId: labour, kind: 'help', title: '12345转办：用工备案', description: '企业来电反映用工备案流程不清，请协调。' };
    const externalId = unique('GD');

    const submitted = await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ ...body, enterpriseId: firm.id, externalId }).expect(201);
    expect(submitted.body).toMatchObject({ externalReference: { source: hotline.source, externalId }, channel: 'api', status: 'submitted' });
    expect(submitted.body.timeline[0]).toMatchObject({ actorId: hotline.userId, actorName: '成都市12345热线（转办）' });
    const [event] = await ctx.db.query('SELECT actor_id, actor_role, payload FROM appeal_events WHERE appeal_id = ? ORDER BY seq LIMIT 1', [
      submitted.body.id,
    ]);
    expect(event).toMatchObject({ actor_id: hotline.userId, actor_role: 'officer' });
    expect(typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload).toMatchObject({ onBehalf: true, viaClient: hotline.clientId });
    const [stored] = await ctx.db.query('SELECT submitted_by, submitted_on_behalf, officer_id FROM appeals WHERE id = ?', [submitted.body.id]);
    expect(stored).toMatchObject({ submitted_by: hotline.userId, submitted_on_behalf: 1, officer_id: officer.id });
    // The firm's officer works it as always.
    await ctx.http().get(`/api/appeals/${submitted.body.id}`).set('Authorization', officer.bearer).expect(200);

    // The same reference again answers the first appeal, writing nothing.
    const again = await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ ...body, enterpriseId: firm.id, externalId }).expect(201);
    expect(again.body.id).toBe(submitted.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE external_source = ? AND external_id = ?', [hotline.source, externalId]);
    expect(Number(n)).toBe(1);
    // Its reference used for another firm, or another source's namespace, is refused.
    const clash = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', bearer)
      .send({ ...body, enterpriseId: (await insertFirm(ctx.db, { regionCode: HOME })).id, externalId })
      .expect(409);
    expect(clash.body).toMatchObject({ code: 'CONFLICT', context: { source: hotline.source, externalId } });
    await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', bearer)
      .send({ ...body, enterpriseId: firm.id, source: 'someone-else', externalId: unique('GD') })
      .expect(403);

    // The firm must be named, and lie within the client's reach (outside: as missing).
    const unnamed = await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ ...body, externalId: unique('GD') }).expect(400);
    expect(unnamed.body.details).toEqual([expect.objectContaining({ field: 'enterpriseId' })]);
    const [{ n: before }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE submitted_by = ?', [hotline.userId]);
    await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ ...body, enterpriseId: farFirm.id, externalId: unique('GD') }).expect(404);
    const [{ n: after }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE submitted_by = ?', [hotline.userId]);
    expect(Number(after)).toBe(Number(before));

    // Submitting is all it may do: no case action, no reading beyond what the scope opens.
    const accept = await ctx
      .http()
      .post(`/api/appeals/${submitted.body.id}/accept`)
      .set('Authorization', bearer)
      .set('If-Match', `"${submitted.body.version}"`)
      .send({})
      .expect(403);
    expect(accept.body.context).toMatchObject({ requiredScopes: ['appeals:write'] });
    await ctx.http().get('/api/appeals').set('Authorization', bearer).expect(403);
    await ctx.http().get('/api/categories').set('Authorization', bearer).expect(200);

    // With appeals:read too, it reads back the appeals it passed on, and only those.
    await ctx.http().patch(`/api/clients/${hotline.id}`).set('Authorization', admin.bearer).send({ scopes: ['appeals:submit', 'appeals:read'] }).expect(200);
    const reader = await clientToken(ctx, hotline);
    const byReference = await ctx
      .http()
      .get('/api/appeals/by-reference')
      .query({ source: hotline.source, externalId })
      .set('Authorization', reader)
      .expect(200);
    expect(byReference.body.id).toBe(submitted.body.id);
    const listed = await ctx.http().get('/api/appeals').set('Authorization', reader).expect(200);
    expect(listed.body.items.map((a: { id: number }) => a.id)).toEqual([submitted.body.id]);

    // Only officer clients take the scope.
    const supervisorHotline = { name: '系统', source: unique('src').toLowerCase().replace(/[^a-z0-9._-]/g, '-'), role: 'supervisor', regionCode: HOME };
    const wrongRole = await ctx
      .http()
      .post('/api/clients')
      .set('Authorization', admin.bearer)
      .send({ ...supervisorHotline, scopes: ['appeals:submit'] })
      .expect(400);
    expect(wrongRole.body.details).toEqual([expect.objectContaining({ field: 'scopes' })]);
  });

  it('rotates a secret with an overlap, revokes secrets and clients at once', async () => {
    const client = await registerClient(ctx, admin.bearer, { role: 'supervisor', regionCode: HOME, scopes: ['appeals:read'] });
    const oldToken = await clientToken(ctx, client);
    const rotated = await ctx.http().post(`/api/clients/${client.id}/secrets`).set('Authorization', admin.bearer).send({ overlapSeconds: 3600 }).expect(201);
    const fresh = { clientId: client.clientId, clientSecret: rotated.body.clientSecret as string };
    expect(fresh.clientSecret).not.toBe(client.clientSecret);
    expect(rotated.body.secrets.map((s: { state: string }) => s.state)).toEqual(['expiring', 'active']);
    // Both work during the overlap …
    await clientToken(ctx, client);
    const newToken = await clientToken(ctx, fresh);
    await ctx.http().get('/api/appeals').set('Authorization', oldToken).expect(200);
    // … and only the new one after it, with the old secret's tokens ended too.
    clock.advance(3601_000);
    const expired = await token({ grant_type: 'client_credentials' }, [client.clientId, client.clientSecret]).expect(401);
    expect(expired.body.error_description).toContain('expired');
    await ctx.http().get('/api/appeals').set('Authorization', oldToken).expect(401);
    await ctx.http().get('/api/appeals').set('Authorization', newToken).expect(200);

    const [newest] = rotated.body.secrets.slice(-1);
    await ctx.http().delete(`/api/clients/${client.id}/secrets/${newest.id}`).set('Authorization', admin.bearer).expect(204);
    await ctx.http().delete(`/api/clients/${client.id}/secrets/${newest.id}`).set('Authorization', admin.bearer).expect(409);
    await ctx.http().get('/api/appeals').set('Authorization', newToken).expect(401);
    await token({ grant_type: 'client_credentials' }, [fresh.clientId, fresh.clientSecret]).expect(401);

    const third = await ctx.http().post(`/api/clients/${client.id}/secrets`).set('Authorization', admin.bearer).send({}).expect(201);
    const thirdToken = await clientToken(ctx, { clientId: client.clientId, clientSecret: third.body.clientSecret });
    const revoked = await ctx.http().post(`/api/clients/${client.id}/revoke`).set('Authorization', admin.bearer).send({}).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: clock.now().toISOString() });
    await ctx.http().get('/api/appeals').set('Authorization', thirdToken).expect(401);
    expect((await token({ grant_type: 'client_credentials' }, [client.clientId, third.body.clientSecret]).expect(401)).body.error).toBe('invalid_client');
    await ctx.http().post(`/api/clients/${client.id}/secrets`).set('Authorization', admin.bearer).send({}).expect(409);
    await ctx.http().post(`/api/clients/${client.id}/revoke`).set('Authorization', admin.bearer).send({}).expect(409);
  });

  it('keeps the client’s lifecycle in its audit: registered, re-scoped, rotated, a secret revoked, revoked; by whom', async () => {
    const client = await registerClient(ctx, admin.bearer, { name: '审计测试系统', role: 'supervisor', regionCode: HOME, scopes: ['appeals:read'] });
    const other = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    await ctx.http().patch(`/api/clients/${client.id}`).set('Authorization', other.bearer).send({ scopes: ['appeals:read', 'events:read'] }).expect(200);
    // A change that changes nothing records nothing.
    await ctx.http().patch(`/api/clients/${client.id}`).set('Authorization', other.bearer).send({ name: '审计测试系统' }).expect(200);
    const rotated = await ctx.http().post(`/api/clients/${client.id}/secrets`).set('Authorization', admin.bearer).send({ overlapSeconds: 60 }).expect(201);
    const firstSecret = rotated.body.secrets[0].id as number;
    const newSecret = rotated.body.secrets[1].id as number;
    await ctx.http().delete(`/api/clients/${client.id}/secrets/${firstSecret}`).set('Authorization', other.bearer).expect(204);
    await ctx.http().post(`/api/clients/${client.id}/revoke`).set('Authorization', admin.bearer).send({}).expect(200);

    const audit = await ctx.http().get(`/api/clients/${client.id}/audit`).set('Authorization', admin.bearer).expect(200);
    expect(audit.body.total).toBe(5);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ action: 'revoke', actorId: admin.id, details: {} }),
      expect.objectContaining({ action: 'revoke_secret', actorId: other.id, details: { secretId: firstSecret } }),
      expect.objectContaining({ action: 'rotate_secret', actorId: admin.id, details: expect.objectContaining({ secretId: newSecret, overlapSeconds: 60 }) }),
      expect.objectContaining({
        action: 'update',
        actorId: other.id,
        actorName: expect.any(String),
        details: { scopes: { from: ['appeals:read'], to: ['appeals:read', 'events:read'] } },
      }),
      expect.objectContaining({
        action: 'create',
        actorId: admin.id,
        at: expect.any(String),
        details: expect.objectContaining({ name: '审计测试系统', scopes: ['appeals:read'], secretId: firstSecret }),
      }),
    ]);
    // A refused change leaves no record.
    await ctx.http().post(`/api/clients/${client.id}/secrets`).set('Authorization', admin.bearer).send({}).expect(409);
    expect((await ctx.http().get(`/api/clients/${client.id}/audit`).set('Authorization', admin.bearer).expect(200)).body.total).toBe(5);
    await ctx.http().get('/api/clients/999999999/audit').set('Authorization', admin.bearer).expect(404);
    const supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: HOME });
    await ctx.http().get(`/api/clients/${client.id}/audit`).set('Authorization', supervisor.bearer).expect(403);
  });

  it('narrows a removed scope on tokens already issued', async () => {
    const client = await registerClient(ctx, admin.bearer, { role: 'supervisor', regionCode: HOME, scopes: ['appeals:read', 'events:read'] });
    const bearer = await clientToken(ctx, client);
    await ctx.http().get('/api/appeals').set('Authorization', bearer).expect(200);
    await ctx.http().patch(`/api/clients/${client.id}`).set('Authorization', admin.bearer).send({ scopes: ['events:read'] }).expect(200);
    await ctx.http().get('/api/appeals').set('Authorization', bearer).expect(403);
  });

  it('refuses bad registrations and non-admins', async () => {
    const post = (body: Record<string, unknown>, bearer = admin.bearer) => ctx.http().post('/api/clients').set('Authorization', bearer).send(body);
    const base = { name: '系统', source: unique('src').toLowerCase().replace(/[^a-z0-9._-]/g, '-'), role: 'supervisor', regionCode: HOME, scopes: ['appeals:read'] };
    await post({ ...base, scopes: ['appeals:delete'] }).expect(400);
    await post({ ...base, scopes: [] }).expect(400);
    await post({ ...base, role: 'admin' }).expect(400);
    await post({ ...base, source: 'Bad Source!' }).expect(400);
    await post({ ...base, role: 'handler' }).expect(400);
    await post({ ...base, regionCode: '519999' }).expect(400);
    const supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: HOME });
    await post(base, supervisor.bearer).expect(403);
    await post(base).expect(201);
    await post({ ...base, name: '重名来源' }).expect(409);
    await ctx.http().post('/api/clients/999999999/secrets').set('Authorization', admin.bearer).send({}).expect(404);
    await ctx.http().post('/api/clients/1/secrets').set('Authorization', admin.bearer).send({ overlapSeconds: -1 }).expect(400);
  });
});
