import { Body, Controller, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CoHandlerTasksService } from '../../cohandling/co-handler-tasks.service';
import type { TaskCommand } from '../../cohandling/domain';
import { AnswerTaskDto, TaskActionDto, TaskReasonDto } from '../../cohandling/dto/co-handler-task.dto';
import { AppError } from '../../common/errors/app-error';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { integer, integers, text, validateAs, type FormBody } from '../http/form-fields';
import type { ConsoleSession } from '../session/console-session.service';
import { submitForm } from '../projects/console-form-errors';

const DONE: Record<TaskCommand['action'], string> = {
  sign: '协办任务已签收',
  answer: '协办意见已反馈牵头单位',
  object: '异议已提交，待督办人员处理',
  waive: '协办任务已免除',
};
const WHAT: Record<TaskCommand['action'], string> = { sign: '签收协办任务', answer: '反馈协办意见', object: '提出异议', waive: '免除协办任务' };

/** The co-handler task forms on the appeal page: each goes through the task service and back to the appeal. */
@ConsoleController()
@Controller()
export class CoHandlerTaskPagesController {
  constructor(
    private readonly tasks: CoHandlerTasksService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Post('co-handler-tasks/:taskId/:action')
  @ConsoleRoles('handler', 'supervisor')
  async act(
    @Session() session: ConsoleSession,
    @Res() reply: FastifyReply,
    @Param('taskId', ParseIntPipe) taskId: number,
    @Param('action') action: string,
    @Body() body: FormBody,
  ) {
    const appealId = Number(integer(body, 'appealId'));
    const back = Number.isSafeInteger(appealId) && appealId > 0 ? `/appeals/${appealId}` : '/work';
    if (!(action in DONE)) throw AppError.notFound('Co-handler task action', action);
    const name = action as TaskCommand['action'];
    // Back to the appeal page the form was on (the work list when the form lost it).
    await submitForm(this.pages, reply, back, DONE[name], `${WHAT[name]}未完成`, async () => {
      const { command, version, attachmentIds } = await validatedCommand(name, body);
      await this.tasks.act(session.user, taskId, command, version, attachmentIds);
    });
  }
}

/** The form's command and the task version it was shown, validated by the API's own DTOs (each carries the version). */
async function validatedCommand(
  action: TaskCommand['action'],
  body: FormBody,
): Promise<{ command: TaskCommand; version: number; attachmentIds?: number[] }> {
  const version = integer(body, 'version');
  switch (action) {
    case 'sign':
      return { command: { action }, version: (await validateAs(TaskActionDto, { version })).version };
    case 'answer': {
      const dto = await validateAs(AnswerTaskDto, { version, answer: text(body, 'answer'), attachmentIds: integers(body, 'attachmentIds') });
      return { command: { action, answer: dto.answer }, version: dto.version, attachmentIds: dto.attachmentIds };
    }
    case 'object':
    case 'waive': {
      const dto = await validateAs(TaskReasonDto, { version, reason: text(body, 'reason') });
      return { command: { action, reason: dto.reason }, version: dto.version };
    }
  }
}
