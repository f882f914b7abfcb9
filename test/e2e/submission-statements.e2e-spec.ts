import { FixedClock } from '../../src/common/clock/clock';
import { NUMBER_BLOCK_SIZE } from '../../src/appeals/appeal-numbers';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

type Connection = { query: (...args: unknown[]) => unknown; __counted?: boolean };

/**
 * What one submission costs the database (#22): every statement the application sends while a
 * POST /api/appeals is answered, recorded at the driver (each is one round trip: no statement is
 * batched), and where the appeal's number comes from — a block reserved by one autocommit
 * statement outside the submission's transaction, so the year's sequence row is no longer locked
 * until each submission commits.
 */
describe('submission: statements, round trips and numbering (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let body: Record<string, unknown>;
  let recording: string[] | null = null;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-06-02T02:00:00Z')) });
    cast = await appealCast(ctx, '510107');
    body = {
      categoryId: await categoryId(ctx.db, 'energy_power'),
      kind: 'help',
      title: '园区线路频繁停电',
      description: '近两周每天停电两到三次。',
    };
    // Every pooled connection TypeORM hands out records the statements sent on it while recording.
    const driver = ctx.db.driver as unknown as { prepareDbConnection: (c: Connection) => Connection };
    const prepare = driver.prepareDbConnection.bind(driver);
    driver.prepareDbConnection = (raw) => {
      const connection = prepare(raw);
      if (!connection.__counted) {
        const query = connection.query;
        connection.query = function (this: unknown, sql: unknown, ...rest: unknown[]) {
          recording?.push((typeof sql === 'string' ? sql : String((sql as { sql: string }).sql)).replace(/\s+/g, ' ').trim());
          return query.call(this, sql, ...rest);
        };
        connection.__counted = true;
      }
      return connection;
    };
  });
  afterAll(() => ctx.close());

  const submit = async (key?: string) => {
    recording = [];
    const request = ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer);
    const response = await (key ? request.set('Idempotency-Key', key) : request).send(body).expect(201);
    const statements = recording;
    recording = null;
    return { number: String(response.body.number), statements };
  };
  const transactionOf = (statements: string[]) => {
    const begin = statements.findIndex((s) => /^START TRANSACTION/i.test(s));
    const end = statements.findIndex((s) => /^COMMIT/i.test(s));
    return { before: statements.slice(0, begin), inside: statements.slice(begin + 1, end), after: statements.slice(end + 1) };
  };

  it('draws the number from a block outside the transaction, and only when the block runs out', async () => {
    const first = await submit();
    const numbering = (s: string) => s.includes('appeal_number_sequences');
    const { before, inside } = transactionOf(first.statements);
    expect(inside.some(numbering)).toBe(false);
    expect(before.filter(numbering).length).toBeLessThanOrEqual(1);
    const next = await submit();
    expect(next.statements.some(numbering)).toBe(false);
    const seq = (n: string) => Number(n.slice(5));
    expect(seq(next.number)).toBeGreaterThan(seq(first.number));
    expect(next.number.slice(0, 4)).toBe('2026');
  });

  it('makes the same few statements for every submission (the count the README reports)', async () => {
    await submit(); // a block is reserved by now
    const plain = await submit();
    const { before, inside, after } = transactionOf(plain.statements);
    // Before: the caller's identity and session (sent at once), the firm, the category and its
    // parent, the SLA policy. Inside: the appeal, its first event and chain head (no read: a new
    // appeal has no history), the inbox rows and — the category is urgent — the WeCom and SMS
    // deliveries in one statement, the search text and the similarity bands (#16). After: the detail the response carries (the appeal, then its
    // co-departments, pauses, attachments and timeline at once).
    expect(before.length).toBe(6);
    expect(inside.length).toBe(7);
    expect(inside.some((s) => /^SELECT/i.test(s))).toBe(false);
    expect(after.length).toBe(5);
    const keyed = await submit(`statements-${Date.now()}`);
    // An Idempotency-Key adds its read before and its row inside.
    expect(transactionOf(keyed.statements).before.length).toBe(7);
    expect(transactionOf(keyed.statements).inside.length).toBe(8);
  });

  it('hands out unique numbers to concurrent submissions across block boundaries', async () => {
    const numbers: string[] = [];
    for (let i = 0; i < Math.ceil((NUMBER_BLOCK_SIZE + 10) / 20); i += 1) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => submit()));
      numbers.push(...batch.map((b) => b.number));
    }
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});
