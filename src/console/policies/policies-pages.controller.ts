import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppealsService } from '../../appeals/appeals.service';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { DepartmentsService } from '../../departments/departments.service';
import { ListDepartmentsQuery } from '../../departments/dto/department.dto';
import { INDUSTRIES, SCALES, TAGS } from '../../enterprises/domain/enterprise-vocabulary';
import { DeliveriesService } from '../../policies/deliveries.service';
import {
  DELIVERY_SOURCE_LABELS,
  DELIVERY_STATE_LABELS,
  DELIVERY_STATES,
  FIRM_FACT_LABELS,
  FIRM_FACTS,
  OBTAIN_MODE_LABELS,
  OBTAIN_MODES,
  POLICY_STATUS_LABELS,
  POLICY_STATUSES,
} from '../../policies/domain/policy-vocabulary';
import { sourcesOf } from '../../policies/domain/delivery-state-machine';
import { ChangeDeliveryDto, ListDeliveriesQuery } from '../../policies/dto/delivery.dto';
import { CreatePolicyDto, ListPoliciesQuery, PreviewRequestDto, UpdatePolicyDto } from '../../policies/dto/policy.dto';
import { AskPolicyQuestionDto } from '../../policies/dto/question.dto';
import { ReachQueryDto } from '../../policies/dto/reach.dto';
import { PoliciesService } from '../../policies/policies.service';
import { PolicyQuestionsService } from '../../policies/questions/policy-questions.service';
import { ReachExportService } from '../../policies/reach/reach-export.service';
import { ReachService } from '../../policies/reach/reach.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleRequest } from '../http/console-request';
import { echo, integer, queryAs, text, validateAs, type FormBody, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { describeError } from '../shared/error-messages';
import { EnterprisesService } from '../../enterprises/enterprises.service';
import { readFirmField } from '../pickers/firm-field';
import { validatePicked } from '../pickers/picked-form';
import { RegionChoices } from '../pickers/region-choices';
import { chosenRegionCodes, policyFromForm, ruleFieldLabel, rulesFromForm } from './policy-forms';
import { sendWorkbook } from '../http/send-workbook';

const LIBRARY_KEYS = ['status', 'q', 'page'] as const;
const DELIVERY_KEYS = ['state', 'policyId', 'eligible', 'page'] as const;
const REACH_KEYS = ['regionCode', 'policyId'] as const;

/** The words every policy page shows, and the vocabularies its forms offer. */
const WORDS = {
  status: POLICY_STATUS_LABELS,
  obtainMode: OBTAIN_MODE_LABELS,
  state: DELIVERY_STATE_LABELS,
  source: DELIVERY_SOURCE_LABELS,
  fact: FIRM_FACT_LABELS,
  statuses: POLICY_STATUSES,
  obtainModes: OBTAIN_MODES,
  states: DELIVERY_STATES,
  facts: FIRM_FACTS,
  industries: INDUSTRIES,
  scales: SCALES,
  tags: TAGS,
};

/** The error as the console shows it, with the rules editor's own names for rule fields. */
function described(error: AppError) {
  const details = error.details?.map((d) => ({ ...d, field: ruleFieldLabel(d.field) }));
  return describeError({ statusCode: 400, code: error.code, message: error.message, details });
}

/** A refused form goes back where it came from with the error in Chinese; anything else is the error page. */
const RECOVERABLE = [ErrorCode.ValidationFailed, ErrorCode.BadRequest, ErrorCode.Conflict, ErrorCode.VersionConflict, ErrorCode.IllegalTransition, ErrorCode.Forbidden];

/**
 * 政策: the library and rules editor with preview (admins, supervisors), the officers' policies to
 * deliver, a firm's own policies with its confirmations and questions, and the supervisors' reach
 * figures. Every page calls the policy services with the session's user, so the API's rules —
 * roles, reach, the firms rule, versions, the delivery state machine — hold unchanged.
 */
@ConsoleController()
@Controller('policies')
export class PoliciesPagesController {
  constructor(
    private readonly policies: PoliciesService,
    private readonly deliveries: DeliveriesService,
    private readonly questions: PolicyQuestionsService,
    private readonly reach: ReachService,
    private readonly reachExport: ReachExportService,
    private readonly departments: DepartmentsService,
    private readonly appeals: AppealsService,
    private readonly enterprises: EnterprisesService,
    private readonly regions: RegionChoices,
    private readonly pages: ConsoleRenderer,
  ) {}

  /** Officers and firms land on their delivery records; staff who manage policies on the library. */
  @Get()
  @ConsoleRoles('enterprise', 'officer', 'supervisor', 'admin')
  async library(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    if (session.user.role === 'officer' || session.user.role === 'enterprise') return this.pages.redirect(reply, '/policies/deliveries');
    const query = await queryAs(ListPoliciesQuery, raw, LIBRARY_KEYS);
    const page = await this.policies.list(session.user, query);
    await this.pages.page(reply, 'policies/library', { title: '政策库', page, filters: echo(raw, LIBRARY_KEYS), W: WORDS });
  }

  @Get('new')
  @ConsoleRoles('supervisor', 'admin')
  async newForm(@Session() session: ConsoleSession, @Res() reply: FastifyReply) {
    await this.renderEditor(session, reply, { values: { regionCode: session.user.regionCode, obtainMode: 'apply', validFrom: '' } });
  }

  /** 预览 re-renders the form with the matching firms; 保存草稿 creates the draft. */
  @Post()
  @ConsoleRoles('supervisor', 'admin')
  async create(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    try {
      const region = await this.regions.problem(session.user, text(body, 'regionCode'));
      if (text(body, 'intent') === 'preview') {
        const dto = await validatePicked(PreviewRequestDto, { regionCode: text(body, 'regionCode'), rules: rulesFromForm(body), limit: 20 }, [region]);
        const preview = await this.policies.preview(session.user, dto);
        return this.renderEditor(session, reply, { values: body, preview });
      }
      const dto = await validatePicked(CreatePolicyDto, policyFromForm(body), [region]);
      const policy = await this.policies.create(session.user, dto);
      await this.pages.redirect(reply, `/policies/${policy.id}`, { kind: 'success', text: '政策草稿已保存，请预览匹配企业后发布' });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.includes(error.code)) throw error;
      await this.renderEditor(session, reply, { values: body, error: described(error) }, 400);
    }
  }

  @Get('deliveries')
  @ConsoleRoles('enterprise', 'officer', 'supervisor', 'admin')
  async deliveriesPage(@Session() session: ConsoleSession, @Req() request: ConsoleRequest, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListDeliveriesQuery, raw, DELIVERY_KEYS);
    const page = await this.deliveries.list(session.user, query);
    const firm = session.user.role === 'enterprise';
    await this.pages.page(reply, 'policies/deliveries', {
      title: firm ? '我的政策' : session.user.role === 'officer' ? '待送政策' : '政策送达',
      page,
      filters: echo(raw, DELIVERY_KEYS),
      sources: sourcesOf(firm ? 'firm' : session.user.role === 'officer' ? 'officer' : 'supervisor'),
      back: request.url,
      W: WORDS,
    });
  }

  @Post('deliveries/:policyId/:enterpriseId/state')
  @ConsoleRoles('enterprise', 'officer', 'supervisor', 'admin')
  async changeState(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('policyId', ParseIntPipe) policyId: number,
    @Param('enterpriseId', ParseIntPipe) enterpriseId: number,
    @Body() body: FormBody,
  ) {
    const back = safeBack(text(body, 'back'));
    try {
      const dto = await validateAs(ChangeDeliveryDto, {
        state: text(body, 'state'),
        source: text(body, 'source') ?? (session.user.role === 'enterprise' ? 'confirmation' : undefined),
        reason: text(body, 'reason') ?? null,
        version: integer(body, 'version'),
      });
      const record = await this.deliveries.change(session.user, policyId, enterpriseId, dto);
      await this.pages.redirect(reply, back, { kind: 'success', text: `${record.enterpriseName}：已记录为「${DELIVERY_STATE_LABELS[record.state]}」` });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.includes(error.code)) throw error;
      const shown = described(error);
      await this.pages.redirect(reply, back, { kind: 'error', text: shown.title, details: [error.message, ...shown.details] });
    }
  }

  @Get('reach')
  @ConsoleRoles('supervisor', 'admin')
  async reachPage(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ReachQueryDto, raw, REACH_KEYS);
    const figures = await this.reach.figures(session.user, query);
    const filters = echo(raw, REACH_KEYS);
    await this.pages.page(reply, 'policies/reach', { title: '政策触达', figures, filters, W: WORDS, regions: await this.regions.for(session.user) });
  }

  @Get('reach.xlsx')
  @ConsoleRoles('supervisor', 'admin')
  async reachXlsx(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ReachQueryDto, raw, REACH_KEYS);
    const { stream, regionName } = await this.reachExport.export(session.user, query);
    await sendWorkbook(reply, stream, 'policy-reach.xlsx', `${regionName}政策触达.xlsx`);
  }

  @Get(':id')
  @ConsoleRoles('enterprise', 'officer', 'supervisor', 'admin')
  async detail(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    const user = session.user;
    const policy = await this.policies.get(user, id);
    const manages = (user.role === 'admin' || user.role === 'supervisor') && policy.status === 'draft';
    const preview = manages ? await this.policies.preview(user, Object.assign(new PreviewRequestDto(), { regionCode: policy.regionCode, rules: policy.rules, limit: 20 })) : null;
    const mine =
      user.role === 'enterprise' && user.enterpriseId
        ? (await this.deliveries.list(user, Object.assign(new ListDeliveriesQuery(), { policyId: id, pageSize: 1 }))).items[0] ?? null
        : null;
    await this.pages.page(reply, 'policies/detail', { title: policy.title, policy, preview, mine, manages, back: `/policies/${id}`, W: WORDS });
  }

  @Get(':id/edit')
  @ConsoleRoles('supervisor', 'admin')
  async editForm(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    const policy = await this.policies.get(session.user, id);
    await this.renderEditor(session, reply, { values: formValuesOf(policy), policy });
  }

  @Post(':id')
  @ConsoleRoles('supervisor', 'admin')
  async update(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    const policy = await this.policies.get(session.user, id);
    try {
      if (text(body, 'intent') === 'preview') {
        const dto = await validateAs(PreviewRequestDto, { regionCode: policy.regionCode, rules: rulesFromForm(body), limit: 20 });
        return this.renderEditor(session, reply, { values: body, policy, preview: await this.policies.preview(session.user, dto) });
      }
      const { regionCode: _region, ...fields } = policyFromForm(body);
      void _region;
      const dto = await validateAs(UpdatePolicyDto, { ...fields, version: integer(body, 'version') });
      await this.policies.update(session.user, id, dto);
      await this.pages.redirect(reply, `/policies/${id}`, { kind: 'success', text: '草稿已保存' });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.includes(error.code)) throw error;
      await this.renderEditor(session, reply, { values: body, policy, error: described(error) }, 400);
    }
  }

  @Post(':id/publish')
  @ConsoleRoles('supervisor', 'admin')
  async publish(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await this.statusChange(reply, id, async () => {
      const result = await this.policies.publish(session.user, id, Number(integer(body, 'version')));
      return `已发布：匹配 ${result.matched} 家企业，已发送 ${result.notified} 条消息`;
    });
  }

  @Post(':id/withdraw')
  @ConsoleRoles('supervisor', 'admin')
  async withdraw(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    await this.statusChange(reply, id, async () => {
      await this.policies.withdraw(session.user, id, Number(integer(body, 'version')));
      return '政策已撤回，已有送达记录保留';
    });
  }

  /** 我要咨询: the question becomes an appeal (政策咨询) and the firm lands on it. */
  @Post(':id/questions')
  @ConsoleRoles('enterprise', 'officer')
  async ask(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number, @Body() body: FormBody) {
    try {
      const firm = session.user.role === 'officer' ? await readFirmField(this.enterprises, session.user, body, 'enterpriseId') : null;
      const dto = await validatePicked(
        AskPolicyQuestionDto,
        { enterpriseId: firm ? firm.id : integer(body, 'enterpriseId'), title: text(body, 'title'), question: text(body, 'question') },
        [firm?.problem ?? null],
      );
      const appealId = await this.questions.ask(session.user, id, dto, text(body, 'idempotencyKey'));
      const appeal = await this.appeals.detail(session.user, appealId);
      await this.pages.redirect(reply, `/appeals/${appealId}`, { kind: 'success', text: `咨询已提交，编号 ${appeal.number}，将由政策责任单位答复` });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.includes(error.code)) throw error;
      const shown = described(error);
      await this.pages.redirect(reply, `/policies/${id}`, { kind: 'error', text: shown.title, details: shown.details });
    }
  }

  private async statusChange(reply: FastifyReply, id: number, work: () => Promise<string>): Promise<void> {
    try {
      await this.pages.redirect(reply, `/policies/${id}`, { kind: 'success', text: await work() });
    } catch (error) {
      if (!(error instanceof AppError) || !RECOVERABLE.includes(error.code)) throw error;
      const shown = described(error);
      await this.pages.redirect(reply, `/policies/${id}`, { kind: 'error', text: shown.title, details: [error.message, ...shown.details] });
    }
  }

  private async renderEditor(session: ConsoleSession, reply: FastifyReply, data: PolicyEditorView, status = 200): Promise<void> {
    const departments = await this.departments.list(session.user, Object.assign(new ListDepartmentsQuery(), { pageSize: 200 }));
    const regions = await this.regions.for(session.user);
    const values = { ...data.values, regionCodes: chosenRegionCodes(data.values.regionCodes) };
    await this.pages.page(reply, 'policies/editor', { title: data.policy ? '编辑政策草稿' : '新建政策', departments: departments.items, regions, W: WORDS, ...data, values }, status);
  }
}

/** Only the console's own policy pages are places to go back to after a form. */
/** Back to a policies page or the firm's home page; anything else (an outside address) is not followed. */
function safeBack(value: string | undefined): string {
  if (value === '/home') return value;
  return value !== undefined && value.length <= 300 && /^\/policies(\/[0-9a-z/-]*)?(\?[A-Za-z0-9=&%._-]*)?$/.test(value) ? value : '/policies/deliveries';
}

type PolicyDetail = Awaited<ReturnType<PoliciesService['get']>>;

/**
 * What the policy editor shows: the form's values (as posted, or the draft's own), the draft being
 * edited, and after 预览 or a refusal the matching firms or the error.
 */
interface PolicyEditorView {
  values: FormBody | PolicyFormValues;
  policy?: PolicyDetail;
  preview?: Awaited<ReturnType<PoliciesService['preview']>>;
  error?: ReturnType<typeof described>;
}

/** A draft's fields as the editor's inputs hold them (the rules spread over their own inputs). */
type PolicyFormValues = ReturnType<typeof formValuesOf>;

function formValuesOf(policy: PolicyDetail) {
  const facts = Object.fromEntries(policy.rules.facts.flatMap((f) => [[`${f.fact}Min`, f.min ?? ''], [`${f.fact}Max`, f.max ?? '']]));
  return {
    ...policy,
    regionCodes: policy.rules.regionCodes,
    parks: policy.rules.parks.join('\n'),
    industries: policy.rules.industries,
    scales: policy.rules.scales,
    tagsAny: policy.rules.tagsAny,
    tagsAll: policy.rules.tagsAll,
    validUntil: policy.validUntil ?? '',
    ...facts,
  };
}
