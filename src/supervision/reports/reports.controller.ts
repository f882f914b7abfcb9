import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { CreateReportDto, ListReportsQuery, ReportPageDto, ReportSnapshotDto, ReportVerificationDto } from './dto/report.dto';
import { ReportsService } from './reports.service';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/supervision/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /**
   * Computes an ended period's report (metrics, groups, rankings) and stores it as a draft
   * snapshot with the settings and SLA policy versions used. Recomputing a draft replaces it; a
   * published report answers 409 with its id. A region outside your reach answers 404.
   */
  @Post()
  @ApiErrors(404, 409, 422)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateReportDto): Promise<ReportSnapshotDto> {
    return this.reports.create(user, dto);
  }

  /** Frozen reports in your reach, newest period first (without their figures) */
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListReportsQuery): Promise<ReportPageDto> {
    return this.reports.list(user, query);
  }

  /** One frozen report with its figures */
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ReportSnapshotDto> {
    return this.reports.get(user, id);
  }

  /** Publishes a draft; from then on it never changes */
  @Post(':id/publish')
  @ApiErrors(409)
  @HttpCode(200)
  publish(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ReportSnapshotDto> {
    return this.reports.publish(user, id);
  }

  /** Recomputes the report with the settings it was frozen under and compares figure by figure */
  @Get(':id/verify')
  verify(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ReportVerificationDto> {
    return this.reports.verify(user, id);
  }
}
