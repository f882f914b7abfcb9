import { Body, Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { ApiErrors } from '../common/http/openapi/api-docs.decorators';
import { PostCommand } from '../common/http/openapi/command.decorators';
import { CoHandlerTasksService } from './co-handler-tasks.service';
import {
  AnswerTaskDto,
  CoHandlerTaskDto,
  DepartmentTaskPageDto,
  DepartmentTasksQueryDto,
  TaskActionDto,
  TaskReasonDto,
} from './dto/co-handler-task.dto';

/** A task action is refused when the task is not in a state for it, or its version is stale (409). */
const TASK_ACTION_ERRORS = [400, 403, 404, 409] as const;

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
  @PostCommand('co-handler-tasks/:id/sign', { operationId: 'coHandlerTasks.sign', errors: TASK_ACTION_ERRORS })
  @Roles('handler')
  @ApiOkResponse({ type: CoHandlerTaskDto })
  sign(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: TaskActionDto): Promise<CoHandlerTaskDto> {
    return this.tasks.act(user, id, { action: 'sign' }, dto.version);
  }

  /** The co-handling department delivers its part (反馈), with files its handlers uploaded to the appeal; the lead may resolve once no task is open or signed */
  @PostCommand('co-handler-tasks/:id/answer', { operationId: 'coHandlerTasks.answer', errors: TASK_ACTION_ERRORS })
  @Roles('handler')
  @ApiOkResponse({ type: CoHandlerTaskDto })
  answer(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: AnswerTaskDto): Promise<CoHandlerTaskDto> {
    return this.tasks.act(user, id, { action: 'answer', answer: dto.answer }, dto.version, dto.attachmentIds ?? []);
  }

  /** The co-handling department objects to its task (异议), once, within one working day of receiving it */
  @PostCommand('co-handler-tasks/:id/object', { operationId: 'coHandlerTasks.object', errors: TASK_ACTION_ERRORS })
  @Roles('handler')
  @ApiOkResponse({ type: CoHandlerTaskDto })
  object(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: TaskReasonDto): Promise<CoHandlerTaskDto> {
    return this.tasks.act(user, id, { action: 'object', reason: dto.reason }, dto.version);
  }

  /** A supervisor whose region covers the appeal waives a task (免除), with a reason, so the lead may resolve without it */
  @PostCommand('co-handler-tasks/:id/waive', { operationId: 'coHandlerTasks.waive', errors: TASK_ACTION_ERRORS })
  @Roles('supervisor')
  @ApiOkResponse({ type: CoHandlerTaskDto })
  waive(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Body() dto: TaskReasonDto): Promise<CoHandlerTaskDto> {
    return this.tasks.act(user, id, { action: 'waive', reason: dto.reason }, dto.version);
  }
}
