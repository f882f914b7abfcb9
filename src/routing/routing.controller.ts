import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Page } from '../common/pagination/page-query.dto';
import { CreateRoutingRuleDto, ListRoutingRulesQuery, RoutingRuleDto, UpdateRoutingRuleDto } from './dto/routing-rule.dto';
import { RoutingService } from './routing.service';
import { ApiErrors, ApiPagedResponse } from '../common/http/openapi/api-docs.decorators';

@ApiTags('routing')
@ApiBearerAuth()
@Controller('api/routing-rules')
export class RoutingController {
  constructor(private readonly routing: RoutingService) {}

  /** Routing rules (category, region, optional level) → responsible department */
  @Get()
  @Roles('admin', 'supervisor', 'officer')
  @ApiPagedResponse(RoutingRuleDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListRoutingRulesQuery): Promise<Page<RoutingRuleDto>> {
    return this.routing.list(user, query);
  }

  /** Create a routing rule for a category and region */
  @Post()
  @ApiErrors(409)
  @Roles('admin')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateRoutingRuleDto): Promise<RoutingRuleDto> {
    return this.routing.create(user, dto);
  }

  /** Point a rule at another department or retire it; send the version you read */
  @Patch(':id')
  @ApiErrors(409)
  @Roles('admin')
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateRoutingRuleDto): Promise<RoutingRuleDto> {
    return this.routing.update(user, id, dto);
  }
}
