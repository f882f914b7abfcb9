import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CoHandlerTasksService } from '../../cohandling/co-handler-tasks.service';
import { DepartmentTasksQueryDto, TASK_LIGHTS, TASK_LIST_STATUSES } from '../../cohandling/dto/co-handler-task.dto';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { echo, queryAs, type QueryString } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';

const KEYS = ['status', 'light', 'overdue', 'page', 'pageSize'] as const;

/** 本单位协办任务: a handler's view of what their department owes as a co-handler, with the lights, through the task API. */
@ConsoleController()
@Controller()
export class CoHandlerTaskListPagesController {
  constructor(
    private readonly tasks: CoHandlerTasksService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get('co-handler-tasks')
  @ConsoleRoles('handler')
  async list(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Query() raw: QueryString) {
    const query = await queryAs(DepartmentTasksQueryDto, raw, KEYS);
    const page = await this.tasks.listForDepartment(session.user, query);
    await this.pages.page(reply, 'appeals/co-tasks', {
      title: '本单位协办任务',
      page,
      filters: echo(raw, KEYS),
      statuses: TASK_LIST_STATUSES,
      lights: TASK_LIGHTS,
    });
  }
}
