import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '../../common/errors/app-error';
import { ErrorCode } from '../../common/errors/error-code';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { IMPORT_MODES, type ImportReportDto } from '../../imports/dto/import.dto';
import { EnterpriseImportService } from '../../imports/enterprise-import.service';
import { ConsoleController, ConsoleRoles, MultipartForm, Session } from '../http/console-page.decorator';
import { ConsoleRenderer } from '../http/console-renderer';
import { isHtmx, type ConsoleRequest } from '../http/console-request';
import { ImportUpload } from '../http/import-upload';
import type { ConsoleSession } from '../session/console-session.service';
import { describeError } from '../shared/error-messages';
import { translateMessage } from '../shared/validation-messages';

/**
 * Enterprise list import (CSV / XLSX) with its per-row report on the page. The form posts with
 * htmx when available (a progress indicator while the file is checked and written), and as a
 * plain multipart form otherwise; either way the same EnterpriseImportService does the work.
 */
@ConsoleController()
@ConsoleRoles('admin', 'supervisor')
@Controller('admin/import')
export class ImportPagesController {
  constructor(
    private readonly imports: EnterpriseImportService,
    private readonly pages: ConsoleRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  form(@Res() reply: FastifyReply) {
    return this.pages.page(reply, 'admin/import', {
      title: '企业名录导入',
      modes: IMPORT_MODES,
      values: { mode: 'all-or-nothing' },
    });
  }

  @Post()
  @MultipartForm()
  async run(@Session() session: ConsoleSession, @Req() request: ConsoleRequest, @Res() reply: FastifyReply) {
    const upload = new ImportUpload();
    let report: ImportReportDto | null = null;
    let failure: {
      title: string;
      message: string;
      rows: Array<{ row?: number; field: string; message: string }>;
      summary?: Record<string, unknown>;
    } | null = null;
    try {
      const { options, file } = await upload.read(request, this.config.IMPORT_MAX_BYTES);
      const done = await this.imports.importFile(session.user, file, options);
      report = { ...done, errors: done.errors.map((e) => ({ ...e, message: inChinese(e.message) })) };
    } catch (error) {
      if (!(error instanceof AppError) || error.code === ErrorCode.Internal || error.code === ErrorCode.CsrfRejected) throw error;
      const described = describeError({ statusCode: 400, code: error.code, message: error.message });
      const rows = (error.details ?? []).map((d) => ({ ...d, message: inChinese(d.message) }));
      failure = { title: described.title, message: described.message, rows, summary: error.context };
    }
    await this.pages.page(
      reply,
      'admin/import',
      { title: '企业名录导入', modes: IMPORT_MODES, values: upload.values, report, failure },
      // htmx swaps only 2xx answers; a plain form post gets the honest status.
      failure && !isHtmx(request) ? 422 : 200,
    );
  }
}

/** A row problem in Chinese (the import's checks write English for the API). */
function inChinese(message: string): string {
  return translateMessage(message) ?? message;
}
