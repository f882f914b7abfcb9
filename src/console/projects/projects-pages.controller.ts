import { Body, Controller, Get, Inject, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ALLOWED_EXTENSIONS } from '../../appeals/attachments/attachment-types';
import { AttachmentStore } from '../../appeals/attachments/attachment-store';
import { CategoriesService } from '../../categories/categories.service';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ProjectAttachmentsService } from '../../projects/attachments/project-attachments.service';
import { CompleteMilestoneDto, CreateMilestoneDto, UpdateMilestoneDto } from '../../projects/dto/milestone.dto';
import { UpdateProjectDto } from '../../projects/dto/project.dto';
import { ProjectImportRepository } from '../../projects/imports/project-import.repository';
import { ProjectsRepository } from '../../projects/projects.repository';
import { ListProjectsQuery } from '../../projects/dto/list-projects.query';
import { CorrectProgressReportDto, CreateProgressReportDto } from '../../projects/dto/report.dto';
import { ChangeStageDto } from '../../projects/dto/stage.dto';
import { mayWorkOnProject } from '../../projects/domain/project-permissions';
import { MilestonesService } from '../../projects/milestones/milestones.service';
import { ProjectStagesService } from '../../projects/project-stages.service';
import { ProjectsService } from '../../projects/projects.service';
import { ReportsService } from '../../projects/reports/reports.service';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import { ConsoleController, ConsoleRoles, MultipartForm, Session } from '../http/console-page.decorator';
import { type MultipartFormData, readMultipartForm } from '../http/multipart-form';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { decimal, echo, integer, queryAs, readFields, text, validateAs, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { submitForm } from './console-form-errors';
import { parseCreditCodes } from './project-forms';
import { PROJECT_LABELS } from './project-labels';
import { sendAttachment } from '../../appeals/attachments/send-attachment';

const LIST_KEYS = ['q', 'level', 'stage', 'regionCode', 'industry', 'overdueMilestones', 'stalled', 'page'] as const;

/**
 * 重点项目 pages: the list with its filters and exports, and a project's page where the liaison
 * officer (on a phone, on site) or the lead department moves the stage and reports progress, and
 * supervisors keep the responsibility list. Every action goes through the API's own services.
 */
@ConsoleController()
@Controller('projects')
export class ProjectsPagesController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly stages: ProjectStagesService,
    private readonly milestones: MilestonesService,
    private readonly reports: ReportsService,
    private readonly categories: CategoriesService,
    private readonly clock: Clock,
    private readonly pages: ConsoleRenderer,
    private readonly attachments: ProjectAttachmentsService,
    private readonly rows: ProjectsRepository,
    private readonly lookups: ProjectImportRepository,
    private readonly store: AttachmentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ConsoleRoles('officer', 'handler', 'supervisor', 'admin')
  async list(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListProjectsQuery, raw, LIST_KEYS);
    const [page, pipeline] = await Promise.all([this.projects.list(session.user, query), this.stages.pipeline()]);
    const filters = echo(raw, LIST_KEYS);
    const exportQuery = new URLSearchParams(Object.entries(filters).filter(([k, v]) => k !== 'page' && v !== '')).toString();
    await this.pages.page(reply, 'projects/list', { title: '重点项目', page, pipeline, filters, exportQuery, P: PROJECT_LABELS });
  }

  @Get(':id')
  @ConsoleRoles('officer', 'handler', 'supervisor', 'admin')
  async detail(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    const user = session.user;
    const project = await this.projects.get(user, id);
    const [milestones, reports, appeals, history, pipeline, categories, evidence] = await Promise.all([
      this.milestones.list(user, id),
      this.reports.list(user, id),
      this.reports.appeals(user, id),
      this.stages.history(user, id),
      this.stages.pipeline(),
      this.categories.list(),
      this.attachments.list(user, id),
    ]);
    const canWork = mayWorkOnProject(
      { role: user.role, userId: user.id, departmentId: user.departmentId },
      { liaisonOfficerId: project.liaisonOfficer?.id ?? null, leadDepartmentId: project.leadDepartment?.id ?? null },
    );
    await this.pages.page(reply, 'projects/detail', {
      title: project.name,
      project,
      milestones,
      reports,
      appeals,
      events: [...history.events].reverse(),
      evidence,
      stageNames: Object.fromEntries(pipeline.map((s) => [s.code, s.name])),
      firmCodes: canPlanOf(user.role) ? (await this.rows.creditCodesOf(project.enterprises.map((e) => e.id))).join('、') : '',
      allowedExtensions: ALLOWED_EXTENSIONS.join(', '),
      chain: history.chain,
      pipeline,
      categories: categories.filter((c) => c.active),
      canWork,
      canPlan: canPlanOf(user.role),
      // The stage form proposes the next stage; skipping or going back is a deliberate choice.
      nextStage: pipeline[pipeline.findIndex((s) => s.code === project.stage.code) + 1]?.code ?? null,
      today: shanghaiDateOf(this.clock.now()),
      P: PROJECT_LABELS,
    });
  }

  /** The stage form, with its evidence file (optional) recorded in the same transaction as the change. */
  @Post(':id/stage')
  @ConsoleRoles('officer', 'handler', 'supervisor', 'admin')
  @MultipartForm()
  async changeStage(
    @Session() session: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() posted: FormBody,
  ) {
    // The page sends multipart (with or without a file); a plain urlencoded post carries no file.
    // A forged form (no token) is refused outright; a file too large is the form's mistake.
    const form = request.isMultipart()
      ? await readMultipartForm(request, { fileSize: this.config.UPLOAD_MAX_BYTES, files: 1 }).catch((error: unknown) => error)
      : { fields: posted ?? {}, files: [] };
    if (form instanceof AppError && form.code === ErrorCode.CsrfRejected) throw form;
    await submitForm(this.pages, reply, `/projects/${id}`, '阶段已更新', '阶段未更新', async () => {
      if (!isForm(form)) throw form;
      const body: FormBody = form.fields;
      const dto = await validateAs(
        ChangeStageDto,
        readFields(body, { version: integer, toStage: text, date: text, note: text, reason: text, attachment: text }),
      );
      const part = form.files[0];
      if (!part) return this.stages.changeStage(session.user, id, dto);
      const accepted = this.store.acceptBuffer(part.filename, part.buffer);
      const storageKey = await this.store.save(accepted);
      try {
        return await this.stages.changeStage(session.user, id, dto, { accepted, storageKey });
      } catch (error) {
        await this.store.discard(storageKey);
        throw error;
      }
    });
  }

  @Get(':id/attachments/:attachmentId')
  @ConsoleRoles('officer', 'handler', 'supervisor', 'admin')
  async download(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('attachmentId', ParseIntPipe) attachmentId: number,
  ) {
    const file = await this.attachments.open(session.user, id, attachmentId);
    await sendAttachment(reply, file);
  }

  @Post(':id/reports')
  @ConsoleRoles('officer', 'handler', 'supervisor', 'admin')
  async report(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    const raise = text(body, 'appealTitle') !== undefined;
    await submitForm(
      this.pages,
      reply,
      `/projects/${id}`,
      raise ? '进展已报送，问题已作为诉求提交' : '进展已报送',
      '进展未报送',
      async () => {
        const dto = await validateAs(CreateProgressReportDto, {
          progress: text(body, 'progress'),
          investedToDateWan: decimal(body, 'investedToDateWan'),
          problems: text(body, 'problems'),
          raiseAppeal: raise
            ? {
                enterpriseId: integer(body, 'enterpriseId'),
                categoryId: integer(body, 'categoryId'),
                kind: text(body, 'kind') ?? 'help',
                title: text(body, 'appealTitle'),
                description: text(body, 'problems') ?? text(body, 'appealTitle'),
              }
            : undefined,
        });
        await this.reports.create(session.user, id, dto);
      },
    );
  }

  @Post(':id/milestones')
  @ConsoleRoles('supervisor', 'admin')
  async addMilestone(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/projects/${id}`, '节点已加入责任清单', '节点未加入', async () => {
      const dto = await validateAs(CreateMilestoneDto, readFields(body, { title: text, owner: text, dueDate: text, workingDays: integer }));
      await this.milestones.create(session.user, id, dto);
    });
  }

  @Post(':id/milestones/:milestoneId/edit')
  @ConsoleRoles('supervisor', 'admin')
  async editMilestone(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('milestoneId', ParseIntPipe) milestoneId: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/projects/${id}#milestones`, '节点已修改', '节点未修改', async () => {
      const dto = await validateAs(
        UpdateMilestoneDto,
        readFields(body, { version: integer, title: text, owner: text, dueDate: text, workingDays: integer, reason: text }),
      );
      await this.milestones.update(session.user, id, milestoneId, dto);
    });
  }

  @Post(':id/enterprises')
  @ConsoleRoles('supervisor', 'admin')
  async changeFirms(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/projects/${id}`, '项目业主已更新', '项目业主未更新', async () => {
      const codes = parseCreditCodes(text(body, 'creditCodes') ?? '');
      const firms = await this.lookups.firmsByCode(session.user, codes);
      const unknown = codes.filter((c) => !firms.has(c));
      if (unknown.length) {
        throw AppError.badRequest(`Unknown credit codes: ${unknown.join(', ')}`, [
          { field: 'creditCodes', message: `未找到以下企业，或不在您的管辖范围内：${unknown.join('、')}` },
        ]);
      }
      const dto = await validateAs(UpdateProjectDto, { version: integer(body, 'version'), enterpriseIds: [...firms.values()] });
      await this.projects.update(session.user, id, dto);
    });
  }

  @Post(':id/reports/:reportId/correct')
  @ConsoleRoles('officer', 'handler', 'supervisor', 'admin')
  async correctReport(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('reportId', ParseIntPipe) reportId: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/projects/${id}#reports`, '报送已更正', '报送未更正', async () => {
      const dto = await validateAs(CorrectProgressReportDto, {
        version: integer(body, 'version'),
        progress: text(body, 'progress'),
        investedToDateWan: decimal(body, 'investedToDateWan'),
        problems: text(body, 'problems') ?? null,
        reason: text(body, 'reason'),
      });
      await this.reports.correct(session.user, id, reportId, dto);
    });
  }

  @Post(':id/milestones/:milestoneId/done')
  @ConsoleRoles('officer', 'handler', 'supervisor', 'admin')
  async milestoneDone(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('milestoneId', ParseIntPipe) milestoneId: number,
    @Body() body: FormBody,
  ) {
    await submitForm(this.pages, reply, `/projects/${id}`, '节点已完成', '节点未完成', async () => {
      const dto = await validateAs(CompleteMilestoneDto, readFields(body, { version: integer, note: text }));
      await this.milestones.complete(session.user, id, milestoneId, dto);
    });
  }
}

function isForm(value: unknown): value is MultipartFormData {
  return !(value instanceof Error);
}

function canPlanOf(role: string): boolean {
  return role === 'supervisor' || role === 'admin';
}
