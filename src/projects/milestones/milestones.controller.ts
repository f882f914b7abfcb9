import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { CompleteMilestoneDto, CreateMilestoneDto, MilestoneDto, MilestoneSweepReportDto, UpdateMilestoneDto } from '../dto/milestone.dto';
import { MilestoneSweepService } from './milestone-sweep.service';
import { MilestonesService } from './milestones.service';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/projects/:projectId/milestones')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  /** The responsibility list's milestones, soonest deadline first, with their lights and ladder level */
  @Get()
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiOkResponse({ type: [MilestoneDto] })
  list(@CurrentUser() user: AuthUser, @Param('projectId', ParseIntPipe) projectId: number): Promise<MilestoneDto[]> {
    return this.milestones.list(user, projectId);
  }

  /** Add a milestone (what, by when, who); the deadline is counted on the working-day calendar, provisional past its end */
  @Post()
  @Roles('admin', 'supervisor')
  create(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Body() dto: CreateMilestoneDto,
  ): Promise<MilestoneDto> {
    return this.milestones.create(user, projectId, dto);
  }

  /**
   * Change a milestone (what, who, by when) with the version read. A new deadline is counted on the
   * working-day calendar from the milestone's start, needs a reason and is recorded as an event;
   * ladder steps already taken stay taken. A done milestone no longer changes (409).
   */
  @Patch(':id')
  @ApiErrors(409)
  @Roles('admin', 'supervisor')
  update(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateMilestoneDto,
  ): Promise<MilestoneDto> {
    return this.milestones.update(user, projectId, id, dto);
  }

  /** Tick a milestone off as done, with the version read */
  @Post(':id/done')
  @ApiErrors(409)
  @HttpCode(200)
  @Roles('admin', 'supervisor', 'officer', 'handler')
  complete(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CompleteMilestoneDto,
  ): Promise<MilestoneDto> {
    return this.milestones.complete(user, projectId, id, dto);
  }
}

@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/project-milestones/sweep')
@Roles('admin')
export class MilestoneSweepController {
  constructor(private readonly sweep: MilestoneSweepService) {}

  /** Run the milestone timer job now (it runs with the SLA sweep's interval); skipped when another instance holds its lease */
  @Post('run')
  @HttpCode(200)
  run(): Promise<MilestoneSweepReportDto> {
    return this.sweep.runOnce();
  }
}
