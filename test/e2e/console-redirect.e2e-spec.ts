import { cookiesOf, csrfOf, urlencoded } from '../browser/console-http';
import { insertUser } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/** After sign-in the console follows `next` only to a page of its own; anything else goes home. */
describe('console sign-in redirect (e2e)', () => {
  let ctx: TestContext;
  let user: { username: string; password: string };

  beforeAll(async () => {
    ctx = await createTestApp();
    user = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
  });
  afterAll(() => ctx.close());

  /** Signs in through the form with the raw `next` query of the sign-in page; returns the Location. */
  async function signInWith(rawNextQuery: string): Promise<{ status: number; location: string | undefined; formNext: string }> {
    const form = await ctx.http().get(`/login?next=${rawNextQuery}`);
    expect(form.status).toBe(200);
    const formNext = /name="next" value="([^"]*)"/.exec(form.text)?.[1] ?? '';
    const response = await ctx
      .http()
      .post('/login')
      .set('Cookie', `qy_login=${cookiesOf(form.headers['set-cookie']).qy_login}`)
      .type('form')
      .send(urlencoded({ _csrf: csrfOf(form.text), username: user.username, password: user.password, next: decodeURIComponent(rawNextQuery) }));
    return { status: response.status, location: response.headers.location as string | undefined, formNext };
  }

  it('follows a same-site path', async () => {
    const result = await signInWith(encodeURIComponent('/appeals?status=submitted'));
    expect(result).toMatchObject({ status: 303, location: '/appeals?status=submitted' });
  });

  it.each([
    ['a tab before a second slash', '/%09/evil.example/phish'],
    ['a protocol-relative URL', '//evil.example/'],
    ['a backslash', '/%5Cevil.example'],
    ['CR/LF header injection', '/appeals%0D%0ASet-Cookie:%20x=1'],
    ['an absolute URL', 'https%3A%2F%2Fevil.example%2F'],
    ['a newline before a second slash', '/%0A/evil.example'],
  ])('goes to the default page for %s, never off-site and never a 500', async (_, raw) => {
    const result = await signInWith(raw);
    expect(result.status).toBe(303);
    expect(result.location).toBe('/work'); // an officer's home page
    expect(result.formNext).toBe('/');
  });
});
