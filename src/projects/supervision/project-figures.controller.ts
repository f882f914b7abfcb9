import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ProjectFiguresDto, ProjectFiguresQuery, ProjectRankingDto } from './project-figures.dto';
import { ProjectFiguresService } from './project-figures.service';

@ApiTags('projects')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/supervision/projects')
export class ProjectFiguresController {
  constructor(private readonly figures: ProjectFiguresService) {}

  /**
   * Per child region and period: projects by stage, advanced a stage, reached production and full
   * capacity, investment completed vs planned, overdue milestones
   */
  @Get('figures')
  figuresFor(@CurrentUser() user: AuthUser, @Query() query: ProjectFiguresQuery): Promise<ProjectFiguresDto> {
    return this.figures.figuresFor(user, query);
  }

  /** The child regions ranked on project progress for the period (alongside the appeal rankings) */
  @Get('rankings')
  ranking(@CurrentUser() user: AuthUser, @Query() query: ProjectFiguresQuery): Promise<ProjectRankingDto> {
    return this.figures.ranking(user, query);
  }
}
