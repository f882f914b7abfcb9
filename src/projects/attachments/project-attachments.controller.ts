import { Controller, Get, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { ProjectAttachmentDto } from '../dto/project-attachment.dto';
import { ProjectAttachmentsService } from './project-attachments.service';
import { sendAttachment } from '../../appeals/attachments/send-attachment';
import { ApiFileUpload } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/projects/:projectId/attachments')
export class ProjectAttachmentsController {
  constructor(private readonly attachments: ProjectAttachmentsService) {}

  /** The project's evidence files, oldest first, with the stage change each one supports */
  @Get()
  @ApiOperation({ operationId: 'projectAttachments.list' })
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiOkResponse({ type: [ProjectAttachmentDto] })
  list(@CurrentUser() user: AuthUser, @Param('projectId', ParseIntPipe) projectId: number): Promise<ProjectAttachmentDto[]> {
    return this.attachments.list(user, projectId);
  }

  /**
   * Upload an evidence file (pdf, png, jpg, doc(x), xls(x), zip, txt; size limit UPLOAD_MAX_BYTES) — the
   * appeals' limits and checks. Cite it in a stage change with attachmentIds.
   */
  @Post()
  @ApiOperation({ operationId: 'projectAttachments.upload' })
  @Roles('admin', 'supervisor', 'officer', 'handler')
  @ApiFileUpload()
  async upload(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Req() request: FastifyRequest,
  ): Promise<ProjectAttachmentDto> {
    if (!request.isMultipart()) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the file as multipart/form-data');
    return this.attachments.upload(user, projectId, await request.file());
  }

  /** Download an evidence file (only for those who may see the project) */
  @Get(':attachmentId')
  @ApiOperation({ operationId: 'projectAttachments.download' })
  @Roles('admin', 'supervisor', 'officer', 'handler', 'enterprise')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, with its stored content type', schema: { type: 'string', format: 'binary' } })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('projectId', ParseIntPipe) projectId: number,
    @Param('attachmentId', ParseIntPipe) attachmentId: number,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.attachments.open(user, projectId, attachmentId);
    await sendAttachment(reply, file);
  }
}
