import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { IMPORT_MODES } from '../../imports/dto/import.dto';
import { CreateProjectDto } from '../../projects/dto/project.dto';
import type { ProjectImportReportDto } from '../../projects/dto/project-import.dto';
import { UpdatePipelineDto } from '../../projects/dto/stage.dto';
import { ProjectImportRepository } from '../../projects/imports/project-import.repository';
import { ProjectImportService } from '../../projects/imports/project-import.service';
import { ProjectStagesService } from '../../projects/project-stages.service';
import { ProjectsRepository } from '../../projects/projects.repository';
import { ProjectsService } from '../../projects/projects.service';
import { ConsoleController, ConsoleRoles, MultipartForm, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { text, texts, validateAs, type FormBody } from '../http/form-fields';
import { ImportUpload } from '../http/import-upload';
import type { ConsoleSession } from '../session/console-session.service';
import { describeError } from '../shared/error-messages';
import { RegionChoices } from '../pickers/region-choices';
import { type FormError, formErrorOf, isFormMistake } from './console-form-errors';
import { importRowText, investmentWan, parseCreditCodes, PIPELINE_ROW_TEXT, pipelineRowErrors, PROJECT_FORM_HINTS } from './project-forms';
import { PROJECT_LABELS } from './project-labels';

/**
 * The supervisors' and admins' project pages: listing a new project, importing a project list
 * with its per-row report, and the stage pipeline (stages are data). A refused form comes back
 * with what was typed and each problem in Chinese next to its field.
 */
@ConsoleController()
@Controller('projects')
export class ProjectAdminPagesController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly rows: ProjectsRepository,
    private readonly lookups: ProjectImportRepository,
    private readonly imports: ProjectImportService,
    private readonly stages: ProjectStagesService,
    private readonly regions: RegionChoices,
    private readonly pages: ConsoleRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('new')
  @ConsoleRoles('supervisor', 'admin')
  async newForm(@Session() session: ConsoleSession, @Res() reply: FastifyReply) {
    await this.renderNew(session, reply, { unit: 'yi' }, null);
  }

  @Post('new')
  @ConsoleRoles('supervisor', 'admin')
  async create(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    const user = session.user;
    try {
      const codes = parseCreditCodes(text(body, 'creditCodes') ?? '');
      const firms = await this.lookups.firmsByCode(user, codes);
      const unknown = codes.filter((c) => !firms.has(c));
      if (unknown.length) {
        return await this.renderNew(session, reply, body, {
          title: '提交的内容有误，请检查后重试',
          fields: { creditCodes: `未找到以下企业，或不在您的管辖范围内：${unknown.join('、')}` },
          others: [],
        });
      }
      const username = text(body, 'liaisonOfficer');
      const officers = username ? await this.lookups.officersByUsername(user, [username]) : new Map<string, number>();
      if (username && !officers.has(username)) {
        return await this.renderNew(session, reply, body, {
          title: '提交的内容有误，请检查后重试',
          fields: { liaisonOfficer: `未找到在岗专员账号“${username}”，或不在您的管辖范围内` },
          others: [],
        });
      }
      const department = text(body, 'leadDepartmentId');
      const dto = await validateAs(CreateProjectDto, {
        name: text(body, 'name'),
        regionCode: text(body, 'regionCode'),
        industry: text(body, 'industry'),
        totalInvestmentWan: investmentWan(text(body, 'investment'), text(body, 'unit')),
        enterpriseIds: [...firms.values()],
        stageCode: text(body, 'stageCode'),
        stageSince: text(body, 'stageSince'),
        responsibleLeader: text(body, 'responsibleLeader'),
        leadDepartmentId: department && /^\d+$/.test(department) ? Number(department) : department,
        liaisonOfficerId: username ? officers.get(username) : undefined,
        description: text(body, 'description'),
      });
      const project = await this.projects.create(user, dto);
      await this.pages.redirect(reply, `/projects/${project.id}`, { kind: 'success', text: `已纳入项目清单：${project.name}` });
    } catch (error) {
      if (!isFormMistake(error)) throw error;
      await this.renderNew(
        session,
        reply,
        body,
        formErrorOf(error, PROJECT_FORM_HINTS),
        error.code === ErrorCode.Forbidden ? 403 : 400);
    }
  }

  @Get('import')
  @ConsoleRoles('supervisor', 'admin')
  async importForm(@Res() reply: FastifyReply) {
    await this.pages.page(reply, 'projects/import', {
      title: '导入项目清单',
      modes: IMPORT_MODES,
      values: { mode: 'all-or-nothing' },
    });
  }

  @Post('import')
  @ConsoleRoles('supervisor', 'admin')
  @MultipartForm()
  async runImport(@Session() session: ConsoleSession, @Req() request: ConsoleRequest, @Res() reply: FastifyReply) {
    const upload = new ImportUpload();
    let report: ProjectImportReportDto | null = null;
    let failure: { title: string; file: string | null; rows: Array<{ row?: number; field: string; message: string }> } | null = null;
    try {
      const { options, file } = await upload.read(request, this.config.IMPORT_MAX_BYTES);
      const result = await this.imports.importFile(session.user, file, options);
      report = { ...result, errors: result.errors.map((e) => ({ ...e, message: importRowText(e.message) })) };
    } catch (error) {
      if (!isFormMistake(error) || error.code === ErrorCode.NotFound) throw error;
      const described = describeError({ statusCode: 400, code: error.code, message: error.message });
      const rows = (error.details ?? []).filter((d) => d.row !== undefined).map((d) => ({ ...d, message: importRowText(d.message) }));
      const fileProblem = (error.details ?? []).find((d) => d.row === undefined && d.field === 'file');
      failure = {
        title:
          error.code === ErrorCode.Unprocessable ? `有 ${new Set(rows.map((r) => r.row)).size} 行有误，未导入任何项目` : described.title,
        file: fileProblem ? importFileText(fileProblem.message) : null,
        rows,
      };
    }
    await this.pages.page(
      reply,
      'projects/import',
      { title: '导入项目清单', modes: IMPORT_MODES, values: upload.values, report, failure, P: PROJECT_LABELS },
      failure ? 422 : 200,
    );
  }

  @Get('stages')
  @ConsoleRoles('admin')
  async pipeline(@Res() reply: FastifyReply) {
    const stages = await this.stages.pipeline();
    await this.renderPipeline(
      reply,
      stages.map((s) => ({ code: s.code, name: s.name, projects: s.projects })),
      null,
    );
  }

  @Post('stages')
  @ConsoleRoles('admin')
  async savePipeline(@Res() reply: FastifyReply, @Body() body: FormBody) {
    const codes = texts(body, 'code');
    const names = texts(body, 'name');
    const counts = new Map((await this.stages.pipeline()).map((s) => [s.code, s.projects]));
    // Blank rows (the spare ones at the end) are left out; the order on the page is the pipeline's order.
    const rows = codes
      .map((code, i) => ({ code: code.trim(), name: (names[i] ?? '').trim() }))
      .filter((r) => r.code !== '' || r.name !== '');
    try {
      const dto = await validateAs(UpdatePipelineDto, { stages: rows });
      await this.stages.replacePipeline(dto);
      await this.pages.redirect(reply, '/projects/stages', { kind: 'success', text: '阶段设置已保存' });
    } catch (error) {
      if (!isFormMistake(error)) throw error;
      const { rowErrors, others } = pipelineRowErrors(error, rows);
      await this.renderPipeline(
        reply,
        rows.map((r) => ({ ...r, projects: counts.get(r.code) ?? 0 })),
        { title: describeError({ statusCode: 400, code: error.code, message: error.message }).title, rowErrors, others },
        400,
      );
    }
  }

  private async renderPipeline(
    reply: FastifyReply,
    rows: Array<{ code: string; name: string; projects: number }>,
    error: { title: string; rowErrors: Array<Record<string, string>>; others: string[] } | null,
    status = 200): Promise<void> {
    await this.pages.page(
      reply,
      'projects/stages',
      {
        title: '项目阶段设置',
        rows: [...rows, { code: '', name: '', projects: 0 }, { code: '', name: '', projects: 0 }],
        error,
        T: PIPELINE_ROW_TEXT,
      },
      status,
    );
  }

  private async renderNew(
    session: ConsoleSession,
    reply: FastifyReply,
    values: FormBody,
    error: FormError | null,
    status = error ? 400 : 200): Promise<void> {
    const user = session.user;
    const [regions, departments, pipeline] = await Promise.all([
      this.regions.for(user, ['city', 'county']),
      this.rows.departmentOptions(user.reachPrefix),
      this.stages.pipeline(),
    ]);
    await this.pages.page(
      reply,
      'projects/new',
      {
        title: '新增重点项目',
        values,
        error,
        regions,
        departments,
        pipeline,
        P: PROJECT_LABELS,
      },
      status,
    );
  }
}

/** The import's file-level problems in Chinese. */
function importFileText(message: string): string {
  if (/no heading row/.test(message)) return '未找到表头行：前几行中须有一行列名（如“项目名称”）';
  if (/missing column/.test(message)) return `表头缺少必需的列：${message.replace('missing column ', '')}`;
  if (/no data rows/.test(message)) return '文件只有表头，没有数据行';
  if (/too many rows/.test(message)) return '一次最多导入 5000 个项目';
  if (/required/.test(message)) return '请选择要导入的 CSV 或 XLSX 文件';
  return message;
}
