import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';
import { VersionedCommand } from '../../common/http/openapi/command.decorators';
import { expectedVersionOf, IfMatch } from '../../common/http/preconditions';
import { CommonProblemsService } from './common-problems.service';
import {
  AnswerProblemDto,
  AssignLeadDto,
  CommonProblemDetailDto,
  EffectQueryDto,
  LinkedAppealsDto,
  ListProblemsQueryDto,
  NameCommonProblemDto,
  ProblemAppealsChangeDto,
  ProblemNoteDto,
  ProblemPageDto,
  SetTopicDto,
  TopicEffectDto,
  TopicsDto,
  TopicsQueryDto,
} from './dto/common-problem.dto';
import { ProblemTopicsService } from './problem-topics.service';

/**
 * Named common problems (共性问题) and topics (每月一题). Supervisors see and change the problems of
 * their region and below; a handler sees (and answers) only the problems their department leads;
 * any other problem answers 404 like a missing one.
 */
@ApiTags('common-problems')
@ApiBearerAuth()
@Roles('supervisor', 'admin', 'handler')
@Controller('api/common-problems')
export class CommonProblemsController {
  constructor(
    private readonly problems: CommonProblemsService,
    private readonly topicsService: ProblemTopicsService,
  ) {}

  /**
   * Name a common problem: a cluster of the pool (its appeals of the period in the region are
   * linked) and/or appeals of your region, with a title, the period and optionally the lead department.
   */
  @Post()
  @Roles('supervisor', 'admin')
  @ApiOperation({ operationId: 'commonProblems.name' })
  @ApiCreatedResponse({ type: CommonProblemDetailDto })
  @ApiErrors(404)
  nameProblem(@CurrentUser() user: AuthUser, @Body() dto: NameCommonProblemDto): Promise<CommonProblemDetailDto> {
    return this.problems.name(user, dto);
  }

  /** The common problems you see, newest first (a handler: those their department leads) */
  @Get()
  @ApiOperation({ operationId: 'commonProblems.list' })
  @ApiOkResponse({ type: ProblemPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ListProblemsQueryDto): Promise<ProblemPageDto> {
    return this.problems.list(user, query);
  }

  /** The topics (每月一题) of a period in your region, each with new appeals of its class before and after its answer */
  @Get('topics')
  @Roles('supervisor', 'admin')
  @ApiOperation({ operationId: 'commonProblems.topics' })
  @ApiOkResponse({ type: TopicsDto })
  topics(@CurrentUser() user: AuthUser, @Query() query: TopicsQueryDto): Promise<TopicsDto> {
    return this.topicsService.topics(user, query);
  }

  /** One common problem with its timeline */
  @Get(':id')
  @ApiOperation({ operationId: 'commonProblems.get' })
  @ApiOkResponse({ type: CommonProblemDetailDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<CommonProblemDetailDto> {
    return this.problems.detail(user, id);
  }

  /** The appeals linked to the problem, oldest first (firm names are not shown to handlers) */
  @Get(':id/appeals')
  @ApiOperation({ operationId: 'commonProblems.appeals' })
  @ApiOkResponse({ type: LinkedAppealsDto })
  appeals(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<LinkedAppealsDto> {
    return this.problems.appeals(user, id);
  }

  /** New appeals of the problem's class in equal windows before and after its answer (see METRICS.md) */
  @Get(':id/effect')
  @ApiOperation({ operationId: 'commonProblems.effect' })
  @ApiOkResponse({ type: TopicEffectDto })
  effect(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Query() query: EffectQueryDto): Promise<TopicEffectDto> {
    return this.topicsService.effect(user, id, query.days);
  }

  /** Link appeals of the problem's region; 409 when closed or all are linked already */
  @VersionedCommand(':id/appeals', 'commonProblems.linkAppeals')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CommonProblemDetailDto })
  link(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ProblemAppealsChangeDto, @IfMatch() ifMatch?: string) {
    return this.problems.link(user, id, dto, expectedVersionOf(ifMatch, dto.version));
  }

  /** Unlink appeals; the problem keeps at least one (409) */
  @VersionedCommand(':id/appeals/unlink', 'commonProblems.unlinkAppeals')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CommonProblemDetailDto })
  unlink(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ProblemAppealsChangeDto, @IfMatch() ifMatch?: string) {
    return this.problems.unlink(user, id, dto, expectedVersionOf(ifMatch, dto.version));
  }

  /** Assign or change the lead department (牵头部门); a new lead while answered sends the problem back to open */
  @VersionedCommand(':id/lead', 'commonProblems.assignLead')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CommonProblemDetailDto })
  assignLead(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: AssignLeadDto, @IfMatch() ifMatch?: string) {
    return this.problems.assignLead(user, id, dto, expectedVersionOf(ifMatch, dto.version));
  }

  /** The lead department's class-level answer (a policy or a measure); again while answered revises it */
  @VersionedCommand(':id/answer', 'commonProblems.answer')
  @Roles('handler')
  @ApiOkResponse({ type: CommonProblemDetailDto })
  answer(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: AnswerProblemDto, @IfMatch() ifMatch?: string) {
    return this.problems.answer(user, id, dto, expectedVersionOf(ifMatch, dto.version));
  }

  /** 办结: close an answered problem */
  @VersionedCommand(':id/close', 'commonProblems.close')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CommonProblemDetailDto })
  close(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ProblemNoteDto, @IfMatch() ifMatch?: string) {
    return this.problems.close(user, id, dto, expectedVersionOf(ifMatch, dto.version));
  }

  /** Reopen a closed problem (back to answered) */
  @VersionedCommand(':id/reopen', 'commonProblems.reopen')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CommonProblemDetailDto })
  reopen(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ProblemNoteDto, @IfMatch() ifMatch?: string) {
    return this.problems.reopen(user, id, dto, expectedVersionOf(ifMatch, dto.version));
  }

  /** Choose the problem as the topic of a period (每月一题; month by default, the current one by default) */
  @VersionedCommand(':id/topic', 'commonProblems.setTopic')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CommonProblemDetailDto })
  setTopic(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: SetTopicDto, @IfMatch() ifMatch?: string) {
    return this.problems.setTopic(user, id, dto, expectedVersionOf(ifMatch, dto.version));
  }

  /** No longer a topic */
  @VersionedCommand(':id/topic/clear', 'commonProblems.clearTopic')
  @Roles('supervisor', 'admin')
  @ApiOkResponse({ type: CommonProblemDetailDto })
  clearTopic(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ProblemNoteDto, @IfMatch() ifMatch?: string) {
    return this.problems.clearTopic(user, id, dto, expectedVersionOf(ifMatch, dto.version));
  }
}
