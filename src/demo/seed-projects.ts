import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { demoIdentities } from './demo-identities';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { LedgerQuery } from '../groups/dto/group.dto';
import { GroupWorkService } from '../groups/group-work.service';
import { GroupsService } from '../groups/groups.service';
import { MilestoneSweepService } from '../projects/milestones/milestone-sweep.service';
import { MilestonesService } from '../projects/milestones/milestones.service';
import { ProjectStagesService } from '../projects/project-stages.service';
import { ProjectsService } from '../projects/projects.service';
import { ReportsService } from '../projects/reports/reports.service';
import { PROJECT_INDUSTRIES, type ProjectIndustry } from '../projects/dto/project.dto';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import type { DemoClock } from './demo-clock';
import type { DemoLogin } from './seed-foundation';

const DAY = 24 * 3600 * 1000;
const STAGES = ['signed', 'landed', 'started', 'completed', 'producing', 'at_capacity'] as const;
const INDUSTRIES: ProjectIndustry[] = PROJECT_INDUSTRIES.filter((i) => i !== 'other');
const NAMES = [
  '年产20万吨新型材料',
  '智能制造产业园',
  '绿色食品精深加工',
  '高端装备零部件',
  '锂电池正极材料',
  '数据中心二期',
  '清洁能源装备',
];
/** Investment in 万元: one province-level (≥50亿), city-level and county-level project per city. */
const INVESTMENTS = [600_000, 180_000, 35_000, 12_000];

export interface ProjectsDemoSummary {
  projects: number;
  groups: number;
  logins: DemoLogin[];
}

function prng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/**
 * Key projects in every city across all stages — some stalled (no report for weeks), some with
 * overdue milestones, some with linked appeals — and the 21 "五个一" working groups with leaders,
 * ledger notes, 销号 marks, service measures and visits. Everything goes through the real
 * services under the demo clock, then the milestone job runs once in real time so the lights and
 * ladder steps appear as in a running system.
 */
export async function seedProjectsDemo(app: INestApplication, db: DataSource, clock: DemoClock): Promise<ProjectsDemoSummary> {
  const random = prng(515);
  const projects = app.get(ProjectsService);
  const stages = app.get(ProjectStagesService);
  const milestones = app.get(MilestonesService);
  const reports = app.get(ReportsService);
  const who = demoIdentities(app);
  const [adminRow] = await db.query("SELECT id FROM users WHERE username = 'admin'");
  const admin = await who(Number(adminRow.id));
  const cities: Array<{ code: string; name: string }> = await db.query("SELECT code, name FROM regions WHERE level = 'city' ORDER BY code");
  const now = Date.now();
  let created = 0;

  for (const [c, city] of cities.entries()) {
    const firms: Array<{ id: number; region_code: string; officer_id: number }> = await db.query(
      `SELECT id, region_code, officer_id FROM enterprises WHERE active = 1 AND officer_id IS NOT NULL AND region_code LIKE ? ORDER BY id LIMIT 6`,
      [`${city.code.slice(0, 4)}%`],
    );
    if (!firms.length) continue;
    for (let i = 0; i < INVESTMENTS.length; i += 1) {
      const firm = firms[i % firms.length];
      const officer = await who(Number(firm.officer_id));
      const finalStage = (c + i * 2) % STAGES.length;
      const stalled = (c + i) % 5 === 0;
      const start = now - (90 + random() * 30) * DAY;
      clock.pin(new Date(start));
      const project = await projects.create(admin, {
        name: `${city.name.replace(/市|州|藏族羌族自治|彝族自治/g, '')}${NAMES[(c + i) % NAMES.length]}项目`,
        regionCode: firm.region_code,
        industry: INDUSTRIES[(c + i) % INDUSTRIES.length],
        totalInvestmentWan: INVESTMENTS[i] + Math.round(random() * 20) * 500,
        enterpriseIds: [firm.id],
        responsibleLeader: `${city.name}分管副市长`,
        liaisonOfficerId: officer.id,
        plannedDates: STAGES.slice(1).map((s, k) => ({ stageCode: s, plannedDate: shanghaiDateOf(new Date(start + (k + 1) * 45 * DAY)) })),
      });
      created += 1;
      let version = project.version;
      // Stage moves spread over the first weeks; a stalled project stops moving and reporting early.
      let t = start;
      for (let s = 1; s <= finalStage; s += 1) {
        t += (stalled ? 3 : 8 + random() * 6) * DAY;
        clock.pin(new Date(t));
        await stages.changeStage(officer, project.id, {
          version,
          toStage: STAGES[s],
          date: shanghaiDateOf(new Date(t)),
          note: ['完成土地摘牌', '取得施工许可证', '主体工程竣工验收', '首条产线投产', '产能达到设计水平'][s - 1],
        });
        version += 1;
      }
      // Two milestones: one met, one due in the past (overdue now) for every third project, else ahead.
      clock.pin(new Date(t + DAY));
      const done = await milestones.create(admin, project.id, {
        title: '完成项目备案及环评批复',
        owner: `${city.name}发展改革委`,
        workingDays: 10,
      });
      clock.pin(new Date(t + 5 * DAY));
      await milestones.complete(officer, project.id, done.id, { version: done.version, note: '已取得批复' });
      const overdue = (c + i) % 3 === 0;
      // Overdue by a few days to three weeks, so every step of the ladder appears somewhere.
      clock.pin(new Date(overdue ? now - (4 + ((c + i) % 5) * 4) * DAY : now - 2 * DAY));
      await milestones.create(admin, project.id, {
        title: ['协调解决施工用电', '完成配套道路建设', '落实用工招聘'][i % 3],
        owner: `${city.name}经济和信息化局`,
        workingDays: overdue ? 3 : 15,
      });
      if (!stalled) {
        // Reports on the project's cadence over the last weeks, the latest one recent.
        for (let k = 3; k >= 0; k -= 1) {
          const at = now - (k * 11 + 1 + random()) * DAY;
          if (at <= t) continue;
          clock.pin(new Date(at));
          try {
            await reports.create(officer, project.id, {
              progress: ['项目建设有序推进', '设备安装调试中', '完成月度投资计划', '组织专班现场办公'][k],
              investedToDateWan: Math.round(project.totalInvestmentWan * Math.min(1, 0.1 + (finalStage / 6) * 0.8 - k * 0.03)),
              problems: k === 0 && i === 1 ? '施工用电接入滞后' : undefined,
            });
          } catch (error) {
            // Two dates in one reporting period: the second report is refused (one per period), as it would be live.
            if (!(error instanceof AppError && error.code === ErrorCode.Conflict)) throw error;
          }
        }
      }
      // Link an existing appeal of the project's firm: its blocking problem, run through the appeal loop.
      const [appeal] = await db.query('SELECT id FROM appeals WHERE enterprise_id = ? ORDER BY id LIMIT 1', [firm.id]);
      if (appeal && (c + i) % 2 === 0) {
        clock.pin(new Date(now - DAY));
        await reports.link(officer, project.id, { appealId: Number(appeal.id) });
      }
    }
  }
  clock.release();
  await app.get(MilestoneSweepService).runOnce();
  const groups = await seedGroups(app, db, cities, who);
  return { projects: created, groups: groups.count, logins: groups.logins };
}

async function seedGroups(
  app: INestApplication,
  db: DataSource,
  cities: Array<{ code: string; name: string }>,
  who: (id: number) => Promise<AuthUser>,
): Promise<{ count: number; logins: DemoLogin[] }> {
  const groups = app.get(GroupsService);
  const work = app.get(GroupWorkService);
  const [hashRow] = await db.query("SELECT password_hash FROM users WHERE username = 'supervisor'");
  const today = shanghaiDateOf(new Date());
  let count = 0;
  for (const [i, city] of cities.entries()) {
    const username = i === 0 ? 'leader_cd' : `leader_${city.code}`;
    const result = await db.query(
      "INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES (?, ?, ?, 'supervisor', '510000')",
      [username, hashRow.password_hash, `包联${city.name}省领导`],
    );
    const leaderId = Number(result.insertId);
    const [officer] = await db.query("SELECT id FROM users WHERE role = 'officer' AND region_code = ? ORDER BY id LIMIT 1", [city.code]);
    const group = await groups.create({
      name: `省领导包联${city.name}工作组`,
      leaderId,
      cityCodes: [city.code],
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      members: officer ? [{ userId: Number(officer.id), duty: 'liaison' }] : [],
      description: '五个一：一名省领导、一个工作组、包联一个市州、一本问题台账、一套服务措施',
    });
    count += 1;
    const leader = await who(leaderId);
    const open = await work.ledger(leader, group.id, Object.assign(new LedgerQuery(), { open: true, page: 1, pageSize: 2 }));
    const finished = await work.ledger(leader, group.id, Object.assign(new LedgerQuery(), { open: false, page: 1, pageSize: 2 }));
    for (const entry of [...open.items, ...finished.items]) {
      await work.addNote(leader, group.id, entry.appealId, {
        note: entry.status === 'closed' ? '已回访企业，问题解决' : '已督促责任单位加快办理',
      });
      if (entry.status === 'closed' && (i + entry.appealId) % 2 === 0)
        await work.closeOff(leader, group.id, entry.appealId, { note: '企业满意' });
    }
    const measure = await work.addMeasure(leader, group.id, {
      title: `为${city.name}重点项目开通要素保障绿色通道`,
      owner: `${city.name}人民政府`,
      startDate: '2026-03-01',
      dueDate: '2026-12-31',
    });
    if (i % 3 !== 2) await work.updateMeasure(leader, group.id, measure.id, { version: measure.version, status: 'in_progress' });
    const done = await work.addMeasure(leader, group.id, {
      title: '建立企业问题“周调度”机制',
      owner: '工作组办公室',
      startDate: '2026-02-01',
      dueDate: i % 4 === 0 ? '2026-06-30' : '2027-03-31',
    });
    if (i % 2 === 0) {
      const started = await work.updateMeasure(leader, group.id, done.id, { version: done.version, status: 'in_progress' });
      await work.updateMeasure(leader, group.id, done.id, {
        version: started.version,
        status: 'done',
        evidence: '已印发工作方案，每周一调度',
      });
    }
    const [project] = await db.query('SELECT id FROM projects WHERE city_code = ? ORDER BY id LIMIT 1', [city.code]);
    await work.addVisit(leader, group.id, {
      projectId: project ? Number(project.id) : undefined,
      visitDate: today,
      form: 'on_site',
      participants: `包联${city.name}省领导、工作组成员`,
      notes: '现场调研重点项目推进情况，协调解决要素保障问题',
      problemsFound: i % 2 === 0,
    });
  }
  return {
    count,
    logins: [
      {
        username: 'leader_cd',
        role: 'supervisor',
        who: 'provincial leader heading the Chengdu working group (leader_<city code> for the others)',
      },
    ],
  };
}
