import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { checkedIdempotencyKey } from '../common/http/idempotency-key';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { VersionEtagInterceptor } from '../common/http/etag.interceptor';
import { ApiErrors, ApiPagedResponse, ETAG_HEADER } from '../common/http/openapi/api-docs.decorators';
import { Page } from '../common/pagination/page-query.dto';
import { AppealsService } from './appeals.service';
import { AppealDetailDto, AppealListItemDto, ChainVerificationDto, ListAppealsQuery } from './dto/appeal-read.dto';
import { ExternalReferenceQuery } from './dto/external-reference.dto';
import { SubmitAppealDto } from './dto/submit-appeal.dto';
import { SubmitAppealUseCase } from './usecases/submit-appeal.usecase';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/appeals')
export class AppealsController {
  constructor(
    private readonly appeals: AppealsService,
    private readonly submitAppeal: SubmitAppealUseCase,
  ) {}

  /**
   * Submit an appeal: an enterprise user for their own firm, or the firm's liaison officer on its
   * behalf. Retrying with the same Idempotency-Key returns the first appeal and creates nothing.
   */
  @Post()
  @ApiErrors(404, 409, 422)
  @Roles('enterprise', 'officer')
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Any unique string (≤ 100 chars) per intended submission' })
  @ApiCreatedResponse({
    type: AppealDetailDto,
    description: 'The appeal submitted (or, on a retry with the same Idempotency-Key, the one submitted first)',
    headers: {
      ...ETAG_HEADER,
      'Idempotent-Replayed': { description: '"true" when this answer replays an earlier submission', schema: { type: 'string', enum: ['true'] } },
    },
  })
  @UseInterceptors(VersionEtagInterceptor)
  async submit(
    @CurrentUser() user: AuthUser,
    @Body() dto: SubmitAppealDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AppealDetailDto> {
    const result = await this.submitAppeal.execute(user, dto, checkedIdempotencyKey(idempotencyKey));
    if (result.replayed) void reply.header('Idempotent-Replayed', 'true');
    return this.appeals.detail(user, result.appealId);
  }

  /** Appeals you may see, filtered and paged; sorted by the current deadline by default */
  @Get()
  @ApiPagedResponse(AppealListItemDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListAppealsQuery): Promise<Page<AppealListItemDto>> {
    return this.appeals.list(user, query);
  }

  /** Your work: an officer's firms' open appeals, a department's queue, a supervisor's region, an enterprise's own */
  @Get('caseload')
  @ApiPagedResponse(AppealListItemDto)
  caseload(@CurrentUser() user: AuthUser, @Query() query: ListAppealsQuery): Promise<Page<AppealListItemDto>> {
    return this.appeals.caseload(user, query);
  }

  /** The appeal another system submitted under its reference (source + externalId) */
  @Get('by-reference')
  @ApiOkResponse({ type: AppealDetailDto, headers: ETAG_HEADER })
  @UseInterceptors(VersionEtagInterceptor)
  byReference(@CurrentUser() user: AuthUser, @Query() query: ExternalReferenceQuery): Promise<AppealDetailDto> {
    return this.appeals.detailByReference(user, query.source, query.externalId);
  }

  /** One appeal with its timeline, timers, attachments and the actions you may take now */
  @Get(':id')
  @ApiOkResponse({ type: AppealDetailDto, headers: ETAG_HEADER })
  @UseInterceptors(VersionEtagInterceptor)
  detail(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<AppealDetailDto> {
    return this.appeals.detail(user, id);
  }

  /** Recompute the tamper-evident hash chain of the appeal's events */
  @Get(':id/events/verify')
  @ApiErrors(403)
  verifyChain(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ChainVerificationDto> {
    return this.appeals.verifyChain(user, id);
  }
}
