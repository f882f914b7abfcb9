import { consoleLogin, cookiesOf } from '../browser/console-http';
import { insertUser, signedIn } from '../helpers/factories';
import { createTestApp, TEST_PASSWORD, TestContext } from '../helpers/test-app';

/** New passwords are judged by zxcvbn against common passwords and the user's own names. */
describe('password policy (e2e)', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('refuses a guessable new password, and one containing the username, in English', async () => {
    const user = await signedIn(ctx, { role: 'officer', regionCode: '510104' });
    const change = (newPassword: string) =>
      ctx.http().post('/api/me/password').set('Authorization', user.bearer).send({ currentPassword: TEST_PASSWORD, newPassword });
    const weak = await change('password12').expect(400);
    expect(weak.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('The new password is too easy to guess'),
      details: [{ field: 'newPassword', message: expect.stringContaining('too easy to guess') }],
      context: { passwordProblems: ['too_guessable'] },
    });
    const named = await change(`Zq8!${user.username}`).expect(400);
    expect(named.body.context.passwordProblems).toContain('contains_username');
    await change('correct horse battery staple 7').expect(204);
  });

  it('applies the same policy when an admin sets a password', async () => {
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    const refused = await ctx
      .http()
      .post('/api/users')
      .set('Authorization', admin.bearer)
      .send({ username: `pw_${Date.now().toString(36)}`, password: 'Password123', displayName: '王专员', role: 'officer', regionCode: '510104' })
      .expect(400);
    expect(refused.body.details).toEqual([{ field: 'password', message: expect.stringContaining('too easy to guess') }]);
  });

  it('tells the console user in Chinese what is wrong with the new password', async () => {
    const user = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    const agent = await consoleLogin(ctx, user.username);
    const response = await agent
      .post('/account/password', { _csrf: agent.csrf, currentPassword: TEST_PASSWORD, newPassword: 'password12', confirmPassword: 'password12' })
      .expect(303);
    const raw = cookiesOf(response.headers['set-cookie'] as unknown as string[]).qy_flash;
    const flash = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] };
    expect(flash).toEqual({ kind: 'error', text: '新密码不符合要求', details: [expect.stringContaining('密码太容易被猜到')] });
  });
});
