import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { XLSX_CONTENT_TYPE, xlsxDownload } from '../../supervision/exports/xlsx-stream';
import { ReachDto, ReachQueryDto } from '../dto/reach.dto';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';
import { ReachExportService } from './reach-export.service';
import { ReachService } from './reach.service';

@ApiTags('policies')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/policy-reach')
export class ReachController {
  constructor(
    private readonly reach: ReachService,
    private readonly exports: ReachExportService,
  ) {}

  /**
   * Each published (or withdrawn) policy's reach among the firms of a region: eligible, informed,
   * applied, benefited, 应知尽知 and 应享尽享 with numerator and denominator, mean days to inform;
   * per city below a province, per county below a city
   */
  @Get()
  @ApiOkResponse({ type: ReachDto })
  @ApiErrors(400, 403, 404)
  figures(@CurrentUser() user: AuthUser, @Query() query: ReachQueryDto): Promise<ReachDto> {
    return this.reach.figures(user, query);
  }

  /** The same figures as XLSX (政策触达), a total row per policy followed by its regions */
  @Get('export.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The workbook', content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(400, 403, 404)
  async export(@CurrentUser() user: AuthUser, @Query() query: ReachQueryDto): Promise<StreamableFile> {
    const { stream, regionName } = await this.exports.export(user, query);
    return xlsxDownload(stream, 'policy-reach.xlsx', `${regionName}政策触达.xlsx`);
  }
}
