import { Controller, Get, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { sendNotice } from '../../supervision/notices/notices.controller';
import { NoticesService } from '../../supervision/notices/notices.service';
import { ConsoleController, ConsoleRoles, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import type { ConsoleSession } from '../session/console-session.service';
import { isFixableRefusal, refusalFlash } from '../shared/refusal-flash';

/**
 * The assessment notice (考核通报) of a published report in the console: what it says, 下载通报
 * (the .docx, the same as GET /api/supervision/reports/{id}/notice/document) and 发布通报 for a
 * supervisor of the report's region — all through NoticesService.
 */
@ConsoleController()
@ConsoleRoles('supervisor', 'admin')
@Controller('reports')
export class NoticePagesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly pages: ConsoleRenderer,
  ) {}

  @Get(':id/notice')
  async view(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    let result: Awaited<ReturnType<NoticesService['overview']>>;
    try {
      result = await this.notices.overview(session.user, id);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.BadRequest) {
        await this.pages.redirect(reply, `/reports/${id}`, { kind: 'error', text: '报表发布（冻结）后才能生成考核通报' });
        return;
      }
      throw error;
    }
    const user = session.user;
    await this.pages.page(reply, 'supervision/notice', {
      title: `考核通报 ${result.document.number}`,
      reportId: id,
      document: result.document,
      content: result.content,
      mayPublish: !result.document.publishedAt && (user.role === 'admin' || (user.role === 'supervisor' && user.regionCode === result.regionCode)),
    });
  }

  @Get(':id/notice/document')
  async download(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    await sendNotice(reply, await this.notices.document(session.user, id));
  }

  @Post(':id/notice/publish')
  async publish(@Session() session: ConsoleSession, @Res() reply: FastifyReply, @Param('id', ParseIntPipe) id: number) {
    try {
      const published = await this.notices.publish(session.user, id);
      await this.pages.redirect(reply, `/reports/${id}/notice`, { kind: 'success', text: `通报已发布（${published.number}），已通知本级和下一级督导人员` });
    } catch (error) {
      if (!isFixableRefusal(error)) throw error;
      await this.pages.redirect(reply, `/reports/${id}/notice`, refusalFlash(error, '发布通报未完成'));
    }
  }
}
