import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';
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
  @Post(':id/accept')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
  accept(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitVersionDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'accept' }, dto.version);
  }

  /** The firm proposes another date (after today); the planner accepts it or plans again */
  @Post(':id/propose-date')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
  proposeDate(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ProposeVisitDateDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'propose_date', proposedDate: dto.proposedDate, note: dto.note ?? null }, dto.version);
  }

  /** The firm declines the visit, with its reason */
  @Post(':id/decline')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
  decline(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitReasonDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'decline', reason: dto.reason }, dto.version);
  }

  /** The planner accepts the firm's proposed date (the visit is then accepted on it) */
  @Post(':id/accept-proposal')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
  acceptProposal(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitVersionDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'accept_proposal' }, dto.version);
  }

  /** The planner plans again on another day after the firm's proposal (the firm answers afresh; the budget is checked as for a new plan) */
  @Post(':id/replan')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: PlanVisitResultDto })
  @ApiErrors(400, 403, 404, 409)
  replan(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ReplanVisitDto): Promise<PlanVisitResultDto> {
    return this.plans.replan(user, id, dto.visitDate, dto.version, dto.overBudgetConfirmed === true);
  }

  /** The planner cancels a plan still on */
  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: CancelVisitDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'cancel', reason: dto.reason ?? null }, dto.version);
  }

  /**
   * The planner logs the planned visit as made (done). Logged from a plan the firm accepted, it
   * counts for coverage unless the firm disputes it within 7 days; otherwise once the firm confirms.
   */
  @Post(':id/log')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
  log(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: LogPlannedVisitDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'log', visitDate: dto.visitDate }, dto.version, dto);
  }

  /** The firm confirms a logged visit happened (it then counts for coverage) */
  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
  confirm(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitVersionDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'confirm' }, dto.version);
  }

  /** The firm disputes a logged visit, with its reason (it then does not count) */
  @Post(':id/dispute')
  @HttpCode(200)
  @Roles('enterprise')
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
  dispute(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: VisitReasonDto): Promise<VisitDto> {
    return this.plans.act(user, id, { action: 'dispute', reason: dto.reason }, dto.version);
  }

  /**
   * Merge another unit's flagged plan (same firm, same week) into this one: one joint visit on
   * one day listing both units, which the firm answers afresh; the other becomes merged
   */
  @Post(':id/merge')
  @HttpCode(200)
  @Roles(...PLANNERS)
  @ApiOkResponse({ type: VisitDto })
  @ApiErrors(400, 403, 404, 409)
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
