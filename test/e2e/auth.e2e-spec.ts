import { FixedClock } from '../../src/common/clock/clock';
import { insertUser, login, signedIn, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

describe('authentication (e2e)', () => {
  let ctx: TestContext;
  const clock = new FixedClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
  });
  afterAll(() => ctx.close());

  it('signs in and returns who I am', async () => {
    const user = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    const response = await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(response.body.refreshToken).toMatch(/^[0-9a-f-]{36}\./);

    const me = await ctx.http().get('/api/me').set('Authorization', `Bearer ${response.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ id: user.id, role: 'officer', regionCode: '510104', regionName: '锦江区', reachPrefix: '510104' });
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const user = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    const wrong = await ctx.http().post('/api/auth/login').send({ username: user.username, password: 'nope-nope-1' }).expect(401);
    const unknown = await ctx
      .http()
      .post('/api/auth/login')
      .send({ username: unique('ghost'), password: 'nope-nope-1' })
      .expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong username or password' });
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('refuses a deactivated account', async () => {
    const user = await insertUser(ctx.db, { role: 'officer', regionCode: '510104', active: false });
    await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(401);
  });

  it('makes a username wait at an address after five failures there, even for the right password, and lets it in after the wait', async () => {
    const user = await insertUser(ctx.db, { role: 'supervisor', regionCode: '510100' });
    for (let i = 0; i < 5; i += 1) {
      await ctx.http().post('/api/auth/login').send({ username: user.username, password: 'wrong-pass-1' }).expect(401);
    }
    const locked = await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(429);
    expect(locked.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

    clock.advance(16 * 60 * 1000);
    await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);
  });

  it('rotates the refresh token and revokes the family when an old one is reused', async () => {
    const user = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    const first = await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);

    const second = await ctx.http().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);

    const reuse = await ctx.http().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');

    // The legitimate latest token died with the family.
    const afterReuse = await ctx.http().post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken }).expect(401);
    expect(afterReuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    // And so did every access token of the session, at once rather than 15 minutes later.
    for (const tokens of [first.body, second.body]) {
      const me = await ctx.http().get('/api/me').set('Authorization', `Bearer ${tokens.accessToken}`).expect(401);
      expect(me.body).toMatchObject({ code: 'UNAUTHENTICATED', message: 'This session has ended; sign in again' });
    }
  });

  it('refuses a refresh token with a forged secret', async () => {
    const user = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    const first = await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);
    const [id] = (first.body.refreshToken as string).split('.');
    const forged = await ctx
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: `${id}.forgedsecretforgedsecret` })
      .expect(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });

  it('ends the session on logout', async () => {
    const user = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    const first = await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);
    const other = await ctx.http().post('/api/auth/login').send({ username: user.username, password: user.password }).expect(200);
    await ctx.http().get('/api/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(200);
    await ctx.http().post('/api/auth/logout').send({ refreshToken: first.body.refreshToken }).expect(204);
    await ctx.http().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(401);
    // The session's access token stops working at once; the user's other session goes on.
    const me = await ctx.http().get('/api/me').set('Authorization', `Bearer ${first.body.accessToken}`).expect(401);
    expect(me.body.message).toBe('This session has ended; sign in again');
    await ctx.http().get('/api/me').set('Authorization', `Bearer ${other.body.accessToken}`).expect(200);
  });

  it('answers an expired access token with TOKEN_EXPIRED', async () => {
    const user = await signedIn(ctx, { role: 'officer', regionCode: '510104' });
    // JWT expiry is checked against the real clock, so sign a token that is already expired.
    const { JwtService } = await import('@nestjs/jwt');
    const jwt = ctx.app.get(JwtService);
    const [row] = await ctx.db.query('SELECT password_changed_at FROM users WHERE id = ?', [user.id]);
    const expired = await jwt.signAsync({
      sub: user.id,
      pwd: new Date(row.password_changed_at).getTime(),
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    const response = await ctx.http().get('/api/me').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(response.body.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token signed with another key', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjEsInB3ZCI6MX0.c2lnbmF0dXJl';
    const response = await ctx.http().get('/api/me').set('Authorization', `Bearer ${forged}`).expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
  });

  it('invalidates old access tokens when the password changes', async () => {
    const user = await signedIn(ctx, { role: 'officer', regionCode: '510104' });
    clock.advance(1000);
    await ctx
      .http()
      .post('/api/me/password')
      .set('Authorization', user.bearer)
      .send({ currentPassword: user.password, newPassword: 'Another-pass-2' })
      .expect(204);
    await ctx.http().get('/api/me').set('Authorization', user.bearer).expect(401);
    const fresh = await login(ctx, { username: user.username, password: 'Another-pass-2' });
    await ctx.http().get('/api/me').set('Authorization', `Bearer ${fresh}`).expect(200);
  });

  it('asks for username and password with a validation error', async () => {
    const response = await ctx.http().post('/api/auth/login').send({}).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(response.body.details[0].field).toBe('username');
  });
});
