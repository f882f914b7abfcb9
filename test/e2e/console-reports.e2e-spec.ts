import { FixedClock } from '../../src/common/clock/clock';
import { appealCast } from '../helpers/appeal-fixtures';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';

/** The console's frozen-reports pages (issue #17: /reports was a 404): freeze, view, verify, publish — within reach. */
describe('console frozen reports (e2e)', () => {
  let ctx: TestContext;
  let supervisor: ConsoleAgent;
  let foreign: ConsoleAgent;
  let officer: ConsoleAgent;
  let reportId: number;

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-18T02:00:00Z')) });
    const cast = await appealCast(ctx, '510118');
    const other = await appealCast(ctx, '511303');
    [supervisor, foreign, officer] = await Promise.all([
      consoleLogin(ctx, cast.supervisor.username),
      consoleLogin(ctx, other.supervisor.username),
      consoleLogin(ctx, cast.officer.username),
    ]);
  });
  afterAll(() => ctx.close());

  it('freezes an ended month, shows it, verifies it and publishes it', async () => {
    const created = await supervisor.post('/reports', { _csrf: supervisor.csrf, periodKind: 'month', key: '2026-10' }).expect(303);
    reportId = Number(/^\/reports\/(\d+)$/.exec(String(created.headers.location))?.[1]);
    expect(reportId).toBeGreaterThan(0);
    expect(flashOf(created)).toMatchObject({ kind: 'success' });
    const page = (await supervisor.get(`/reports/${reportId}`).expect(200)).text;
    expect(page).toContain('2026-10 月报表');
    expect(page).toContain('data-testid="report-status">草稿');
    expect(page).toContain('按时办结率');
    const verified = (await supervisor.get(`/reports/${reportId}?verify=1`).expect(200)).text;
    expect(verified).toContain('核验通过');
    const published = await supervisor.post(`/reports/${reportId}/publish`, { _csrf: supervisor.csrf }).expect(303);
    expect(flashOf(published)).toMatchObject({ kind: 'success', text: '报表已发布，此后不再改变' });
    expect((await supervisor.get(`/reports/${reportId}`).expect(200)).text).toContain('data-testid="report-status">已发布');
    expect((await supervisor.get('/reports').expect(200)).text).toContain(`data-report-id="${reportId}"`);
    // Publishing twice is refused, in Chinese.
    const again = await supervisor.post(`/reports/${reportId}/publish`, { _csrf: supervisor.csrf }).expect(303);
    expect(flashOf(again)?.kind).toBe('error');
  });

  it('explains a bad period in Chinese', async () => {
    const bad = await supervisor.post('/reports', { _csrf: supervisor.csrf, periodKind: 'month', key: '' }).expect(303);
    expect(flashOf(bad)).toMatchObject({ kind: 'error' });
    expect(flashOf(bad)?.details?.join('')).toMatch(/[\u4e00-\u9fff]/);
    expect(flashOf(bad)?.details?.join('')).not.toMatch(/must be/);
  });

  it('keeps a report inside its reach', async () => {
    await foreign.get(`/reports/${reportId}`).expect(404);
    expect((await foreign.get('/reports').expect(200)).text).not.toContain(`data-report-id="${reportId}"`);
    await officer.get('/reports').expect(403);
  });
});
