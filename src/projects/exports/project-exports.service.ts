import { Injectable, Logger } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { addHeadedSheet, shanghaiDateTime, streamWorkbook } from '../../supervision/exports/xlsx-stream';
import type { ListProjectsQuery } from '../dto/list-projects.query';
import { INDUSTRY_LABELS, type ProjectDto } from '../dto/project.dto';
import { safeCellText } from '../domain/safe-cell';
import type { TrackingLevel } from '../domain/tracking-levels';
import { MilestonesRepository } from '../milestones/milestones.repository';
import { ProjectsRepository } from '../projects.repository';
import { ProjectsService } from '../projects.service';

const LEVEL_LABELS: Record<TrackingLevel, string> = { province: '省级', city: '市级', county: '县级' };
const LIGHT_LABELS = { green: '绿灯', yellow: '黄灯', red: '红灯' } as const;
const LADDER_LABELS = { none: '', reminder: '催办', supervision: '督办', yellow_card: '黄牌', red_card: '红牌' } as const;

/** 项目清单: one row per project, columns as the offices' list has them. */
export const PROJECT_LIST_COLUMNS = [
  { header: '序号', key: 'index', width: 6 },
  { header: '项目名称', key: 'name', width: 36 },
  { header: '项目业主', key: 'enterprises', width: 30 },
  { header: '所属地区', key: 'region', width: 16 },
  { header: '所属产业', key: 'industry', width: 12 },
  { header: '总投资（亿元）', key: 'totalYi', width: 12 },
  { header: '总投资（万元）', key: 'totalWan', width: 14 },
  { header: '累计完成投资（万元）', key: 'investedWan', width: 16 },
  { header: '当前阶段', key: 'stage', width: 12 },
  { header: '进入阶段日期', key: 'stageSince', width: 12 },
  { header: '跟踪层级', key: 'levels', width: 14 },
  { header: '计划开工', key: 'plannedStart', width: 12 },
  { header: '实际开工', key: 'actualStart', width: 12 },
  { header: '计划投产', key: 'plannedProduction', width: 12 },
  { header: '实际投产', key: 'actualProduction', width: 12 },
  { header: '超期节点', key: 'overdue', width: 8 },
  { header: '停滞', key: 'stalled', width: 6 },
  { header: '最近报送', key: 'lastReport', width: 17 },
] as const;

/** 责任清单: one row per milestone (a project without milestones still has its row). */
export const RESPONSIBILITY_LIST_COLUMNS = [
  { header: '序号', key: 'index', width: 6 },
  { header: '项目名称', key: 'name', width: 36 },
  { header: '所属地区', key: 'region', width: 16 },
  { header: '责任领导', key: 'leader', width: 14 },
  { header: '牵头部门', key: 'department', width: 24 },
  { header: '联络专员', key: 'officer', width: 10 },
  { header: '工作节点', key: 'milestone', width: 30 },
  { header: '责任人', key: 'owner', width: 18 },
  { header: '完成时限', key: 'dueAt', width: 17 },
  { header: '时限性质', key: 'provisional', width: 8 },
  { header: '完成时间', key: 'doneAt', width: 17 },
  { header: '预警', key: 'light', width: 6 },
  { header: '督办等级', key: 'ladder', width: 8 },
] as const;

function stageDate(project: ProjectDto, code: string, which: 'plannedDate' | 'actualDate'): string {
  return project.stageDates.find((d) => d.stageCode === code)?.[which] ?? '';
}

/**
 * The two lists as XLSX in the offices' layout. Every text cell goes through safeCellText, since
 * names and notes are typed by users and the files are opened in spreadsheet programs.
 */
@Injectable()
export class ProjectExportsService {
  private readonly logger = new Logger(ProjectExportsService.name);

  constructor(
    private readonly projects: ProjectsService,
    private readonly repository: ProjectsRepository,
    private readonly milestones: MilestonesRepository,
    private readonly clock: Clock,
  ) {}

  async projectList(user: AuthUser, query: Partial<ListProjectsQuery>): Promise<Readable> {
    const rows = await this.projects.listAll(user, query);
    return streamWorkbook(this.logger, 'project list', async ({ workbook }) => {
      const sheet = addHeadedSheet(workbook, '项目清单', PROJECT_LIST_COLUMNS);
      rows.forEach((p, i) => {
        sheet
          .addRow({
            index: i + 1,
            name: safeCellText(p.name),
            enterprises: safeCellText(p.enterprises.map((e) => e.name).join('、')),
            region: safeCellText(p.regionName),
            industry: INDUSTRY_LABELS[p.industry],
            totalYi: p.totalInvestmentYi,
            totalWan: p.totalInvestmentWan,
            investedWan: p.investedToDateWan,
            stage: safeCellText(p.stage.name),
            stageSince: p.stageSince,
            levels: p.trackingLevels.map((l) => LEVEL_LABELS[l]).join('、'),
            plannedStart: stageDate(p, 'started', 'plannedDate'),
            actualStart: stageDate(p, 'started', 'actualDate'),
            plannedProduction: stageDate(p, 'producing', 'plannedDate'),
            actualProduction: stageDate(p, 'producing', 'actualDate'),
            overdue: p.overdueMilestones,
            stalled: p.stalled ? '是' : '否',
            lastReport: shanghaiDateTime(p.lastReportAt),
          })
          .commit();
      });
      sheet.commit();
    });
  }

  async responsibilityList(user: AuthUser, query: Partial<ListProjectsQuery>): Promise<Readable> {
    const rows = await this.projects.listAll(user, query);
    const now = this.clock.now();
    const milestones = await this.milestones.listForProjects(
      this.repository.manager,
      rows.map((p) => p.id),
      now,
    );
    return streamWorkbook(this.logger, 'responsibility list', async ({ workbook }) => {
      const sheet = addHeadedSheet(workbook, '责任清单', RESPONSIBILITY_LIST_COLUMNS);
      let index = 0;
      for (const p of rows) {
        const base = {
          name: safeCellText(p.name),
          region: safeCellText(p.regionName),
          leader: safeCellText(p.responsibleLeader),
          department: safeCellText(p.leadDepartment?.name),
          officer: safeCellText(p.liaisonOfficer?.name),
        };
        const own = milestones.get(p.id) ?? [];
        if (!own.length) {
          index += 1;
          sheet.addRow({ index, ...base }).commit();
        }
        for (const m of own) {
          index += 1;
          sheet
            .addRow({
              index,
              ...base,
              milestone: safeCellText(m.title),
              owner: safeCellText(m.owner),
              dueAt: shanghaiDateTime(m.dueAt),
              provisional: m.dueProvisional ? '暂定' : '',
              doneAt: shanghaiDateTime(m.doneAt),
              light: m.doneAt ? '' : LIGHT_LABELS[m.warningLight],
              ladder: LADDER_LABELS[m.supervisionLevel],
            })
            .commit();
        }
      }
      sheet.commit();
    });
  }
}
