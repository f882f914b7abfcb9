import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { CreateProgressReportDto, LinkAppealDto, ProgressReportDto, ProjectAppealDto } from '../dto/report.dto';
import { ReportsService } from './reports.service';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/projects/:projectId')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Progress reports, newest period first */
  @Get('reports')
  @ApiOperation({ operationId: 'projectReports.list' })
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiOkResponse({ type: [ProgressReportDto] })
  list(@CurrentUser() user: AuthUser, @Param('projectId', ParseIntPipe) projectId: number): Promise<ProgressReportDto[]> {
    return this.reports.list(user, projectId);
  }

  /**
   * Report progress for the current period of the project's cadence (one report per period, 409
   * for a second); a blocking problem may be raised at once as an appeal linked to the project.
   */
  @Post('reports')
  @ApiOperation({ operationId: 'projectReports.create' })
  @ApiErrors(409)
  @Roles('admin', 'supervisor', 'officer', 'handler')
  create(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Body() dto: CreateProgressReportDto,
  ): Promise<ProgressReportDto> {
    return this.reports.create(user, projectId, dto);
  }

  /** The appeals linked to the project (its blocking problems) */
  @Get('appeals')
  @ApiOperation({ operationId: 'projectReports.listAppeals' })
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiOkResponse({ type: [ProjectAppealDto] })
  appeals(@CurrentUser() user: AuthUser, @Param('projectId', ParseIntPipe) projectId: number): Promise<ProjectAppealDto[]> {
    return this.reports.appeals(user, projectId);
  }

  /** Link an appeal of one of the project's firms to the project */
  @Post('appeals')
  @ApiOperation({ operationId: 'projectReports.linkAppeal' })
  @ApiErrors(409)
  @Roles('admin', 'supervisor', 'officer', 'handler')
  @ApiOkResponse({ type: [ProjectAppealDto] })
  link(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Body() dto: LinkAppealDto,
  ): Promise<ProjectAppealDto[]> {
    return this.reports.link(user, projectId, dto);
  }
}
