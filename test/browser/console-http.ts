import type { TestContext } from '../helpers/test-app';
import { TEST_PASSWORD } from '../helpers/test-app';

/** A console browser session driven over plain HTTP (supertest): a cookie jar and the page's CSRF token. */
export interface ConsoleAgent {
  cookie: string;
  csrf: string;
  get: (path: string) => ReturnType<ReturnType<TestContext['http']>['get']>;
  post: (path: string, form: Record<string, string | string[]>) => ReturnType<ReturnType<TestContext['http']>['post']>;
}

export function cookiesOf(setCookie: string[] | string | undefined): Record<string, string> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(list.map((c) => c.split(';')[0].split('=')).map(([k, ...v]) => [k, v.join('=')]));
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1];
}

export function urlencoded(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
}

/** Signs in through the login form, as a browser would; returns the agent or throws with the page. */
export async function consoleLogin(ctx: TestContext, username: string, password = TEST_PASSWORD): Promise<ConsoleAgent> {
  const form = await ctx.http().get('/login').expect(200);
  const loginCookie = cookiesOf(form.headers['set-cookie']).qy_login;
  const response = await ctx
    .http()
    .post('/login')
    .set('Cookie', `qy_login=${loginCookie}`)
    .type('form')
    .send(urlencoded({ _csrf: csrfOf(form.text), username, password }));
  if (response.status !== 303) throw new Error(`console login of ${username} failed: ${response.status}`);
  const sid = cookiesOf(response.headers['set-cookie']).qy_sid;
  const cookie = `qy_sid=${sid}`;
  const home = await ctx.http().get('/account').set('Cookie', cookie).expect(200);
  const agent: ConsoleAgent = {
    cookie,
    csrf: csrfOf(home.text),
    get: (path) => ctx.http().get(path).set('Cookie', agent.cookie),
    post: (path, body) => ctx.http().post(path).set('Cookie', agent.cookie).type('form').send(urlencoded(body)),
  };
  return agent;
}
