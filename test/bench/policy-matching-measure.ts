/**
 * Measures policy matching (#21) on its own database: 100,000 firms across Sichuan's counties,
 * 20,000 enterprise users, 1,000 published policies with narrow rules already matched, then
 *  1. publishing one more policy to the whole province (no restriction but the region),
 *  2. publishing a 专精特新 policy to the province (a tag rule, a quarter of the firms),
 *  3. re-matching one changed firm against all 1,000+ live policies (an enterprise update),
 *  4. re-matching 1,000 changed firms (an import),
 * each through the application's own PolicyMatchingService inside a transaction, as publishing does.
 *
 *   POLICY_BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/qiyuan_bench_pol \
 *     npx ts-node --transpile-only test/bench/policy-matching-measure.ts [--firms=100000] [--policies=1000]
 *
 * MariaDB only (it generates rows with the seq_1_to_N sequence engine).
 */
import { createConnection, type Connection } from 'mysql2/promise';

const url = process.env.POLICY_BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/qiyuan_bench_pol';
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const FIRMS = arg('firms', 100_000);
const POLICIES = arg('policies', 1000);
const NOW = new Date('2026-03-10T02:00:00Z');

async function step(db: Connection, label: string, statement: string, params: unknown[] = []): Promise<void> {
  const t = Date.now();
  await db.query(statement, params);
  console.log(`  ${label}: ${Date.now() - t} ms`);
}

const INDUSTRY = "ELT(1 + s.seq % 7, 'electronic_information','equipment_manufacturing','food_beverage','advanced_materials','energy_chemicals','digital_economy','other')";
// A quarter 专精特新, a tenth 白名单, some 小升规: the tag mix of a real register, deterministic per firm.
const TAGS = "CONCAT_WS(',', IF(s.seq % 4 = 0, 'specialized', NULL), IF(s.seq % 10 = 0, 'whitelist', NULL), IF(s.seq % 7 = 3, 'nurture', NULL))";

async function generate(db: Connection): Promise<void> {
  await step(db, 'officers (500)', `INSERT INTO users (username, password_hash, display_name, role, region_code) SELECT CONCAT('officer', seq), 'x', CONCAT('专员', seq), 'officer', '510104' FROM seq_1_to_500`);
  await step(db, 'department', `INSERT INTO departments (name, region_code, level) VALUES ('四川省经济和信息化厅', '510000', 'province')`);
  await step(db, 'admin', `INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES ('admin', 'x', '管理员', 'admin', '510000')`);
  await db.query(`CREATE TEMPORARY TABLE bench_counties (n INT PRIMARY KEY, code CHAR(6))`);
  await db.query(`INSERT INTO bench_counties SELECT ROW_NUMBER() OVER (ORDER BY code) - 1, code FROM regions WHERE level = 'county' AND code LIKE '51%'`);
  const [[{ counties }]] = (await db.query('SELECT COUNT(*) AS counties FROM bench_counties')) as unknown as [[{ counties: number }]];
  await step(
    db,
    `firms (${FIRMS.toLocaleString()} over ${counties} counties)`,
    `INSERT INTO enterprises (credit_code, name, region_code, industry, scale, tags, park, officer_id)
     SELECT CONCAT('9151', LPAD(s.seq, 13, '0'), 'X'), CONCAT('基准企业', s.seq), c.code, ${INDUSTRY}, IF(s.seq % 3 = 0, 'below', 'above'), ${TAGS},
            IF(s.seq % 5 = 0, CONCAT('园区', s.seq % 50), NULL), 1 + s.seq % 500
       FROM seq_1_to_${FIRMS} s JOIN bench_counties c ON c.n = s.seq % ${counties}`,
  );
  await step(db, 'firm facts (employees)', `INSERT INTO firm_facts (enterprise_id, fact, value, updated_at) SELECT id, 'employees', 10 + id % 990, NOW(3) FROM enterprises`);
  await step(
    db,
    'enterprise users (1 per 5 firms)',
    `INSERT INTO users (username, password_hash, display_name, role, region_code, enterprise_id)
     SELECT CONCAT('firm', e.id), 'x', '企业用户', 'enterprise', e.region_code, e.id FROM enterprises e WHERE e.id % 5 = 0`,
  );
  // 1,000 policies, each for one county and one industry (a few dozen firms each), published and matched below.
  await step(
    db,
    `policies (${POLICIES})`,
    `INSERT INTO policies (title, issuing_body, region_code, level, valid_from, summary, department_id, obtain_mode, status, rules, created_by, published_at, created_at, updated_at)
     SELECT CONCAT('基准政策', s.seq), '四川省经济和信息化厅', '510000', 'province', '2026-01-01', '基准政策摘要', 1, IF(s.seq % 2 = 0, 'automatic', 'apply'), 'draft',
            JSON_OBJECT('regionCodes', JSON_ARRAY(c.code), 'industries', JSON_ARRAY(${INDUSTRY.replace(/s\.seq/g, '(s.seq DIV 3)')}), 'scales', JSON_ARRAY(),
                        'tagsAny', JSON_ARRAY(), 'tagsAll', JSON_ARRAY(), 'parks', JSON_ARRAY(), 'facts', JSON_ARRAY()),
            (SELECT MIN(id) FROM users), ?, ?, ?
       FROM seq_1_to_${POLICIES} s JOIN bench_counties c ON c.n = s.seq % ${counties}`,
    [NOW, NOW, NOW],
  );
}

async function main(): Promise<void> {
  process.env.DATABASE_URL = url;
  process.env.SWEEP_ENABLED = 'false';
  process.env.OUTBOX_WORKER_ENABLED = 'false';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';
  const { recreateDatabaseAndMigrate } = await import('../../src/cli/database-admin');
  const { createApp } = await import('../../src/app.factory');
  const { FixedClock } = await import('../../src/common/clock/clock');
  const { DataSource } = await import('typeorm');
  const { PolicyMatchingService } = await import('../../src/policies/matching/policy-matching.service');
  const { parseStoredRules } = await import('../../src/policies/domain/policy-rules');

  console.log(`Generating ${FIRMS.toLocaleString()} firms and ${POLICIES} policies in ${url} (the machine is shared: figures are indicative)`);
  await recreateDatabaseAndMigrate(url);
  const db = await createConnection({ uri: url, timezone: 'Z', multipleStatements: false });
  await generate(db);
  await step(db, 'analyze', 'ANALYZE TABLE enterprises, firm_facts, users, policies');
  const app = await createApp({ clock: new FixedClock(NOW) });
  const matching = app.get(PolicyMatchingService);
  const dataSource = app.get(DataSource);
  const publish = async (label: string | null, id: number) => {
    const [row] = await dataSource.query('SELECT id, region_code, rules FROM policies WHERE id = ?', [id]);
    const t = Date.now();
    const outcome = await dataSource.transaction(async (m) => {
      await m.query("UPDATE policies SET status = 'published' WHERE id = ?", [id]);
      return matching.matchPublished(m, { id, regionCode: row.region_code, rules: parseStoredRules(row.rules) });
    });
    if (label) console.log(`${label}: ${Date.now() - t} ms — matched ${outcome.matched.toLocaleString()} firms, ${outcome.notified.toLocaleString()} inbox entries`);
    return Date.now() - t;
  };
  try {
    const t = Date.now();
    const ids: Array<{ id: number }> = await dataSource.query("SELECT id FROM policies WHERE status = 'draft' ORDER BY id");
    for (const { id } of ids) await publish(null, id);
    console.log(`Published the ${ids.length} narrow policies in ${Date.now() - t} ms`);
    const insert = async (title: string, rules: Record<string, unknown>) => {
      const result = await dataSource.query(
        `INSERT INTO policies (title, issuing_body, region_code, level, valid_from, summary, department_id, obtain_mode, status, rules, created_by, created_at, updated_at)
         VALUES (?, '四川省人民政府办公厅', '510000', 'province', '2026-01-01', '基准', 1, 'apply', 'draft', ?, 1, ?, ?)`,
        [title, JSON.stringify({ regionCodes: [], industries: [], scales: [], tagsAny: [], tagsAll: [], parks: [], facts: [], ...rules }), NOW, NOW],
      );
      return Number(result.insertId);
    };
    const province = await insert('全省普惠政策', {});
    const explain = await dataSource.query(
      `EXPLAIN SELECT ? AS policy_id, e.id AS enterprise_id FROM enterprises e WHERE (e.active = 1 AND (e.region_code LIKE '51%'))`,
      [province],
    );
    console.log('EXPLAIN of the matching SELECT:');
    for (const r of explain) console.log(`  ${r.table}: type=${r.type} key=${r.key} rows=${r.rows} ${r.Extra ?? ''}`);
    const results: Record<string, number> = {};
    results.province = await publish('Publish a policy to the whole province', province);
    results.specialized = await publish('Publish a 专精特新 policy (tagsAll specialized, employees ≥ 100) to the province', await insert('专精特新奖励', { tagsAll: ['specialized'], facts: [{ fact: 'employees', min: 100, max: null }] }));
    const one = Date.now();
    await dataSource.query("UPDATE enterprises SET tags = 'specialized,whitelist' WHERE id = 7");
    const single = await dataSource.transaction((m) => matching.rematchFirms(m, [7]));
    console.log(`Re-match one changed firm against every live policy: ${Date.now() - one} ms — ${JSON.stringify(single)}`);
    const many = Date.now();
    await dataSource.query("UPDATE enterprises SET tags = IF(tags = '', 'nurture', '') WHERE id BETWEEN 1001 AND 2000");
    const bulk = await dataSource.transaction((m) => matching.rematchFirms(m, Array.from({ length: 1000 }, (_, i) => 1001 + i)));
    console.log(`Re-match 1,000 changed firms (an import): ${Date.now() - many} ms — ${JSON.stringify(bulk)}`);
    const again = Date.now();
    const idle = await dataSource.transaction((m) => matching.rematchFirms(m, Array.from({ length: 1000 }, (_, i) => 1001 + i)));
    console.log(`The same again (idempotent, nothing to do): ${Date.now() - again} ms — ${JSON.stringify(idle)}`);
    const [sizes] = await dataSource.query(
      'SELECT (SELECT COUNT(*) FROM enterprises) AS firms, (SELECT COUNT(*) FROM policies) AS policies, (SELECT COUNT(*) FROM policy_firms) AS records, (SELECT COUNT(*) FROM policy_firm_events) AS events, (SELECT COUNT(*) FROM notifications) AS notifications',
    );
    console.log('Table sizes:', sizes);
  } finally {
    await app.close();
    await db.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
