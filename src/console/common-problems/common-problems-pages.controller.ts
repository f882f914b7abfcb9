import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { httpStatusOf } from '../../common/errors/error-code';
import { CommonProblemsService } from '../../common-problems/named/common-problems.service';
import {
  AnswerProblemDto,
  AssignLeadDto,
  ListProblemsQueryDto,
  NameCommonProblemDto,
  ProblemAppealsChangeDto,
  ProblemNoteDto,
  SetTopicDto,
  TopicsQueryDto,
} from '../../common-problems/named/dto/common-problem.dto';
import { ProblemExportsService } from '../../common-problems/named/problem-exports.service';
import { ProblemTopicsService } from '../../common-problems/named/problem-topics.service';
import { ClusterAppealsQueryDto, PoolQueryDto } from '../../common-problems/pool/dto/problem-pool.dto';
import { ProblemPoolService } from '../../common-problems/pool/problem-pool.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { integer, integers, queryAs, text, validateAs, type FormBody, type QueryString } from '../http/form-fields';
import { RegionChoices } from '../pickers/region-choices';
import { formErrorOf, isFormMistake } from '../projects/console-form-errors';
import type { ConsoleSession } from '../session/console-session.service';
import {
  changeText,
  POOL_KIND_LABELS,
  PROBLEM_EVENT_LABELS,
  PROBLEM_FIELD_HINTS,
  PROBLEM_STATE_LABELS,
  poolPeriodPicker,
} from './problem-pages-view';
import { sendWorkbook } from '../http/send-workbook';

const POOL_KEYS = ['period', 'key', 'regionCode', 'page'] as const;
const LIST_KEYS = ['state', 'topic', 'page'] as const;
const TOPIC_KEYS = ['period', 'key', 'regionCode'] as const;
const LABELS = { states: PROBLEM_STATE_LABELS, events: PROBLEM_EVENT_LABELS, kinds: POOL_KIND_LABELS };

/**
 * 共性问题 in the console: the pool per period and region, a cluster's appeals with 命名为共性问题,
 * the named problems (list, detail with timeline, linked appeals, lead department, the lead
 * department's answer, 办结) and the topics' before/after counts — all through the same services
 * as /api/common-problems, so roles, reach, versions and rules are the API's.
 */
@ConsoleController()
@ConsoleRoles('supervisor', 'admin', 'handler')
@Controller('common-problems')
export class CommonProblemsPagesController {
  constructor(
    private readonly pool: ProblemPoolService,
    private readonly problems: CommonProblemsService,
    private readonly topics: ProblemTopicsService,
    private readonly exports: ProblemExportsService,
    private readonly regionChoices: RegionChoices,
    private readonly pages: ConsoleRenderer,
    private readonly clock: Clock,
  ) {}

  @Get('pool')
  @ConsoleRoles('supervisor', 'admin')
  async poolPage(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(PoolQueryDto, raw, POOL_KEYS);
    const { picker } = poolPeriodPicker('/common-problems/pool', query, this.clock.now());
    const result = await this.pool.list(session.user, query);
    const exportQuery = new URLSearchParams({ period: picker.kind, key: picker.key, ...(query.regionCode ? { regionCode: query.regionCode } : {}) }).toString();
    await this.pages.page(reply, 'common-problems/pool', {
      title: '共性问题池',
      result,
      picker,
      regions: await this.regionChoices.for(session.user),
      regionCode: query.regionCode ?? '',
      periodQuery: exportQuery,
      page: { items: result.items, total: result.total, page: result.page, pageSize: result.pageSize },
      filters: { period: picker.kind, key: picker.key, ...(query.regionCode ? { regionCode: query.regionCode } : {}) },
    });
  }

  @Get('exports/pool.xlsx')
  @ConsoleRoles('supervisor', 'admin')
  async poolXlsx(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const { stream, label } = await this.exports.poolXlsx(session.user, await queryAs(PoolQueryDto, raw, ['period', 'key', 'regionCode']));
    await sendWorkbook(reply, stream, 'common-problem-pool.xlsx', `${label}共性问题池.xlsx`);
  }

  @Get('exports/problems.xlsx')
  @ConsoleRoles('supervisor', 'admin')
  async problemsXlsx(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const stream = await this.exports.problemsXlsx(session.user, await queryAs(ListProblemsQueryDto, raw, ['state', 'topic', 'period', 'key', 'regionCode']));
    await sendWorkbook(reply, stream, 'common-problems.xlsx', '共性问题.xlsx');
  }

  @Get('pool/:clusterKey')
  @ConsoleRoles('supervisor', 'admin')
  async clusterPage(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('clusterKey', ParseIntPipe) clusterKey: number,
    @Query() raw: QueryString,
  ) {
    const query = await queryAs(ClusterAppealsQueryDto, raw, ['period', 'key', 'regionCode']);
    await this.renderCluster(session, reply, clusterKey, query, null, {});
  }

  /** 命名为共性问题 (from a cluster's page). */
  @Post()
  @ConsoleRoles('supervisor', 'admin')
  async name(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Body() body: FormBody) {
    const values = { title: text(body, 'title') ?? '', description: text(body, 'description') ?? '', leadDepartmentId: text(body, 'leadDepartmentId') ?? '' };
    const clusterKey = integer(body, 'clusterKey');
    const where = { period: text(body, 'period') as 'month' | undefined, key: text(body, 'key'), regionCode: text(body, 'regionCode') };
    try {
      const dto = await validateAs(NameCommonProblemDto, {
        title: text(body, 'title'),
        description: text(body, 'description'),
        ...where,
        clusterKey,
        appealIds: integers(body, 'appealIds').length ? integers(body, 'appealIds') : undefined,
        leadDepartmentId: integer(body, 'leadDepartmentId'),
      });
      const problem = await this.problems.name(session.user, dto);
      await this.pages.redirect(reply, `/common-problems/${problem.id}`, { kind: 'success', text: `已命名共性问题“${problem.title}”，关联诉求 ${problem.linkedAppeals} 件` });
    } catch (error) {
      if (!isFormMistake(error) || typeof clusterKey !== 'number') throw error;
      const query = await queryAs(ClusterAppealsQueryDto, where, ['period', 'key', 'regionCode']);
      await this.renderCluster(session, reply, clusterKey, query, error, values);
    }
  }

  @Get()
  async list(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(ListProblemsQueryDto, raw, LIST_KEYS);
    const page = await this.problems.list(session.user, query);
    await this.pages.page(reply, 'common-problems/list', {
      title: session.user.role === 'handler' ? '牵头共性问题' : '共性问题',
      page,
      filters: Object.fromEntries(LIST_KEYS.filter((k) => typeof raw[k] === 'string' && raw[k] !== '').map((k) => [k, String(raw[k])])),
      labels: LABELS,
    });
  }

  @Get('topics')
  @ConsoleRoles('supervisor', 'admin')
  async topicsPage(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(TopicsQueryDto, raw, TOPIC_KEYS);
    const { picker } = poolPeriodPicker('/common-problems/topics', query, this.clock.now());
    const result = await this.topics.topics(session.user, query);
    await this.pages.page(reply, 'common-problems/topics', {
      title: '每期一题',
      result,
      picker,
      regions: await this.regionChoices.for(session.user),
      regionCode: query.regionCode ?? '',
      changes: result.items.map((i) => changeText(i.effect.change)),
      labels: LABELS,
    });
  }

  @Get(':id')
  async detail(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    await this.renderDetail(session, reply, id, null, null, {});
  }

  /** One form of the problem's page: link, unlink, lead, answer, close, reopen, topic, topic-clear. */
  @Post(':id/:action')
  async act(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('id', ParseIntPipe) id: number,
    @Param('action') action: string,
    @Body() body: FormBody,
  ) {
    const user = session.user;
    const expected = { version: Number(text(body, 'version')) || 0, via: 'body' as const };
    const note = { version: expected.version, note: text(body, 'note') };
    const run: Record<string, () => Promise<unknown>> = {
      link: async () => {
        const appealIds = await this.problems.appealIdsFor(user, (text(body, 'appealNumbers') ?? '').split(/[\s,，、]+/));
        return this.problems.link(user, id, await validateAs(ProblemAppealsChangeDto, { version: expected.version, appealIds }), expected);
      },
      unlink: async () => this.problems.unlink(user, id, await validateAs(ProblemAppealsChangeDto, { version: expected.version, appealIds: integers(body, 'appealIds') }), expected),
      lead: async () => this.problems.assignLead(user, id, await validateAs(AssignLeadDto, { version: expected.version, leadDepartmentId: integer(body, 'leadDepartmentId') }), expected),
      answer: async () =>
        this.problems.answer(user, id, await validateAs(AnswerProblemDto, { version: expected.version, text: text(body, 'text'), policyId: integer(body, 'policyId') }), expected),
      close: async () => this.problems.close(user, id, await validateAs(ProblemNoteDto, note), expected),
      reopen: async () => this.problems.reopen(user, id, await validateAs(ProblemNoteDto, note), expected),
      topic: async () => this.problems.setTopic(user, id, await validateAs(SetTopicDto, { version: expected.version, period: text(body, 'period'), key: text(body, 'key') }), expected),
      'topic-clear': async () => this.problems.clearTopic(user, id, await validateAs(ProblemNoteDto, note), expected),
    };
    const supervisorOnly = action !== 'answer';
    if (!run[action] || (supervisorOnly && user.role === 'handler') || (!supervisorOnly && user.role !== 'handler')) throw AppError.notFound('Page', action);
    try {
      await run[action]();
      await this.pages.redirect(reply, `/common-problems/${id}`, { kind: 'success', text: DONE[action] });
    } catch (error) {
      if (!isFormMistake(error) || (error.code === 'NOT_FOUND' && !/^Appeal /.test(error.message))) throw error;
      await this.renderDetail(session, reply, id, action, error, Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v ?? '')])));
    }
  }

  private async renderCluster(
    session: ConsoleSession,
    reply: FastifyReply,
    clusterKey: number,
    query: ClusterAppealsQueryDto,
    error: AppError | null,
    values: Record<string, string>,
  ): Promise<void> {
    const cluster = await this.pool.appeals(session.user, clusterKey, query);
    await this.pages.page(
      reply,
      'common-problems/cluster',
      {
        title: `相似诉求 ${cluster.items[0]?.number ?? clusterKey}`,
        cluster,
        query: { period: cluster.period.kind, key: cluster.period.key, regionCode: query.regionCode ?? '' },
        departments: await this.problems.leadChoices(session.user),
        values: { title: values.title ?? cluster.items[0]?.title ?? '', description: values.description ?? '', leadDepartmentId: values.leadDepartmentId ?? '' },
        error: error ? formErrorOf(error, PROBLEM_FIELD_HINTS) : null,
      },
      error ? httpStatusOf(error.code) : 200,
    );
  }

  private async renderDetail(
    session: ConsoleSession,
    reply: FastifyReply,
    id: number,
    form: string | null,
    error: AppError | null,
    values: Record<string, string>,
  ): Promise<void> {
    const user = session.user;
    const problem = await this.problems.detail(user, id);
    const supervising = user.role !== 'handler';
    await this.pages.page(
      reply,
      'common-problems/detail',
      {
        title: problem.title,
        problem,
        appeals: (await this.problems.appeals(user, id)).items,
        effect: await this.topics.effect(user, id),
        supervising,
        answering: user.role === 'handler' && problem.leadDepartment?.id === user.departmentId && problem.state !== 'closed',
        departments: supervising ? await this.problems.leadChoices(user) : [],
        labels: LABELS,
        changeText,
        form,
        values,
        error: error ? formErrorOf(error, PROBLEM_FIELD_HINTS) : null,
      },
      error ? httpStatusOf(error.code) : 200,
    );
  }
}

const DONE: Record<string, string> = {
  link: '已关联诉求',
  unlink: '已取消关联',
  lead: '已确定牵头部门',
  answer: '已提交答复',
  close: '已办结',
  reopen: '已重新打开',
  topic: '已列为每期一题',
  'topic-clear': '已取消每期一题',
};
