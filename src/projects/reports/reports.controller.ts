import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import {
  CorrectProgressReportDto,
  CreateProgressReportDto,
  LinkAppealDto,
  ProgressReportDto,
  ProgressReportRevisionDto,
  ProjectAppealDto,
} from '../dto/report.dto';
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

  /**
   * Correct a submitted report (its author, or a supervisor or admin), with the version read and a
   * reason; the replaced text is kept (…/revisions) and the correction is an event on the project's chain
   */
  @Patch('reports/:id')
  @ApiOperation({ operationId: 'projectReports.correct' })
  @ApiErrors(409)
  @Roles('admin', 'supervisor', 'officer', 'handler')
  correct(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CorrectProgressReportDto,
  ): Promise<ProgressReportDto> {
    return this.reports.correct(user, projectId, id, dto);
  }

  /** A report's history: the texts its corrections replaced, oldest first, with who corrected them and why */
  @Get('reports/:id/revisions')
  @ApiOperation({ operationId: 'projectReports.revisions' })
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiOkResponse({ type: [ProgressReportRevisionDto] })
  revisions(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ProgressReportRevisionDto[]> {
    return this.reports.revisions(user, projectId, id);
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
