import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { CreatePolicyDto, ListPoliciesQuery, PolicyDto, PolicyPageDto, PolicyVersionDto, PreviewDto, PreviewRequestDto, PublishResultDto, UpdatePolicyDto } from './dto/policy.dto';
import { PoliciesService } from './policies.service';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';
import { PostCommand } from '../common/http/openapi/command.decorators';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('api/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  /** The policy library as you may read it: staff the policies of their reach and the regions above, a firm the policies matched to it */
  @Get()
  @ApiOkResponse({ type: PolicyPageDto })
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListPoliciesQuery): Promise<PolicyPageDto> {
    return this.policies.list(user, query);
  }

  /** A new draft policy with its eligibility rules (admins; supervisors for their reach) */
  @Post()
  @Roles('admin', 'supervisor')
  @ApiCreatedResponse({ type: PolicyDto })
  @ApiErrors(400, 403)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreatePolicyDto): Promise<PolicyDto> {
    return this.policies.create(user, dto);
  }

  /** How many and which active firms the rules admit now, by city, before publishing */
  @PostCommand('preview', { errors: [400, 403] })
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: PreviewDto })
  preview(@CurrentUser() user: AuthUser, @Body() dto: PreviewRequestDto): Promise<PreviewDto> {
    return this.policies.preview(user, dto);
  }

  /** One policy with its rules and reach */
  @Get(':id')
  @ApiOkResponse({ type: PolicyDto })
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<PolicyDto> {
    return this.policies.get(user, id);
  }

  /** Edit a draft (a published policy is fixed) */
  @Patch(':id')
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: PolicyDto })
  @ApiErrors(400, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdatePolicyDto): Promise<PolicyDto> {
    return this.policies.update(user, id, dto);
  }

  /** Publish a draft: every firm the rules admit gets a delivery record (待告知) and an inbox entry, its officer a digest */
  @PostCommand(':id/publish', { errors: [400, 403, 404, 409] })
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: PublishResultDto })
  publish(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: PolicyVersionDto): Promise<PublishResultDto> {
    return this.policies.publish(user, id, dto.version);
  }

  /** Withdraw a published policy: its records are kept, closed to changes; no new firm is matched */
  @PostCommand(':id/withdraw', { errors: [400, 403, 404, 409] })
  @Roles('admin', 'supervisor')
  @ApiOkResponse({ type: PolicyDto })
  withdraw(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: PolicyVersionDto): Promise<PolicyDto> {
    return this.policies.withdraw(user, id, dto.version);
  }
}
