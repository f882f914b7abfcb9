import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertUser } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { consoleLogin, type ConsoleAgent } from '../browser/console-http';

const YAAN = '511800';

/** The text of the element carrying data-testid, tags dropped (enough for these flat elements). */
function testid(html: string, id: string): string {
  const match = new RegExp(`data-testid="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match ? match[1].replace(/<[^>]+>/g, '').trim() : '';
}

function trendPeriods(html: string): string[] {
  const figure = /data-testid="chart-trend-counts"[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...figure.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
}

/**
 * The console dashboard's period picker (#17): any week / 旬 / month / quarter, previous / next
 * from the clock's "now", always within the supervisor's own region — a city supervisor cannot
 * pick another city or the province, a province supervisor can pick any city.
 */
describe('console dashboard period picker (e2e)', () => {
  const clock = new FixedClock(new Date('2026-03-18T02:00:00Z'));
  let ctx: TestContext;
  let city: ConsoleAgent;
  let province: ConsoleAgent;
  let cityUsername: string;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    const cast = await appealCast(ctx, '512002');
    const energy = await categoryId(ctx.db, 'energy_power');
    await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.enterprise.bearer)
      .send({ categoryId: energy, kind: 'help', title: '供电不稳', description: '近两周每天停电两到三次，生产线被迫停工。' })
      .expect(201);
    const provinceUser = await insertUser(ctx.db, { role: 'supervisor', regionCode: '510000' });
    cityUsername = cast.supervisor.username;
    [city, province] = await Promise.all([consoleLogin(ctx, cityUsername), consoleLogin(ctx, provinceUser.username)]);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('shows the running month by default, with previous and no next', async () => {
    const page = await city.get('/dashboard').expect(200);
    expect(testid(page.text, 'period-label')).toBe('2026年3月');
    expect(page.text).toContain('href="/dashboard?period=month&amp;key=2026-02"');
    expect(page.text).not.toContain('data-testid="period-next"');
    expect(trendPeriods(page.text)).toEqual(['2025年10月', '2025年11月', '2025年12月', '2026年1月', '2026年2月', '2026年3月']);
    expect(page.text).toMatch(/<svg class="chart-svg"[^>]*role="img" aria-label="在办诉求按预警灯：绿灯 1（100%），黄灯 0（0%），红灯 0（0%）"/);
    expect(page.text).toContain('data-testid="chart-regions"');
  });

  it('shows any period of the four kinds, its trend ending there, and steps within the region', async () => {
    const xun = await city.get('/dashboard?period=xun&key=2026-03-X1').expect(200);
    expect(testid(xun.text, 'period-label')).toBe('2026年3月上旬');
    expect(trendPeriods(xun.text)).toEqual([
      '2026年1月中旬',
      '2026年1月下旬',
      '2026年2月上旬',
      '2026年2月中旬',
      '2026年2月下旬',
      '2026年3月上旬',
    ]);
    expect(xun.text).toContain('href="/dashboard?period=xun&amp;key=2026-03-X2"'); // next = the running one
    const week = await city.get('/dashboard?period=week&key=2026-W10').expect(200);
    expect(testid(week.text, 'period-label')).toContain('第10周');
    const quarter = await city.get('/dashboard?period=quarter&key=2025-Q4').expect(200);
    expect(testid(quarter.text, 'period-label')).toBe('2025年第四季度');
    expect(quarter.text).toContain('href="/dashboard?period=quarter&amp;key=2026-Q1"');
    // A county below the supervisor's city, for a month: the picker keeps the region.
    const county = await city.get('/dashboard?regionCode=512002&period=month&key=2026-01').expect(200);
    expect(county.text).toContain('href="/dashboard?regionCode=512002&amp;period=month&amp;key=2025-12"');
    expect(county.text).toContain('data-testid="own-region"');
    expect(county.text).not.toContain('data-testid="chart-regions"'); // a county has no regions below it
  });

  it('keeps a city supervisor inside the city: another city or the province is not found, whatever the period', async () => {
    await city.get(`/dashboard?regionCode=${YAAN}`).expect(404);
    await city.get(`/dashboard?regionCode=${YAAN}&period=month&key=2026-02`).expect(404);
    await city.get('/dashboard?regionCode=510000&period=quarter&key=2026-Q1').expect(404);
    await city.get('/dashboard?regionCode=511802&period=xun&key=2026-03-X1').expect(404);
    // The province supervisor may look at another city's ended month. 内江, which no other spec counts: an ended
    // month read here is frozen, and supervision.e2e reads 雅安's February from its frozen report.
    const neijiang = await province.get('/dashboard?regionCode=511000&period=month&key=2026-02').expect(200);
    expect(neijiang.text).toMatch(/<h1>督办看板 <span class="muted small">内江市 · 2026年2月<\/span>/);
  });

  it('refuses a key of another kind and a kind it does not know', async () => {
    await city.get('/dashboard?period=week&key=2026-03').expect(400);
    await city.get('/dashboard?period=decade').expect(400);
  });

  it('follows the clock: a month later the old running month has a next and the new one is the default', async () => {
    clock.set('2026-04-02T02:00:00Z');
    try {
      // Signed in again: two weeks on, the session has expired.
      city = await consoleLogin(ctx, cityUsername);
      const page = await city.get('/dashboard').expect(200);
      expect(testid(page.text, 'period-label')).toBe('2026年4月');
      const march = await city.get('/dashboard?period=month&key=2026-03').expect(200);
      expect(march.text).toContain('data-testid="period-next"');
      expect(march.text).toContain('data-testid="period-current"');
    } finally {
      clock.set('2026-03-18T02:00:00Z');
    }
  });
});
