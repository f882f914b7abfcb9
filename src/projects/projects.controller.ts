import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ListProjectsQuery } from './dto/list-projects.query';
import { CreateProjectDto, ProjectDto, ProjectPageDto, UpdateProjectDto } from './dto/project.dto';
import { ChangeStageDto, PipelineStageDto, ProjectHistoryDto, UpdatePipelineDto } from './dto/stage.dto';
import { ProjectStagesService } from './project-stages.service';
import { ProjectsService } from './projects.service';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';

const READERS = ['admin', 'supervisor', 'officer', 'handler', 'enterprise'] as const;
const WORKERS = ['admin', 'supervisor', 'officer', 'handler'] as const;

@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/project-stages')
export class ProjectStagesController {
  constructor(private readonly stages: ProjectStagesService) {}

  /** The project pipeline (五未) in order, with the number of projects at each stage (province-wide) */
  @Get()
  @Roles(...READERS)
  list(): Promise<PipelineStageDto[]> {
    return this.stages.pipeline();
  }

  /** Replace the pipeline: the full ordered list; a stage with projects on it cannot be left out */
  @Put()
  @ApiErrors(409)
  @Roles('admin')
  @ApiOkResponse({ type: [PipelineStageDto] })
  replace(@Body() dto: UpdatePipelineDto): Promise<PipelineStageDto[]> {
    return this.stages.replacePipeline(dto);
  }
}

@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly stages: ProjectStagesService,
  ) {}

  /** List a key project (重点项目) in your reach, with its firms, investment, stage and planned dates */
  @Post()
  @ApiErrors(404, 409)
  @Roles('admin', 'supervisor')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateProjectDto): Promise<ProjectDto> {
    return this.projects.create(user, dto);
  }

  /** Projects you may see, largest investment first, filtered by level, stage, region, industry, overdue milestones, stalled */
  @Get()
  @Roles(...READERS)
  list(@CurrentUser() user: AuthUser, @Query() query: ListProjectsQuery): Promise<ProjectPageDto> {
    return this.projects.list(user, query);
  }

  /** One project in your reach with its firms, stage and responsibility list */
  @Get(':id')
  @Roles(...READERS)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ProjectDto> {
    return this.projects.get(user, id);
  }

  /** Change the project and its responsibility list (leader, lead department, liaison officer, planned dates), with the version read */
  @Patch(':id')
  @ApiErrors(409)
  @Roles('admin', 'supervisor')
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateProjectDto): Promise<ProjectDto> {
    return this.projects.update(user, id, dto);
  }

  /**
   * Move the project to another stage with evidence (date, note, optional attachment reference).
   * Skipping a stage or moving back needs a reason (409 ILLEGAL_TRANSITION otherwise).
   */
  @Post(':id/stage')
  @ApiErrors(409)
  @HttpCode(200)
  @Roles(...WORKERS)
  changeStage(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: ChangeStageDto): Promise<ProjectDto> {
    return this.stages.changeStage(user, id, dto);
  }

  /** The project's hash-chained history, with the chain verified */
  @Get(':id/events')
  @Roles(...READERS)
  history(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<ProjectHistoryDto> {
    return this.stages.history(user, id);
  }
}
