import { ListDeliveriesQuery } from '../../policies/dto/delivery.dto';
import { DeliveriesService } from '../../policies/deliveries.service';
import { Body, Controller, Get, Inject, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AppealsService } from '../../appeals/appeals.service';
import { attachmentType, ALLOWED_EXTENSIONS } from '../../appeals/attachments/attachment-types';
import { AttachmentsService } from '../../appeals/attachments/attachments.service';
import {
  isCaseActionName,
  isTerminalStatus,
  mayOfferAttach,
  APPEAL_STATUSES,
  CLOSURE_TYPES,
  SATISFACTION_LEVELS,
  SOLVED_ANSWERS,
} from '../../appeals/domain';
import { type AppealListItemDto, ListAppealsQuery } from '../../appeals/dto/appeal-read.dto';
import type { AuthUser } from '../../common/auth/auth-user';
import { APPEAL_KINDS, SubmitAppealDto } from '../../appeals/dto/submit-appeal.dto';
import { SubmitAppealUseCase } from '../../appeals/usecases/submit-appeal.usecase';
import { LikelyDuplicatesService } from '../../common-problems/likely-duplicates.service';
import type { LikelyDuplicateDto } from '../../common-problems/dto/likely-duplicates.dto';
import { PerformActionUseCase } from '../../appeals/usecases/perform-action.usecase';
import { CategoriesService } from '../../categories/categories.service';
import { expectedVersionOf } from '../../common/http/preconditions';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { requestOrigin } from '../../appeals/usecases/request-origin';
import { SESSION_COOKIE } from '../session/session-cookie';
import { EnterprisesService } from '../../enterprises/enterprises.service';
import { ListSupervisionOrdersQuery } from '../../supervision/orders/dto/supervision-order.dto';
import { SupervisionOrdersService } from '../../supervision/orders/supervision-orders.service';
import { CoHandlerTasksService } from '../../cohandling/co-handler-tasks.service';
import { ListEnterprisesQuery } from '../../enterprises/dto/enterprise.dto';
import { ListVisitsQuery } from '../../visits/dto/visit.dto';
import { VisitsService } from '../../visits/visits.service';
import { ConsoleController, ConsoleRoles, MultipartForm, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { echo, integer, queryAs, text, validateAs, type FormBody, type QueryString } from '../http/form-fields';
import { readMultipartForm, type UploadedPart } from '../http/multipart-form';
import type { ConsoleSession } from '../session/console-session.service';
import { describeError, type ErrorDescription } from '../shared/error-messages';
import { label } from '../shared/labels';
import { ListPickers } from '../shared/list-pickers';
import type { Readable } from 'node:stream';
import { AppealListExport } from './appeal-list-export';
import { APPROVALS_PATH } from '../supervision/approvals-pages.controller';
import { readActionForm } from './appeal-action-forms';
import { AppealDepartments } from './appeal-departments';
import {
  deadlineRows,
  DESTRUCTIVE_ACTIONS,
  enterpriseTodo,
  FIRM_TODO_LABELS,
  firstOpenAction,
  orderedActions,
  timelineView,
} from './appeal-view';
import { sendAttachment } from '../../appeals/attachments/send-attachment';
import { refusalFlash } from '../shared/refusal-flash';
import { sendWorkbook } from '../http/send-workbook';

const LIST_KEYS = [
  'q',
  'status',
  'light',
  'overdue',
  'pending',
  'open',
  'categoryId',
  'urgency',
  'regionCode',
  'departmentId',
  'officerId',
  'submittedFrom',
  'submittedTo',
  'sort',
  'page',
  'pageSize',
] as const;
/** What stays outside the list's "more" fold: the search box, the list's purpose, the order and the paging. */
const UNFOLDED_KEYS: ReadonlySet<string> = new Set(['q', 'pending', 'open', 'sort', 'page', 'pageSize']);
/** The filters the fold holds; how many are set is shown on the fold's button. */
const FOLDED_KEYS = LIST_KEYS.filter((key) => !UNFOLDED_KEYS.has(key));
const SORT_OPTIONS = [
  { value: 'due', text: '时限最近在前' },
  { value: '-submitted', text: '最新提交在前' },
  { value: 'submitted', text: '最早提交在前' },
  { value: '-updated', text: '最近更新在前' },
];
const MAX_SUBMIT_FILES = 5;
/** At most this many appeals of the firm's to-do above its list (a firm rarely has more than one or two). */
const FIRM_TODO_SHOWN = 10;
/** The firm's most recent appeals offered as a duplicate's original. */
const DUPLICATE_CANDIDATES_SHOWN = 30;

/** Errors a person can fix by looking again: shown on the appeal page instead of an error page. */
const RECOVERABLE: readonly ErrorCode[] = [
  ErrorCode.VersionConflict,
  ErrorCode.IllegalTransition,
  ErrorCode.Forbidden,
  ErrorCode.ValidationFailed,
  ErrorCode.BadRequest,
  ErrorCode.Conflict,
  ErrorCode.Unprocessable,
  ErrorCode.CalendarNotCovered,
  ErrorCode.PayloadTooLarge,
  ErrorCode.UnsupportedMediaType,
];

/** Actions only the sweep takes; no form offers them. */
const SYSTEM_ACTIONS: ReadonlySet<string> = new Set(['auto_close', 'red_card']);

/**
 * Appeal pages for every role. Lists, reads and actions go through AppealsService,
 * SubmitAppealUseCase, PerformActionUseCase and AttachmentsService with the session's AuthUser —
 * the same calls the JSON API makes — so the state machine decides every button and every rule.
 */
@ConsoleController()
@Controller()
export class AppealsPagesController {
  constructor(
    private readonly appeals: AppealsService,
    private readonly submitAppeal: SubmitAppealUseCase,
    private readonly likelyDuplicates: LikelyDuplicatesService,
    private readonly perform: PerformActionUseCase,
    private readonly attachments: AttachmentsService,
    private readonly categories: CategoriesService,
    private readonly enterprises: EnterprisesService,
    private readonly visits: VisitsService,
    private readonly departments: AppealDepartments,
    private readonly orders: SupervisionOrdersService,
    private readonly coTasks: CoHandlerTasksService,
    private readonly pickers: ListPickers,
    private readonly listExport: AppealListExport,
    private readonly deliveries: DeliveriesService,
    private readonly pages: ConsoleRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** "My work": an officer's firms' open appeals, a department's queue, a supervisor's region — soonest deadline first. */
  @Get('work')
  @ConsoleRoles('officer', 'handler', 'supervisor')
  async work(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListAppealsQuery, raw, LIST_KEYS);
    const page = await this.appeals.caseload(session.user, query);
    const title = session.user.role === 'handler' ? '本单位待办' : session.user.role === 'officer' ? '待办诉求' : '辖区在办诉求';
    await this.renderList(session, reply, raw, {
      title,
      page,
      mode: 'work',
      defaultSort: 'due',
      exportPath: '/work/export.xlsx',
      counts: await this.caseloadCounts(session),
    });
  }

  @Get('appeals')
  async list(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListAppealsQuery, raw, LIST_KEYS);
    const mine = session.user.role === 'enterprise';
    const defaultSort = mine ? '-submitted' : 'due';
    if (!query.sort) query.sort = defaultSort;
    const [page, todo] = await Promise.all([
      mine ? this.appeals.caseload(session.user, query) : this.appeals.list(session.user, query),
      mine ? this.firmTodo(session.user) : Promise.resolve([]),
    ]);
    await this.renderList(session, reply, raw, {
      title: mine ? '我的诉求' : '诉求查询',
      page,
      mode: mine ? 'mine' : 'search',
      defaultSort,
      exportPath: '/appeals/export.xlsx',
      todo,
    });
  }

  /**
   * The firm's other appeals a duplicate could be linked to, the likely same problem first (the
   * similarity lookup of intake); refused and withdrawn ones handle nothing and are left out.
   * The server judges the choice again (DuplicateOriginal), so this is only the offer.
   */
  private async duplicateCandidates(
    user: AuthUser,
    detail: { id: number; enterpriseId: number; title: string; description: string },
  ): Promise<Array<{ id: number; number: string; title: string; similar: boolean }>> {
    const [recent, likely] = await Promise.all([
      this.appeals.list(
        user,
        Object.assign(new ListAppealsQuery(), { enterpriseId: detail.enterpriseId, sort: '-submitted', page: 1, pageSize: DUPLICATE_CANDIDATES_SHOWN }),
      ),
      this.likelyDuplicates.find(user, { enterpriseId: detail.enterpriseId, title: detail.title, description: detail.description }),
    ]);
    const similar = new Set(likely.items.map((item) => item.id));
    return recent.items
      .filter((a) => a.id !== detail.id && a.status !== 'rejected' && a.status !== 'withdrawn')
      .map((a) => ({ id: a.id, number: a.number, title: a.title, similar: similar.has(a.id) }))
      .sort((x, y) => Number(y.similar) - Number(x.similar));
  }

  /**
   * What waits for the firm itself, said above its list whatever page, sort or search it is on:
   * material asked for (待您补充) and answers to rate (待您评价), the nearest deadline first.
   */
  private async firmTodo(user: AuthUser): Promise<Array<AppealListItemDto & { todo: string }>> {
    const statuses = Object.keys(FIRM_TODO_LABELS) as Array<keyof typeof FIRM_TODO_LABELS>;
    const query = Object.assign(new ListAppealsQuery(), { status: statuses, sort: 'due', page: 1, pageSize: FIRM_TODO_SHOWN });
    const waiting = await this.appeals.caseload(user, query);
    return waiting.items.map((a) => ({ ...a, todo: FIRM_TODO_LABELS[a.status as keyof typeof FIRM_TODO_LABELS] }));
  }

  /** "Export this list": exactly the filters on screen, through the same scoped list query, as XLSX. */
  @Get('appeals/export.xlsx')
  @ConsoleRoles('officer', 'handler', 'supervisor', 'admin')
  async exportList(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListAppealsQuery, raw, LIST_KEYS);
    if (!query.sort) query.sort = 'due';
    await this.sendExport(
      reply,
      this.listExport.export((q) => this.appeals.list(session.user, q), query),
      '诉求查询',
    );
  }

  @Get('work/export.xlsx')
  @ConsoleRoles('officer', 'handler', 'supervisor')
  async exportWork(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListAppealsQuery, raw, LIST_KEYS);
    await this.sendExport(
      reply,
      this.listExport.export((q) => this.appeals.caseload(session.user, q), query),
      '待办诉求',
    );
  }

  /**
   * The caseload's red, yellow and new appeals, counted by the same scoped caseload query (a COUNT
   * each); for an officer also their firms' policies still to deliver (待告知, #21), as the
   * to-deliver list counts them.
   */
  private async caseloadCounts(session: ConsoleSession) {
    const count = async (filters: Partial<ListAppealsQuery>) =>
      (await this.appeals.caseload(session.user, Object.assign(new ListAppealsQuery(), { ...filters, pageSize: 1 }))).total;
    const toDeliver = async () =>
      session.user.role === 'officer'
        ? (await this.deliveries.list(session.user, Object.assign(new ListDeliveriesQuery(), { state: 'pending', pageSize: 1 }))).total
        : null;
    const [red, yellow, fresh, policiesPending] = await Promise.all([
      count({ light: 'red' }),
      count({ light: 'yellow' }),
      count({ status: [session.user.role === 'handler' ? 'assigned' : 'submitted'] }),
      toDeliver(),
    ]);
    return {
      red,
      yellow,
      fresh,
      policiesPending,
      freshLabel: session.user.role === 'handler' ? '待签收' : '待受理',
      freshStatus: session.user.role === 'handler' ? 'assigned' : 'submitted',
    };
  }

  private async sendExport(reply: FastifyReply, stream: Readable, name: string): Promise<void> {
    await sendWorkbook(reply, stream, 'appeals.xlsx', `${name}.xlsx`);
  }

  private async renderList(
    session: ConsoleSession,
    reply: FastifyReply,
    raw: QueryString,
    view: { title: string; page: unknown; mode: string; defaultSort: string; exportPath: string; counts?: unknown; todo?: unknown },
  ): Promise<void> {
    const filters = echo(raw, LIST_KEYS);
    // A list opened for one purpose (pending requests) keeps it while the person types a search.
    const hidden = filters.pending ? { pending: filters.pending } : {};
    await this.pages.page(reply, 'appeals/list', {
      ...view,
      filters,
      hidden,
      pendingFilter: Boolean(filters.pending),
      activeFilters: FOLDED_KEYS.filter((key) => filters[key]).length,
      sorts: SORT_OPTIONS,
      pickers: await this.pickers.for(session.user),
      ...(await this.listOptions()),
    });
  }

  @Get('appeals/new')
  @ConsoleRoles('enterprise', 'officer')
  async newForm(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Query('enterpriseId') enterpriseId?: string,
    @Query('visitId') visitId?: string,
  ) {
    await this.renderSubmitForm(session, reply, { values: { enterpriseId, visitId } });
  }

  @Post('appeals')
  @ConsoleRoles('enterprise', 'officer')
  @MultipartForm()
  async submit(@Session() session: ConsoleSession, @Req() request: ConsoleRequest, @Res() reply: FastifyReply) {
    if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'The appeal form is sent as multipart/form-data');
    // Filled as the form is read, so a file refused half-way still leaves what was typed.
    const body: Record<string, string | string[]> = {};
    let idempotencyKey: string | undefined;
    try {
      const form = await readMultipartForm(request, { fileSize: this.config.UPLOAD_MAX_BYTES, files: MAX_SUBMIT_FILES }, body);
      idempotencyKey = text(body, 'idempotencyKey');
      if (!idempotencyKey || !/^[\x21-\x7e]{1,100}$/.test(idempotencyKey))
        throw AppError.badRequest('The form is missing its submission key; reload it', []);
      const dto = await validateAs(SubmitAppealDto, {
        enterpriseId: session.user.role === 'officer' ? integer(body, 'enterpriseId') : undefined,
        categoryId: integer(body, 'categoryId'),
        kind: text(body, 'kind'),
        title: text(body, 'title'),
        description: text(body, 'description'),
        urgency: session.user.role === 'officer' ? text(body, 'urgency') : undefined,
        channel: session.user.role === 'officer' ? text(body, 'channel') : undefined,
        visitId: session.user.role === 'officer' ? integer(body, 'visitId') : undefined,
      });
      // Check every file before creating anything, so a bad file never leaves a half-submitted appeal.
      for (const file of form.files) {
        const type = attachmentType(file.filename, file.buffer.subarray(0, 8));
        if ('error' in type)
          throw new AppError(ErrorCode.UnsupportedMediaType, type.error, [{ field: 'file', message: `${file.filename}：${type.error}` }]);
      }
      // First post: the firm's open appeals that look like the same problem are shown, and the
      // form comes back once with them (the submitter may still submit: 仍然提交 sends duplicatesSeen).
      if (text(body, 'duplicatesSeen') !== '1' && !(await this.submitAppeal.alreadySubmitted(session.user, idempotencyKey))) {
        const { items } = await this.likelyDuplicates.find(session.user, { enterpriseId: dto.enterpriseId, title: dto.title, description: dto.description });
        if (items.length) {
          await this.renderSubmitForm(session, reply, { values: body, idempotencyKey, duplicates: items });
          return;
        }
      }
      const result = await this.submitAppeal.execute(session.user, dto, idempotencyKey);
      // A retried post (double click, reload) finds the first appeal and must not attach twice.
      if (!result.replayed)
        for (const file of form.files) await this.attachments.upload(session.user, result.appealId, asMultipartFile(file));
      const detail = await this.appeals.detail(session.user, result.appealId);
      await this.pages.redirect(reply, `/appeals/${result.appealId}`, { kind: 'success', text: `诉求已提交，编号 ${detail.number}` });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.includes(error.code)) throw error;
      const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
      await this.renderSubmitForm(
        session,
        reply,
        { values: body, error: described, idempotencyKey: idempotencyKey ?? text(body, 'idempotencyKey') },
        error.code === ErrorCode.Forbidden ? 403 : error.code === ErrorCode.PayloadTooLarge ? 413 : 400);
    }
  }

  @Get('appeals/:id')
  async detail(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    await this.renderDetail(session, reply, id);
  }

  /** The appeal page; after a form's mistake, that form again, unfolded, with what was typed and the problem at its field. */
  private async renderDetail(
    session: ConsoleSession,
    reply: FastifyReply,
    id: number,
    actionError?: { action: string; values: FormBody; error: ErrorDescription },
  ): Promise<void> {
    const detail = await this.appeals.detail(session.user, id);
    const allowed = new Set(detail.allowedActions);
    const staff = session.user.role !== 'enterprise';
    const [routeOptions, transferOptions, orders, firm, visit, duplicateCandidates, coTasks, taskForceOptions, coTaskFiles] = await Promise.all([
      allowed.has('route') ? this.departments.routable(session.user, detail) : Promise.resolve([]),
      allowed.has('transfer_up') ? this.departments.transferTargets(session.user, detail) : Promise.resolve([]),
      staff
        ? this.orders.list(session.user, Object.assign(new ListSupervisionOrdersQuery(), { appealId: id, pageSize: 50 }))
        : Promise.resolve(null),
      // The firm's contact through the firm's own visibility rule (a handler: firms its department handles).
      staff ? this.enterprises.get(session.user, detail.enterpriseId).catch(() => null) : Promise.resolve(null),
      // The visit the appeal was raised from, when the caller sees visits (handlers do not).
      this.visits
        .list(session.user, Object.assign(new ListVisitsQuery(), { appealId: id, pageSize: 1 }))
        .then((p) => p.items[0] ?? null),
      allowed.has('mark_duplicate') ? this.duplicateCandidates(session.user, detail) : Promise.resolve([]),
      // Between offices: the firm sees the lead's answer, not the co-handlers' parts.
      staff ? this.coTasks.listForAppeal(session.user, id) : Promise.resolve([]),
      allowed.has('route') || allowed.has('bring_task_force') ? this.departments.taskForceOptions(session.user, detail) : Promise.resolve([]),
      // The files the caller's department uploaded that its answer to a task may carry.
      this.coTasks.attachableFiles(session.user, id),
    ]);
    const names = this.departments.names(detail, [...routeOptions, ...transferOptions]);
    const actions = orderedActions(detail.allowedActions.filter((action) => !SYSTEM_ACTIONS.has(action)));
    await this.pages.page(
      reply,
      'appeals/detail',
      {
        title: `${detail.number} ${detail.title}`,
        a: detail,
        allowed: actions,
        openAction: firstOpenAction(actions),
        destructive: [...DESTRUCTIVE_ACTIONS],
        actionError,
        todo: staff ? null : enterpriseTodo(detail),
        firm,
        firmLink: session.user.role !== 'handler',
        visit,
        timeline: timelineView(detail, names),
        deadlines: deadlineRows(detail, !staff),
        routeOptions,
        transferOptions,
        taskForceOptions,
        duplicateCandidates,
        orders: orders?.items ?? [],
        coTasks,
        coTaskFiles,
        openCoTasks: coTasks.filter((t) => t.status === 'open' || t.status === 'signed').length,
        canIssueOrder:
          session.user.role === 'supervisor' &&
          detail.leadDepartmentId !== null &&
          !isTerminalStatus(detail.status),
        objected: detail.objectedDepartmentIds,
        closureTypes: CLOSURE_TYPES,
        solvedAnswers: SOLVED_ANSWERS,
        satisfactionLevels: SATISFACTION_LEVELS,
        allowedExtensions: ALLOWED_EXTENSIONS.join(', '),
        maxBytes: this.config.UPLOAD_MAX_BYTES,
        maxMb: Math.floor(this.config.UPLOAD_MAX_BYTES / 1024 / 1024),
        canAttach: mayOfferAttach(detail.status, session.user.role),
      },
      actionError ? 400 : 200,
    );
  }

  @Post('appeals/:id/actions/:action')
  async act(
    @Session() session: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('action') action: string,
    @Body() body: FormBody,
  ) {
    if (!isCaseActionName(action) || SYSTEM_ACTIONS.has(action)) throw AppError.notFound('Action', action);
    try {
      const { command, version } = await readActionForm(action, body ?? {});
      // Where the answer or rating came from (address and console session), for the integrity signals.
      const origin = requestOrigin(this.config.JWT_SECRET, request.ip, request.cookies?.[SESSION_COOKIE]);
      await this.perform.execute(session.user, id, command, expectedVersionOf(undefined, version), origin);
      await this.pages.redirect(reply, backTo(body, id), { kind: 'success', text: `已${label('action', action)}` });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.includes(error.code)) throw error;
      // A mistake in what was typed: the same form again with the text kept. A changed case: the fresh page and why.
      if (error.code === ErrorCode.ValidationFailed && error.details?.length) {
        const described = describeError({ statusCode: 400, code: error.code, message: error.message, details: error.details });
        await this.renderDetail(session, reply, id, { action, values: body ?? {}, error: described });
        return;
      }
      await this.pages.redirect(reply, backTo(body, id), flashFor(error, label('action', action)));
    }
  }

  @Post('appeals/:id/attachments')
  @MultipartForm()
  async attach(
    @Session() session: ConsoleSession,
    @Req() request: ConsoleRequest,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
  ) {
    if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'Attachments are sent as multipart/form-data');
    try {
      const form = await readMultipartForm(request, { fileSize: this.config.UPLOAD_MAX_BYTES, files: 1 });
      const file = form.files[0];
      if (!file) throw AppError.badRequest('Choose a file first', [{ field: 'file', message: 'required' }]);
      await this.attachments.upload(session.user, id, asMultipartFile(file));
      await this.pages.redirect(reply, `/appeals/${id}`, { kind: 'success', text: `已上传附件 ${file.filename}` });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.includes(error.code)) throw error;
      await this.pages.redirect(reply, `/appeals/${id}`, flashFor(error, '上传附件'));
    }
  }

  @Get('appeals/:id/attachments/:attachmentId')
  async download(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('attachmentId', ParseIntPipe) attachmentId: number,
  ) {
    const file = await this.attachments.open(session.user, id, attachmentId);
    await sendAttachment(reply, file);
  }

  private async listOptions() {
    return { statuses: APPEAL_STATUSES, categories: await this.categories.list() };
  }

  private async renderSubmitForm(
    session: ConsoleSession,
    reply: FastifyReply,
    data: { values: FormBody; error?: unknown; idempotencyKey?: string; duplicates?: LikelyDuplicateDto[] },
    status = 200): Promise<void> {
    const firms =
      session.user.role === 'officer'
        ? (
            await this.enterprises.list(
              session.user,
              Object.assign(new ListEnterprisesQuery(), { officerId: session.user.id, active: true, pageSize: 200 }),
            )
          ).items
        : [];
    const visitId = Number(data.values.visitId);
    const visit =
      session.user.role === 'officer' && Number.isInteger(visitId) && visitId > 0
        ? await this.visits.get(session.user, visitId).catch(() => null)
        : null;
    await this.pages.page(
      reply,
      'appeals/new',
      {
        title: session.user.role === 'officer' ? '代企业提交诉求' : '提交诉求',
        categories: await this.categories.list(),
        kinds: APPEAL_KINDS,
        firms,
        visit,
        values: visit ? { ...data.values, enterpriseId: data.values.enterpriseId ?? String(visit.enterpriseId) } : data.values,
        error: data.error,
        duplicates: data.duplicates ?? [],
        idempotencyKey: data.idempotencyKey ?? randomUUID(),
        maxFiles: MAX_SUBMIT_FILES,
        maxMb: Math.floor(this.config.UPLOAD_MAX_BYTES / 1024 / 1024),
        maxBytes: this.config.UPLOAD_MAX_BYTES,
        allowedExtensions: ALLOWED_EXTENSIONS.join(', '),
      },
      status,
    );
  }
}

/** After an action: the appeal, or the approval inbox the decision was taken from (only that page: no open redirect). */
function backTo(body: FormBody | undefined, id: number): string {
  const back = body ? text(body, 'back') : undefined;
  return back && (back === APPROVALS_PATH || back.startsWith(`${APPROVALS_PATH}?`)) ? back : `/appeals/${id}`;
}

/** AttachmentsService reads an upload through the MultipartFile interface; a buffered part serves it the same bytes. */
function asMultipartFile(part: UploadedPart): MultipartFile {
  return {
    filename: part.filename,
    mimetype: part.mimetype,
    fieldname: part.fieldName,
    toBuffer: () => Promise.resolve(part.buffer),
  } as unknown as MultipartFile;
}

function flashFor(error: AppError, what: string) {
  if (error.code === ErrorCode.VersionConflict) {
    return { kind: 'error' as const, text: `${what}未执行：该诉求已被他人修改，请刷新。页面已更新为最新内容，请确认后再操作。` };
  }
  return refusalFlash(error, `${what}未执行`);
}
