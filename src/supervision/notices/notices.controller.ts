import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';
import { attachmentDisposition } from '../exports/xlsx-stream';
import { NoticeDto } from './dto/notice.dto';
import { DOCX_CONTENT_TYPE } from './notice-docx';
import { NoticesService, type NoticeDocument } from './notices.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/supervision/reports/:id/notice')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /**
   * The assessment notice (考核通报) of a published report: its number, state and document hash.
   * The first call allocates the notice's number (文号). A draft report answers 400.
   */
  @Get()
  @ApiOperation({ operationId: 'reportNotice.get' })
  @ApiErrors(400)
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<NoticeDto> {
    return noticeDto(await this.notices.document(user, id));
  }

  /**
   * The notice as a Word document: generated from the report (the same report gives the same
   * bytes) until it is published, then the stored document, its hash checked. A draft report answers 400.
   */
  @Get('document')
  @ApiOperation({ operationId: 'reportNotice.document' })
  @ApiProduces(DOCX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The notice (.docx)', content: { [DOCX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400)
  async document(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Res() reply: FastifyReply): Promise<void> {
    await sendNotice(reply, await this.notices.document(user, id));
  }

  /**
   * Publishes the notice (once; 409 after): stores the document with its hash, who and when, and
   * announces it in the inboxes of the supervisors of the report's region and the regions
   * directly below. Only a supervisor of the report's own region, or an admin (403 otherwise).
   */
  @Post('publish')
  @HttpCode(200)
  @ApiOperation({ operationId: 'reportNotice.publish' })
  @ApiErrors(400, 409)
  async publish(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number): Promise<NoticeDto> {
    return noticeDto(await this.notices.publish(user, id));
  }
}

export function noticeDto(d: NoticeDocument): NoticeDto {
  return {
    reportId: d.reportId,
    number: d.number,
    title: d.title,
    filename: d.filename,
    status: d.publishedAt ? 'published' : 'unpublished',
    documentSha256: d.sha256,
    size: d.bytes.length,
    publishedAt: d.publishedAt,
    publishedBy: d.publishedBy,
    publishedByName: d.publishedByName,
  };
}

/** The document with its type, length, hash and a Chinese filename (RFC 5987 filename* beside an ASCII one). */
export async function sendNotice(reply: FastifyReply, d: NoticeDocument): Promise<void> {
  await reply
    .header('Content-Type', DOCX_CONTENT_TYPE)
    .header('Content-Disposition', attachmentDisposition(d.asciiFilename, d.filename))
    .header('Content-Length', String(d.bytes.length))
    .header('ETag', `"${d.sha256}"`)
    .header('Cache-Control', 'private, no-cache')
    .send(d.bytes);
}
