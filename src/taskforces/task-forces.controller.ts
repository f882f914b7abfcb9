import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors, ApiPagedResponse } from '../common/http/openapi/api-docs.decorators';
import { Page } from '../common/pagination/page-query.dto';
import { CreateTaskForceDto, ListTaskForcesQuery, TaskForceDto, UpdateTaskForceDto } from './dto/task-force.dto';
import { TaskForcesService } from './task-forces.service';

@ApiTags('task-forces')
@ApiBearerAuth()
@Controller('api/task-forces')
export class TaskForcesController {
  constructor(private readonly forces: TaskForcesService) {}

  /** Task forces (专班) owned by a region in your reach or on the chain above it, with their members */
  @Get()
  @Roles('admin', 'supervisor', 'officer')
  @ApiOperation({ operationId: 'taskForces.list' })
  @ApiPagedResponse(TaskForceDto)
  list(@CurrentUser() user: AuthUser, @Query() query: ListTaskForcesQuery): Promise<Page<TaskForceDto>> {
    return this.forces.list(user, query);
  }

  /** One task force and its members */
  @Get(':id')
  @Roles('admin', 'supervisor', 'officer')
  @ApiOperation({ operationId: 'taskForces.get' })
  @ApiOkResponse({ type: TaskForceDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<TaskForceDto> {
    return this.forces.get(user, id);
  }

  /** Create a task force of the province or a city with its member departments */
  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'taskForces.create' })
  @ApiCreatedResponse({ type: TaskForceDto })
  @ApiErrors(403, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateTaskForceDto): Promise<TaskForceDto> {
    return this.forces.create(user, dto);
  }

  /** Rename it, replace its members or retire it; send the version you read */
  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'taskForces.update' })
  @ApiOkResponse({ type: TaskForceDto })
  @ApiErrors(403, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTaskForceDto): Promise<TaskForceDto> {
    return this.forces.update(user, id, dto);
  }
}
