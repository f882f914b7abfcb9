import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ImportQuery, ImportReportDto } from './dto/import.dto';
import { EnterpriseImportService } from './enterprise-import.service';
import { readUpload } from './read-upload';
import { ApiErrors, ApiFileUpload } from '../common/http/openapi/api-docs.decorators';

@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('api/enterprises')
export class EnterpriseImportController {
  constructor(
    private readonly imports: EnterpriseImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Import the enterprise list from a CSV or XLSX file (multipart field "file"), keyed by credit
   * code: a new code creates a firm, a known one updates it. Headings in Chinese (统一社会信用代码,
   * 企业名称, 行政区划代码, 行业, 规模, 标签, 园区, 联系人, 联系电话, 地址, 专员账号) or English. Every row is
   * validated first; the report lists each bad row with its spreadsheet row number and field.
   * Too large: 413; not CSV/XLSX: 415; empty: 400; all-or-nothing with bad rows: 422.
   */
  @Post('import')
  @ApiErrors(422)
  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @ApiFileUpload('.csv or .xlsx')
  async importFile(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Query() query: ImportQuery): Promise<ImportReportDto> {
    const file = await readUpload(request, this.config.IMPORT_MAX_BYTES);
    return this.imports.importFile(user, file, query);
  }
}
