import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { XLSX_CONTENT_TYPE, xlsxDownload } from '../../supervision/exports/xlsx-stream';
import { ProjectExportQuery } from '../dto/project-export.query';
import { ProjectExportsService } from './project-exports.service';

const XLSX_RESPONSE = {
  description: 'The workbook',
  content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
} as const;

@ApiTags('projects')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'officer', 'handler')
@Controller('api/projects/exports')
export class ProjectExportsController {
  constructor(private readonly exports: ProjectExportsService) {}

  /** 项目清单: the projects you may see matching the list's filters, as XLSX */
  @Get('project-list.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse(XLSX_RESPONSE)
  async projectList(@CurrentUser() user: AuthUser, @Query() query: ProjectExportQuery): Promise<StreamableFile> {
    const stream = await this.exports.projectList(user, query);
    return xlsxDownload(stream, 'project-list.xlsx', '项目清单.xlsx');
  }

  /** 责任清单: leader, lead department, liaison officer and every milestone of those projects, as XLSX */
  @Get('responsibility-list.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse(XLSX_RESPONSE)
  async responsibilityList(@CurrentUser() user: AuthUser, @Query() query: ProjectExportQuery): Promise<StreamableFile> {
    const stream = await this.exports.responsibilityList(user, query);
    return xlsxDownload(stream, 'responsibility-list.xlsx', '责任清单.xlsx');
  }
}
