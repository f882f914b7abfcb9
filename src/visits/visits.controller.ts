import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Page } from '../common/pagination/page-query.dto';
import { CreateVisitDto, ListVisitsQuery, VisitDto } from './dto/visit.dto';
import { VisitsService } from './visits.service';
import { ApiErrors, ApiPagedResponse } from '../common/http/openapi/api-docs.decorators';

@ApiTags('visits')
@ApiBearerAuth()
@Controller('api/visits')
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  /**
   * Log a visit (走访) made without a plan to one of your firms: done at once, counted for coverage
   * once the firm confirms it; a visit with no problems found counts like any other
   */
  @Post()
  @ApiErrors(400, 403, 404, 409)
  @Roles('officer')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateVisitDto): Promise<VisitDto> {
    return this.visits.create(user, dto);
  }

  /**
   * Visits in your reach (a firm's staff: visits to their firm; a planner: their plans and the
   * joint visits they were merged into), latest date first, by firm, officer, region, period and state
   */
  @Get()
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiPagedResponse(VisitDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListVisitsQuery): Promise<Page<VisitDto>> {
    return this.visits.list(user, query);
  }

  /** One visit in your reach, with its clashes and what you may do with it */
  @Get(':id')
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<VisitDto> {
    return this.visits.get(user, id);
  }
}
