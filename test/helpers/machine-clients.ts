import type { TestContext } from './test-app';

let sourceSequence = 0;
/** A `source` no other spec uses: 2–40 of a-z 0-9 . _ - */
export function uniqueSource(prefix = 'sys'): string {
  sourceSequence += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${sourceSequence}`;
}

export interface MachineClient {
  id: number;
  clientId: string;
  clientSecret: string;
  userId: number;
  source: string;
}

/** Registers a client through the admin API. */
export async function registerClient(
  ctx: TestContext,
  adminBearer: string,
  fields: { role: string; regionCode: string; scopes: string[]; departmentId?: number; enterpriseId?: number; name?: string },
): Promise<MachineClient> {
  const source = uniqueSource();
  const response = await ctx
    .http()
    .post('/api/clients')
    .set('Authorization', adminBearer)
    .send({ name: fields.name ?? `测试系统 ${source}`, source, ...fields })
    .expect(201);
  return response.body as MachineClient;
}

/** A token by the client credentials grant (form-encoded, HTTP Basic, as RFC 6749 describes). */
export async function clientToken(ctx: TestContext, client: { clientId: string; clientSecret: string }, scope?: string): Promise<string> {
  const response = await ctx
    .http()
    .post('/api/oauth/token')
    .auth(client.clientId, client.clientSecret)
    .type('form')
    .send({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) })
    .expect(200);
  return `Bearer ${response.body.access_token as string}`;
}
