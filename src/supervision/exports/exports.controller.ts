import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { LedgerQueryDto, RankingsExportQueryDto } from './dto/export-query.dto';
import { LedgerExportService } from './ledger-export.service';
import { RankingsExportService } from './rankings-export.service';
import { XLSX_CONTENT_TYPE, xlsxDownload } from './xlsx-stream';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/supervision/exports')
export class ExportsController {
  constructor(
    private readonly ledger: LedgerExportService,
    private readonly rankings: RankingsExportService,
  ) {}

  /** 问题台账: one row per appeal in your reach matching the appeal list's filters, streamed as XLSX */
  @Get('ledger.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  async ledgerXlsx(@CurrentUser() user: AuthUser, @Query() query: LedgerQueryDto): Promise<StreamableFile> {
    const stream = await this.ledger.export(user, query);
    return xlsxDownload(stream, 'ledger.xlsx', '问题台账.xlsx');
  }

  /** The region and department rankings of a period with 红榜 / 黑榜, as XLSX */
  @Get('rankings.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  async rankingsXlsx(@CurrentUser() user: AuthUser, @Query() query: RankingsExportQueryDto): Promise<StreamableFile> {
    const { stream, label } = await this.rankings.export(user, query);
    return xlsxDownload(stream, 'rankings.xlsx', `${label}排名.xlsx`);
  }
}
