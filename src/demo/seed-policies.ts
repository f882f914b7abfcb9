import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DeliveriesService } from '../policies/deliveries.service';
import type { PolicyRules } from '../policies/domain/policy-rules';
import type { DeliveryState } from '../policies/domain/policy-vocabulary';
import { ListDeliveriesQuery } from '../policies/dto/delivery.dto';
import { PoliciesService } from '../policies/policies.service';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { DemoClock } from './demo-clock';
import { demoIdentities } from './demo-identities';

const DAY = 24 * 3600 * 1000;
const NONE: PolicyRules = { regionCodes: [], industries: [], scales: [], tagsAny: [], tagsAll: [], parks: [], facts: [] };

interface DemoPolicy {
  title: string;
  issuingBody: string;
  documentNumber: string;
  regionCode: string;
  department: string;
  obtainMode: 'automatic' | 'apply';
  summary: string;
  fullText: string;
  rules: Partial<PolicyRules>;
  /** Days before now it was published; the officers' deliveries follow over the next days. */
  publishedDaysAgo: number | null;
}

/**
 * Support policies of the kind the seed documents announce (川办函〔2022〕2号 五、 "加大惠企政策的
 * 宣传落实力度，努力做到应知尽知、应享尽享"; 成办发〔2012〕1号 "融资助推行动", "大企业大集团提速行动"),
 * written for the demo year. One stays a draft so the rules editor and preview have something to show.
 */
function demoPolicies(year: number): DemoPolicy[] {
  return [
    {
      title: `关于支持"专精特新"中小企业高质量发展的若干措施（${year}年）`,
      issuingBody: '四川省经济和信息化厅',
      documentNumber: `川经信企业〔${year}〕12号`,
      regionCode: '510000',
      department: '四川省经济和信息化厅',
      obtainMode: 'apply',
      summary: '对省级"专精特新"中小企业给予一次性奖励，支持企业加大研发投入、开展北京证券交易所上市辅导培训。',
      fullText: '一、对新认定的省级"专精特新"中小企业给予一次性奖励。\n二、支持"专精特新"企业参加北京证券交易所上市辅导培训。\n三、优先推荐纳入"制惠贷"融资试点。',
      rules: { tagsAll: ['specialized'] },
      publishedDaysAgo: 40,
    },
    {
      title: `减税降费惠企政策直达快享（${year}年）`,
      issuingBody: '四川省人民政府办公厅',
      documentNumber: `川办函〔${year}〕2号`,
      regionCode: '510000',
      department: '国家税务总局四川省税务局',
      obtainMode: 'automatic',
      summary: '规上工业企业按规定享受增值税留抵退税和阶段性缓缴政策，符合条件的企业免于申请、直接享受。',
      fullText: '加大对中央和省近期出台的一系列减税降费惠企政策的宣传落实力度，努力做到应知尽知、应享尽享。',
      rules: { scales: ['above'] },
      publishedDaysAgo: 25,
    },
    {
      title: `成都市"银园对接"园区企业融资支持（${year}年）`,
      issuingBody: '成都市人民政府办公厅',
      documentNumber: `成办发〔${year}〕1号`,
      regionCode: '510100',
      department: '成都市地方金融监督管理局',
      obtainMode: 'apply',
      summary: '组织银行和担保机构进园区，对园区内有订单、有市场的工业企业开展"一对一"融资对接，提供担保增量降费奖补。',
      fullText: '组织"银园对接"：服务团队进园区、机构网点进园区、规模额度进园区；政策性担保机构做到"应保尽保"。',
      rules: { regionCodes: ['510100'], industries: ['electronic_information', 'equipment_manufacturing', 'advanced_materials'] },
      publishedDaysAgo: 12,
    },
    {
      title: `白名单企业能源要素保障"直通车"（${year}年）`,
      issuingBody: '四川省经济和信息化厅',
      documentNumber: `川经信电力〔${year}〕5号`,
      regionCode: '510000',
      department: '国网四川省电力公司',
      obtainMode: 'automatic',
      summary: '对白名单重点企业实行电力、天然气要素保障"直通车"，有序用电期间优先保障。',
      fullText: '确保能源要素向有订单、有市场、高成长的企业倾斜，完善有序用电用气预案。',
      rules: { tagsAny: ['whitelist', 'large_group'] },
      publishedDaysAgo: 5,
    },
    {
      title: `小升规培育企业首次升规奖励（${year}年，征求意见）`,
      issuingBody: '四川省经济和信息化厅',
      documentNumber: `川经信运行〔${year}〕草案`,
      regionCode: '510000',
      department: '四川省经济和信息化厅',
      obtainMode: 'apply',
      summary: '对首次纳入规模以上工业统计的小升规培育企业给予奖励（草稿，待发布）。',
      fullText: '草稿',
      rules: { tagsAll: ['nurture'], scales: ['below'] },
      publishedDaysAgo: null,
    },
  ];
}

/** How far each firm's record got, by its position: most told, some applied or granted, a few benefited or not applicable. */
function targetOf(i: number, daysSincePublished: number): DeliveryState[] {
  const path: DeliveryState[] = ['informed', 'applied', 'benefited'];
  if (daysSincePublished < 7) return i % 3 === 0 ? ['informed'] : [];
  const stage = i % 10;
  if (stage < 2) return [];
  if (stage === 2) return ['not_applicable'];
  if (stage < 6) return path.slice(0, 1);
  if (stage < 8) return path.slice(0, 2);
  return path;
}

/**
 * The demo's policies, created, published (matching firms) and partly delivered through the real
 * services under the demo clock — no appeals are added, so the appeal figures stay as they were.
 */
export async function seedPolicies(app: INestApplication, db: DataSource, clock: DemoClock): Promise<{ policies: number; records: number; delivered: number }> {
  const policies = app.get(PoliciesService);
  const deliveries = app.get(DeliveriesService);
  const who = demoIdentities(app);
  const [admin] = await db.query("SELECT id FROM users WHERE username = 'admin'");
  const adminUser = await who(Number(admin.id));
  const now = Date.now();
  const year = Number(shanghaiDateOf(new Date(now)).slice(0, 4));
  let delivered = 0;
  const list = demoPolicies(year);
  for (const p of list) {
    const [department] = await db.query('SELECT id FROM departments WHERE name = ? ORDER BY id LIMIT 1', [p.department]);
    if (!department) continue;
    const publishedAt = p.publishedDaysAgo === null ? now : now - p.publishedDaysAgo * DAY;
    clock.pin(new Date(publishedAt));
    const created = await policies.create(adminUser, {
      title: p.title,
      issuingBody: p.issuingBody,
      documentNumber: p.documentNumber,
      regionCode: p.regionCode,
      validFrom: `${year}-01-01`,
      validUntil: `${year}-12-31`,
      summary: p.summary,
      fullText: p.fullText,
      departmentId: Number(department.id),
      obtainMode: p.obtainMode,
      rules: { ...NONE, ...p.rules },
    });
    if (p.publishedDaysAgo === null) continue;
    await policies.publish(adminUser, created.id, created.version);
    const records = await deliveries.list(adminUser, Object.assign(new ListDeliveriesQuery(), { policyId: created.id, pageSize: 40 }));
    for (const [i, record] of records.items.entries()) {
      if (!record.officerId) continue;
      const officer = await who(record.officerId);
      let version = record.version;
      for (const [step, state] of targetOf(i, p.publishedDaysAgo).entries()) {
        const to = state === 'applied' && p.obtainMode === 'automatic' ? 'exempt' : state;
        // Never past now: a record is not changed in the future.
        clock.pin(new Date(Math.min(now - 3600_000, publishedAt + (1 + (i % 5) + step * 3) * DAY)));
        const changed = await deliveries.change(officer, created.id, record.enterpriseId, {
          state: to,
          source: step === 0 ? 'visit' : 'call',
          reason: to === 'not_applicable' ? '经走访核实，企业当前不符合申报条件' : null,
          version,
        });
        version = changed.version;
        delivered += 1;
      }
    }
  }
  clock.release();
  const [{ records }] = await db.query('SELECT COUNT(*) AS records FROM policy_firms');
  return { policies: list.length, records: Number(records), delivered };
}
