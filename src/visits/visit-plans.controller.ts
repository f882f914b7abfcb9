import { Body, Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';
import { PostCommand } from '../common/http/openapi/command.decorators';
import { VisitDto } from './dto/visit.dto';
import {
  CancelVisitDto,
  LogPlannedVisitDto,
  MergeVisitsDto,
  PlanVisitDto,
  PlanVisitResultDto,
  ProposeVisitDateDto,
  ReplanVisitDto,
  VisitEventDto,
  VisitReasonDto,
  VisitVersionDto,
} from './dto/visit-plan.dto';
import { VisitPlansService } from './visit-plans.service';
import { VisitsService } from './visits.service';

/** Staff who may plan: officers for their firms, working-group members (any staff role) for their group's cities. */
const PLANNERS = ['officer', 'supervisor', 'handler', 'admin'] as const;
/** An answer or step is refused when the visit is not in a state for it, or its version is stale (409). */
const VISIT_ACTION_ERRORS = [400, 403, 404, 409] as const;

@ApiTags('visits')
@ApiBearerAuth()
@Controller('api/visits')
export class VisitPlansController {
  constructor(
    private readonly plans: VisitPlansService,
    private readonly visits: VisitsService,
  ) {}

  /**
   * Plan a visit (走访安排) to one of your firms, or as a working group (groupId) to a firm of its
   * cities; the firm's users are told and answer it. The answer flags other units' plans to the
   * firm that week (clashes, mergeable) and the firm's monthly budget: past the budget nothing is
   * stored (200, planned false) unless overBudgetConfirmed is true (201, planned true).
   */
  @Post('plans')
  @Roles(...PLANNERS)
  @ApiCreatedResponse({ type: PlanVisitResultDto, description: 'Planned' })
  @ApiOkResponse({
    type: PlanVisitResultDto,
    description: 'Not planned: the monthly budget would be exceeded; confirm with overBudgetConfirmed',
  })
  @ApiErrors(400, 403, 404, 409)
  async plan(
    @CurrentUser() user: AuthUser,
    @Body() dto: PlanVisitDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlanVisitResultDto> {
    const result = await this.plans.plan(user, dto);
    reply.code(result.planned ? 201 : 200);
    return result;
  }

  /** The firm accepts the planned visit */
  @PostCommand(':id/accept', { errors: VISIT_ACTION_ERRORS })
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  accept(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitVersionDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'accept' }, dto.version);
  }

  /** The firm proposes another date (after today); the planner accepts it or plans again */
  @PostCommand(':id/propose-date', { errors: VISIT_ACTION_ERRORS })
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  proposeDate(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ProposeVisitDateDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'propose_date', proposedDate: dto.proposedDate, note: dto.note ?? null }, dto.version);
  }

  /** The firm declines the visit, with its reason */
  @PostCommand(':id/decline', { errors: VISIT_ACTION_ERRORS })
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  decline(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitReasonDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'decline', reason: dto.reason }, dto.version);
  }

  /** The planner accepts the firm's proposed date (the visit is then accepted on it) */
  @PostCommand(':id/accept-proposal', { errors: VISIT_ACTION_ERRORS })
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: VisitDto })
  acceptProposal(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitVersionDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'accept_proposal' }, dto.version);
  }

  /** The planner plans again on another day after the firm's proposal (the firm answers afresh; the budget is checked as for a new plan) */
  @PostCommand(':id/replan', { errors: VISIT_ACTION_ERRORS })
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: PlanVisitResultDto })
  replan(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ReplanVisitDto): Promise<PlanVisitResultDto> {
    return this.plans.replan(user, id, dto.visitDate, dto.version, dto.overBudgetConfirmed === true);
  }

  /** The planner cancels a plan still on */
  @PostCommand(':id/cancel', { errors: VISIT_ACTION_ERRORS })
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: VisitDto })
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: CancelVisitDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'cancel', reason: dto.reason ?? null }, dto.version);
  }

  /**
   * The planner logs the planned visit as made (done). Logged from a plan the firm accepted, it
   * counts for coverage unless the firm disputes it within 7 days; otherwise once the firm confirms.
   */
  @PostCommand(':id/log', { errors: VISIT_ACTION_ERRORS })
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: VisitDto })
  log(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: LogPlannedVisitDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'log', visitDate: dto.visitDate }, dto.version, dto);
  }

  /** The firm confirms a logged visit happened (it then counts for coverage) */
  @PostCommand(':id/confirm', { errors: VISIT_ACTION_ERRORS })
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  confirm(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitVersionDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'confirm' }, dto.version);
  }

  /** The firm disputes a logged visit, with its reason (it then does not count) */
  @PostCommand(':id/dispute', { errors: VISIT_ACTION_ERRORS })
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  dispute(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitReasonDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'dispute', reason: dto.reason }, dto.version);
  }

  /**
   * Merge another unit's flagged plan (same firm, same week) into this one: one joint visit on
   * one day listing both units, which the firm answers afresh; the other becomes merged
   */
  @PostCommand(':id/merge', { errors: VISIT_ACTION_ERRORS })
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: VisitDto })
  merge(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: MergeVisitsDto): Promise<VisitDto> {
    return this.plans.merge(user, id, dto);
  }

  /** The visit's history (planned, answered, moved, merged, logged, confirmed), oldest first */
  @Get(':id/events')
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiOkResponse({ type: [VisitEventDto] })
  @ApiErrors(404)
  events(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<VisitEventDto[]> {
    return this.visits.events(user, id);
  }
}
