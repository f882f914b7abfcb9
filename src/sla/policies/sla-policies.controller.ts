import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { CreateSlaPolicyDto, ListSlaPoliciesQuery, SlaPolicyDto } from './dto/sla-policy.dto';
import { SlaPoliciesService } from './sla-policies.service';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('sla-policies')
@ApiBearerAuth()
@Controller('api/sla-policies')
export class SlaPoliciesController {
  constructor(private readonly policies: SlaPoliciesService) {}

  /** The policies in force and their history (superseded versions) */
  @Get()
  @Roles('admin', 'supervisor')
  list(@Query() query: ListSlaPoliciesQuery): Promise<SlaPolicyDto[]> {
    return this.policies.list(query);
  }

  /**
   * A new scope, or the next version of an existing one: supersedes the current version in one
   * transaction. Appeals already running keep the version they started under.
   */
  @Post()
  @ApiErrors(409)
  @Roles('admin')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSlaPolicyDto): Promise<SlaPolicyDto> {
    return this.policies.create(user, dto);
  }
}
