import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';
import { CoHandlerTasksService } from './co-handler-tasks.service';
import {
  AnswerTaskDto,
  CoHandlerTaskDto,
  DepartmentTaskPageDto,
  DepartmentTasksQueryDto,
  TaskActionDto,
  TaskReasonDto,
} from './dto/co-handler-task.dto';

@ApiTags('co-handler-tasks')
@ApiBearerAuth()
@Controller('api')
export class CoHandlerTasksController {
  constructor(private readonly tasks: CoHandlerTasksService) {}

  /**
   * The co-handler tasks (协办任务) of an appeal, oldest first: what each co-handling department is
   * asked for, its deadline and state, and what you may do with it. Staff who may read the appeal.
   */
  @Get('appeals/:id/co-handler-tasks')
  @Roles('officer', 'handler', 'supervisor', 'admin')
  @ApiOperation({ operationId: 'coHandlerTasks.list' })
  @ApiOkResponse({ type: [CoHandlerTaskDto] })
  @ApiErrors(404)
  list(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) appealId: number): Promise<CoHandlerTaskDto[]> {
    return this.tasks.listForAppeal(user, appealId);
  }

  /**
   * Your department's co-handler tasks (本单位协办任务), most urgent first: by default those it
   * still owes (open or signed), with their warning lights; filter by status, light or overdue.
   * Handlers only; tasks on appeals your department no longer co-handles are not listed.
   */
  @Get('co-handler-tasks')
  @Roles('handler')
  @ApiOperation({ operationId: 'coHandlerTasks.mine' })
  @ApiOkResponse({ type: DepartmentTaskPageDto })
  @ApiErrors(400)
  mine(@CurrentUser() user: AuthUser, @Query() query: DepartmentTasksQueryDto): Promise<DepartmentTaskPageDto> {
    return this.tasks.listForDepartment(user, query);
  }

  /** One co-handler task, for staff who may read its appeal (404 otherwise) */
  @Get('co-handler-tasks/:id')
  @Roles('officer', 'handler', 'supervisor', 'admin')
  @ApiOperation({ operationId: 'coHandlerTasks.get' })
  @ApiOkResponse({ type: CoHandlerTaskDto })
  @ApiErrors(404)
  get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<CoHandlerTaskDto> {
    return this.tasks.get(user, id);
  }

  /** The co-handling department signs for its task (签收) */
  @Post('co-handler-tasks/:id/sign')
  @HttpCode(200)
  @Roles('handler')
  @ApiOperation({ operationId: 'coHandlerTasks.sign' })
  @ApiOkResponse({ type: CoHandlerTaskDto })
  @ApiErrors(400, 403, 404, 409)
  sign(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: TaskActionDto): Promise<CoHandlerTaskDto> {
    return this.tasks.act(user, id, { action: 'sign' }, dto.version);
  }

  /** The co-handling department delivers its part (反馈), with files its handlers uploaded to the appeal; the lead may resolve once no task is open or signed */
  @Post('co-handler-tasks/:id/answer')
  @HttpCode(200)
  @Roles('handler')
  @ApiOperation({ operationId: 'coHandlerTasks.answer' })
  @ApiOkResponse({ type: CoHandlerTaskDto })
  @ApiErrors(400, 403, 404, 409)
  answer(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: AnswerTaskDto): Promise<CoHandlerTaskDto> {
    return this.tasks.act(user, id, { action: 'answer', answer: dto.answer }, dto.version, dto.attachmentIds ?? []);
  }

  /** The co-handling department objects to its task (异议), once, within one working day of receiving it */
  @Post('co-handler-tasks/:id/object')
  @HttpCode(200)
  @Roles('handler')
  @ApiOperation({ operationId: 'coHandlerTasks.object' })
  @ApiOkResponse({ type: CoHandlerTaskDto })
  @ApiErrors(400, 403, 404, 409)
  object(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: TaskReasonDto): Promise<CoHandlerTaskDto> {
    return this.tasks.act(user, id, { action: 'object', reason: dto.reason }, dto.version);
  }

  /** A supervisor whose region covers the appeal waives a task (免除), with a reason, so the lead may resolve without it */
  @Post('co-handler-tasks/:id/waive')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ operationId: 'coHandlerTasks.waive' })
  @ApiOkResponse({ type: CoHandlerTaskDto })
  @ApiErrors(400, 403, 404, 409)
  waive(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: TaskReasonDto): Promise<CoHandlerTaskDto> {
    return this.tasks.act(user, id, { action: 'waive', reason: dto.reason }, dto.version);
  }
}
