import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { PerformActionUseCase } from '../appeals/usecases/perform-action.usecase';
import { CoHandlerTasksService } from '../cohandling/co-handler-tasks.service';
import { SubmitAppealUseCase } from '../appeals/usecases/submit-appeal.usecase';
import type { AppealCommand } from '../appeals/domain';
import type { AuthUser } from '../common/auth/auth-user';
import { demoIdentities } from './demo-identities';
import { DemoClock } from './demo-clock';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Where each demo appeal's story stops, with weights: every state of the loop appears. */
const ENDINGS: Array<[ending: string, weight: number]> = [
  ['submitted', 8],
  ['accepted', 6],
  ['assigned', 8],
  ['in_progress', 18],
  ['objected', 3],
  ['extension_pending', 3],
  ['extended', 4],
  ['suspended', 5],
  ['resolved', 10],
  ['redo', 4],
  ['closed', 22],
  ['closed_follow_up', 4],
  ['rejected', 3],
  ['withdrawn', 2],
];

const TITLES: Record<string, string[]> = {
  energy_power: ['园区线路频繁停电影响生产', '申请增加用电负荷指标'],
  energy_gas: ['天然气供应不足需协调气源'],
  labour: ['一线普工招工难', '急需技术工人培训支持'],
  financing: ['流动资金贷款续贷困难', '申请应急转贷资金'],
  logistics: ['原材料运输车辆通行受阻'],
  supply_chain_break: ['关键零部件断供需协调上游企业'],
  land_approval: ['技改项目环评审批进度慢', '新厂房用地规划许可办理'],
  market: ['希望对接本地采购需求'],
  policy: ['技改补贴资金未兑现'],
  arrears: ['政府项目工程款拖欠'],
  fees: ['涉企检查收费不合理'],
  tax: ['留抵退税办理咨询'],
  technology: ['申报专精特新需要辅导'],
  other: ['厂区周边道路维修'],
};

/** A small deterministic PRNG so every demo database tells the same stories. */
function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * A few hundred appeals across every city, each driven through the real submission and action
 * use cases (state machine, timers, events, notifications) under a simulated clock.
 */
export async function seedAppeals(app: INestApplication, db: DataSource, clock: DemoClock, count = 300): Promise<number> {
  const random = prng(2026);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const weighted = () => {
    const total = ENDINGS.reduce((s, [, w]) => s + w, 0);
    let r = random() * total;
    for (const [ending, w] of ENDINGS) if ((r -= w) < 0) return ending;
    return 'closed';
  };
  const submit = app.get(SubmitAppealUseCase);
  const perform = app.get(PerformActionUseCase);
  const coTasks = app.get(CoHandlerTasksService);
  const who = demoIdentities(app);

  const firms: Array<{ id: number; region_code: string; officer_id: number; user_id: number | null }> = await db.query(
    `SELECT e.id, e.region_code, e.officer_id,
            (SELECT MIN(u.id) FROM users u WHERE u.enterprise_id = e.id AND u.role = 'enterprise') AS user_id
       FROM enterprises e WHERE e.active = 1 AND e.officer_id IS NOT NULL ORDER BY e.id`,
  );
  if (!firms.length) return 0;
  const categories: Array<{ id: number; code: string }> = await db.query('SELECT id, code FROM appeal_categories WHERE code IN (?)', [
    Object.keys(TITLES),
  ]);
  const [supervisor] = await db.query("SELECT id FROM users WHERE username = 'supervisor'");
  const supervisorUser = await who(Number(supervisor.id));
  const handlerOf = await handlersByDepartment(db);
  const now = Date.now();
  let created = 0;

  for (let i = 0; i < count; i += 1) {
    try {
      created += await story(i);
    } catch (error) {
      // One odd story must not stop the demo; say which and why.
      console.warn(`demo appeal #${i} stopped early: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  clock.release();
  return created;

  async function story(i: number): Promise<number> {
    const firm = firms[i % firms.length];
    const officer = await who(Number(firm.officer_id));
    const submitter = firm.user_id && random() < 0.6 ? await who(Number(firm.user_id)) : officer;
    const category = pick(categories);
    const ending = weighted();
    // Finished stories spread over six weeks; open ones are recent, as in a system that keeps up.
    const finished = ['closed', 'closed_follow_up', 'rejected', 'withdrawn'].includes(ending);
    const start = now - (finished ? 5 + random() * 40 : 0.3 + random() * 9) * DAY;
    let t = start;
    const at = (hoursLater: number) => {
      t = Math.min(t + hoursLater * HOUR, now - 60_000);
      clock.pin(new Date(t));
    };
    clock.pin(new Date(t));
    const { appealId } = await submit.execute(submitter, {
      enterpriseId: firm.id,
      categoryId: category.id,
      kind: pick(['help', 'help', 'consultation', 'complaint', 'suggestion'] as const),
      title: pick(TITLES[category.code]),
      description: '企业反映的具体情况：影响正常生产经营，希望相关部门尽快协调解决。',
    });
    let version = 1;
    const act = async (actor: AuthUser, command: AppealCommand, hoursLater: number) => {
      at(hoursLater);
      await perform.execute(actor, appealId, command, { version, via: 'body' });
      version += 1;
    };
    const departments = await routingTargets(db, firm.region_code);
    if (ending === 'submitted') return 1;
    if (ending === 'rejected') {
      await act(officer, { action: 'reject', reason: '不属于涉企诉求受理范围' }, 3);
      return 1;
    }
    await act(officer, { action: 'accept' }, 1 + random() * 6);
    if (ending === 'accepted') return 1;
    if (ending === 'withdrawn') {
      await act(submitter, { action: 'withdraw', reason: '问题已自行解决' }, 5);
      return 1;
    }
    const coHandled = random() < 0.15 && departments.length > 1 && handlerOf.has(departments[1]);
    await act(officer, { action: 'route', leadDepartmentId: String(departments[0]), coDepartmentIds: coHandled ? [String(departments[1])] : [] }, 1);
    const handler = await who(handlerOf.get(departments[0])!);
    if (ending === 'assigned') return 1;
    if (ending === 'objected') {
      await act(handler, { action: 'object', reason: '该事项不属于本部门职责' }, 2);
      return 1;
    }
    await act(handler, { action: 'sign' }, 2 + random() * 20);
    if (ending === 'in_progress') return 1;
    if (ending === 'extension_pending' || ending === 'extended') {
      await act(handler, { action: 'request_extension', days: 3, reason: '需跨部门协调，申请延期' }, 24);
      if (ending === 'extended') await act(supervisorUser, { action: 'approve_extension', days: 3 }, 4);
      return 1;
    }
    if (ending === 'suspended') {
      await act(handler, { action: 'suspend', reason: '请企业补充相关材料' }, 24);
      return 1;
    }
    if (coHandled) {
      // The joint-closure rule: the co-handler signs and answers its task before the lead may resolve.
      const coHandler = await who(handlerOf.get(departments[1])!);
      const [task] = await coTasks.listForAppeal(coHandler, appealId);
      at(12);
      const signed = await coTasks.act(coHandler, task.id, { action: 'sign' }, task.version);
      at(24);
      await coTasks.act(coHandler, task.id, { action: 'answer', answer: '本单位职责范围内的事项已办理，意见已反馈牵头单位。' }, signed.version);
    }
    await act(
      handler,
      {
        action: 'resolve',
        closureType: pick(['resolved', 'resolved', 'partly_resolved', 'explained'] as const),
        answer: '已协调相关单位，问题得到处理。',
      },
      24 + random() * 120,
    );
    if (ending === 'resolved') return 1;
    if (ending === 'redo') {
      await act(
        submitter.role === 'enterprise' ? submitter : officer,
        { action: submitter.role === 'enterprise' ? 'verify' : 'follow_up_call', solved: 'no', satisfaction: 'dissatisfied' },
        24,
      );
      return 1;
    }
    const satisfaction = pick(['very_satisfied', 'very_satisfied', 'satisfied', 'satisfied', 'basically_satisfied'] as const);
    if (ending === 'closed_follow_up' || submitter.role !== 'enterprise') {
      await act(officer, { action: 'follow_up_call', solved: 'yes', satisfaction }, 48);
    } else {
      await act(submitter, { action: 'verify', solved: satisfaction === 'basically_satisfied' ? 'partly' : 'yes', satisfaction }, 48);
    }
    return 1;
  }
}

/** Departments of the firm's own level and region (county departments for county firms). */
async function routingTargets(db: DataSource, regionCode: string): Promise<number[]> {
  const rows: Array<{ id: number }> = await db.query(
    'SELECT id FROM departments WHERE region_code = ? AND active = 1 ORDER BY id LIMIT 2',
    [regionCode],
  );
  return rows.map((r) => Number(r.id));
}

/** One demo handler per department that receives appeals (created on demand, same password as the other demo users). */
async function handlersByDepartment(db: DataSource): Promise<Map<number, number>> {
  const [{ password_hash: hash }] = await db.query("SELECT password_hash FROM users WHERE username = 'admin'");
  await db.query(
    `INSERT INTO users (username, password_hash, display_name, role, region_code, department_id)
     SELECT CONCAT('h_', d.id), ?, CONCAT(COALESCE(d.short_name, d.name), '办理员'), 'handler', d.region_code, d.id
       FROM departments d
      WHERE d.id IN (SELECT MIN(x.id) FROM departments x GROUP BY x.region_code
                     UNION SELECT MIN(y.id) + 1 FROM departments y GROUP BY y.region_code)
        AND NOT EXISTS (SELECT 1 FROM users u WHERE u.department_id = d.id AND u.role = 'handler')`,
    [hash],
  );
  const rows: Array<{ department_id: number; id: number }> = await db.query(
    "SELECT department_id, MIN(id) AS id FROM users WHERE role = 'handler' GROUP BY department_id",
  );
  return new Map(rows.map((r) => [Number(r.department_id), Number(r.id)]));
}
