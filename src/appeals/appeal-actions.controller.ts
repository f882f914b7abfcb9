import { Body, Controller, HttpCode, Inject, Param, ParseIntPipe, Post, Req, UseInterceptors } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { bearerSession, requestOrigin, type RequestOrigin } from './usecases/request-origin';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { VersionEtagInterceptor } from '../common/http/etag.interceptor';
import { ApiErrors, ETAG_HEADER } from '../common/http/openapi/api-docs.decorators';
import { expectedVersionOf, IfMatch } from '../common/http/preconditions';
import { AppealsService } from './appeals.service';
import { APPEAL_COMMANDS } from './dto/appeal-commands';
import type { AppealCommand } from './domain';
import {
  AppealActionDto,
  ApproveExtensionDto,
  BringTaskForceDto,
  CommentDto,
  MarkDuplicateDto,
  NoteActionDto,
  OptionalReasonActionDto,
  ReasonActionDto,
  RequestExtensionDto,
  ResolveDto,
  RouteAppealDto,
  RuleUnreasonableRatingDto,
  SupplementDto,
  TransferUpDto,
  VerifyDto,
} from './dto/appeal-actions.dto';
import { AppealDetailDto } from './dto/appeal-read.dto';
import { PerformActionUseCase } from './usecases/perform-action.usecase';

/**
 * The closed loop, one endpoint per action. Each answers with the appeal after the action (and
 * its new ETag), or 403 (not yours to do), 409 (not possible in the current state, with the
 * actions allowed now; or a stale body version), 412 (stale If-Match), 428 (no version at all)
 * or 400 (missing reason etc.).
 */
@ApiTags('appeal actions')
@ApiBearerAuth()
@ApiHeader({
  name: 'If-Match',
  required: false,
  description:
    'The ETag of the appeal you read, e.g. "3" (412 when it is no longer current). Required unless the body carries `version` ' +
    '(the alternative for HTML forms, 409 when stale); an action with neither answers 428. Not needed for comments.',
  schema: { type: 'string', example: '"3"' },
})
@ApiOkResponse({ type: AppealDetailDto, description: 'The appeal after the action', headers: ETAG_HEADER })
@ApiErrors(403, 409, 412, 428)
@UseInterceptors(VersionEtagInterceptor)
@Controller('api/appeals/:id')
export class AppealActionsController {
  constructor(
    private readonly perform: PerformActionUseCase,
    private readonly appeals: AppealsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async run(
    user: AuthUser,
    id: number,
    command: AppealCommand,
    body: AppealActionDto,
    ifMatch?: string,
    request?: FastifyRequest,
  ): Promise<AppealDetailDto> {
    await this.perform.execute(user, id, command, expectedVersionOf(ifMatch, body.version), request ? this.originOf(request) : null);
    return this.appeals.detail(user, id);
  }

  /** Where an answer or rating came from: the address and the token's session, as keyed hashes. */
  private originOf(request: FastifyRequest): RequestOrigin {
    return requestOrigin(this.config.JWT_SECRET, request.ip, bearerSession(request.headers.authorization));
  }

  /** Accept the appeal (officer of the firm or supervisor) */
  @Post('accept')
  @HttpCode(200)
  accept(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: NoteActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.accept(b), b, m);
  }

  /** Reject the appeal with a reason */
  @Post('reject')
  @HttpCode(200)
  reject(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: ReasonActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.reject(b), b, m);
  }

  /**
   * Close the appeal as a duplicate (重复) of the same firm's appeal where the problem is handled
   * (officer of the firm or supervisor, before routing): the firm is told and follows the original;
   * the metrics count it apart, never as solved or rated
   */
  @Post('duplicate')
  @HttpCode(200)
  markDuplicate(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: MarkDuplicateDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.mark_duplicate(b), b, m);
  }

  /** Route to a lead department (主办) with optional co-handling departments (协办) */
  @Post('route')
  @HttpCode(200)
  route(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: RouteAppealDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.route(b), b, m);
  }

  /**
   * Bring a task force (专班) into the routed appeal (supervisor in reach, while assigned or in progress):
   * its members that take no part yet become co-handling departments (协办) of this appeal only, whatever
   * their level, each with its co-handler task; the lead cannot resolve until those are delivered or waived
   */
  @Post('task-force')
  @HttpCode(200)
  bringTaskForce(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: BringTaskForceDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.bring_task_force(b), b, m);
  }

  /** Sign for the appeal (签收) as its lead department */
  @Post('sign')
  @HttpCode(200)
  sign(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: AppealActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.sign(), b, m);
  }

  /** Object to a wrong routing (退单): within 1 working day of assignment, once per department */
  @Post('object')
  @HttpCode(200)
  object(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: ReasonActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.object(b), b, m);
  }

  /** Approve the pending objection: the appeal goes back for re-routing (supervisor) */
  @Post('objection/approve')
  @HttpCode(200)
  approveObjection(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: NoteActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.approve_objection(b), b, m);
  }

  /** Deny the pending objection with a reason (supervisor) */
  @Post('objection/deny')
  @HttpCode(200)
  denyObjection(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: ReasonActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.deny_objection(b), b, m);
  }

  /** Ask for more working days before the deadline (lead department) */
  @Post('extension')
  @HttpCode(200)
  requestExtension(
    @CurrentUser() u: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: RequestExtensionDto,
    @IfMatch() m?: string,
  ) {
    return this.run(u, id, APPEAL_COMMANDS.request_extension(b), b, m);
  }

  /** Approve the extension, possibly with fewer days (supervisor) */
  @Post('extension/approve')
  @HttpCode(200)
  approveExtension(
    @CurrentUser() u: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: ApproveExtensionDto,
    @IfMatch() m?: string,
  ) {
    return this.run(u, id, APPEAL_COMMANDS.approve_extension(b), b, m);
  }

  /** Deny the extension with a reason (supervisor) */
  @Post('extension/deny')
  @HttpCode(200)
  denyExtension(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: ReasonActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.deny_extension(b), b, m);
  }

  /** Suspend while waiting for the firm; the clock stops (lead department) */
  @Post('suspend')
  @HttpCode(200)
  suspend(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: ReasonActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.suspend(b), b, m);
  }

  /** The firm supplies what was asked for; the clock runs again */
  @Post('supplement')
  @HttpCode(200)
  supplement(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: SupplementDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.supplement(b), b, m);
  }

  /** Resume a suspended appeal (lead department) */
  @Post('resume')
  @HttpCode(200)
  resume(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: NoteActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.resume(b), b, m);
  }

  /** Transfer to a department at the next level up (提级, supervisor) */
  @Post('transfer-up')
  @HttpCode(200)
  transferUp(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: TransferUpDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.transfer_up(b), b, m);
  }

  /** Answer the appeal with a closure type (lead department) */
  @Post('resolve')
  @HttpCode(200)
  resolve(
    @CurrentUser() u: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: ResolveDto,
    @Req() r: FastifyRequest,
    @IfMatch() m?: string,
  ) {
    return this.run(u, id, APPEAL_COMMANDS.resolve(b), b, m, r);
  }

  /** The enterprise verifies and rates the answer; unsatisfied sends it back for redo */
  @Post('verify')
  @HttpCode(200)
  verify(
    @CurrentUser() u: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: VerifyDto,
    @Req() r: FastifyRequest,
    @IfMatch() m?: string,
  ) {
    return this.run(u, id, APPEAL_COMMANDS.verify(b), b, m, r);
  }

  /** The officer records the firm's verification from a follow-up call (回访), marked as on its behalf */
  @Post('follow-up-call')
  @HttpCode(200)
  followUpCall(
    @CurrentUser() u: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: VerifyDto,
    @Req() r: FastifyRequest,
    @IfMatch() m?: string,
  ) {
    return this.run(u, id, APPEAL_COMMANDS.follow_up_call(b), b, m, r);
  }

  /**
   * Rule the unsatisfied rating on record unreasonable (不合理差评), with a reason (a supervisor whose
   * region covers the appeal; never the handling department, whose handlers may not). Once per
   * rating: a second ruling answers 409 (already_ruled), as does an appeal without an unsatisfied
   * rating (no_unsatisfied_rating). The status is unchanged; the rating leaves the satisfaction
   * rate's denominator and is counted apart (unreasonableRatings). The event is internal (staff
   * only); the lead department and the firm's officer are told
   */
  @Post('rating-ruling')
  @HttpCode(200)
  ruleUnreasonableRating(
    @CurrentUser() u: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Body() b: RuleUnreasonableRatingDto,
    @IfMatch() m?: string,
  ) {
    return this.run(u, id, APPEAL_COMMANDS.rule_unreasonable_rating(b), b, m);
  }

  /** Withdraw the appeal before it is answered (the enterprise, or its officer on its behalf) */
  @Post('withdraw')
  @HttpCode(200)
  withdraw(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: OptionalReasonActionDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.withdraw(b), b, m);
  }

  /** Add an internal note (staff only) or a message the firm sees */
  @Post('comments')
  @HttpCode(200)
  comment(@CurrentUser() u: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() b: CommentDto, @IfMatch() m?: string) {
    return this.run(u, id, APPEAL_COMMANDS.comment(b), b, m);
  }
}
