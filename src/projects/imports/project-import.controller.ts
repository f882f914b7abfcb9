import { Controller, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ImportQuery } from '../../imports/dto/import.dto';
import { readUpload } from '../../imports/read-upload';
import { ProjectImportReportDto } from '../dto/project-import.dto';
import { ProjectImportService } from './project-import.service';
import { ApiErrors, ApiFileUpload } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('api/projects')
export class ProjectImportController {
  constructor(
    private readonly imports: ProjectImportService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Import a project list (XLSX or CSV, multipart field "file"): 项目名称, 统一社会信用代码 (the
   * firms, separated by 、), 行政区划代码, 所属产业, 总投资（万元） or 总投资（亿元）, 当前阶段,
   * 进入阶段日期, 责任领导, 专员账号. Every row is checked first; the report lists each bad row
   * with its spreadsheet row number and field. all-or-nothing with bad rows: 422; valid-only
   * imports the good rows.
   */
  @Post('import')
  @ApiErrors(422)
  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @ApiFileUpload('.xlsx or .csv')
  async importFile(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Query() query: ImportQuery,
  ): Promise<ProjectImportReportDto> {
    const file = await readUpload(request, this.config.IMPORT_MAX_BYTES);
    return this.imports.importFile(user, file, query);
  }
}
