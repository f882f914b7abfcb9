import { Controller, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser } from '../../common/auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { ApiErrors, ApiFileUpload } from '../../common/http/openapi/api-docs.decorators';
import { AttachmentDto } from '../dto/appeal-read.dto';
import { AttachmentsService } from './attachments.service';
import { sendAttachment } from './send-attachment';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/appeals/:id/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * Attach a document or image (pdf, png, jpg, doc(x), xls(x), zip, txt; size limit UPLOAD_MAX_BYTES).
   * The enterprise, its officer and the handling departments attach while the appeal is open; a
   * closed, rejected or withdrawn appeal answers 409 ILLEGAL_TRANSITION.
   */
  @Post()
  @ApiErrors(409)
  @ApiFileUpload()
  async upload(@CurrentUser() user: AuthUser, @Param('id', ParseIntPipe) id: number, @Req() request: FastifyRequest): Promise<AttachmentDto> {
    if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the file as multipart/form-data');
    return this.attachments.upload(user, id, await request.file());
  }

  /** Download an attachment (only for those who may read the appeal) */
  @Get(':attachmentId')
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIntPipe) id: number,
    @Param('attachmentId', ParseIntPipe) attachmentId: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.attachments.open(user, id, attachmentId);
    await sendAttachment(reply, file);
  }
}
