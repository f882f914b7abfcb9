import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { XLSX_CONTENT_TYPE, xlsxDownload } from '../../supervision/exports/xlsx-stream';
import { PoolQueryDto } from '../pool/dto/problem-pool.dto';
import { ListProblemsQueryDto } from './dto/common-problem.dto';
import { ProblemExportsService } from './problem-exports.service';

/** The pool and the named common problems as XLSX, in the ledger's style; your region and below only. */
@ApiTags('common-problems')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/common-problems/exports')
export class ProblemExportsController {
  constructor(private readonly exports: ProblemExportsService) {}

  /** 共性问题池: the period's clusters with their size and the firms, counties and departments they span */
  @Get('pool.xlsx')
  @ApiOperation({ operationId: 'commonProblemExports.pool' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  async pool(@CurrentUser() user: AuthUser, @Query() query: PoolQueryDto): Promise<StreamableFile> {
    const { stream, label } = await this.exports.poolXlsx(user, query);
    return xlsxDownload(stream, 'common-problem-pool.xlsx', `${label}共性问题池.xlsx`);
  }

  /** 共性问题: the named problems with the list's filters (lead department, state, answer) and their linked appeals */
  @Get('problems.xlsx')
  @ApiOperation({ operationId: 'commonProblemExports.problems' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  async problems(@CurrentUser() user: AuthUser, @Query() query: ListProblemsQueryDto): Promise<StreamableFile> {
    const stream = await this.exports.problemsXlsx(user, query);
    return xlsxDownload(stream, 'common-problems.xlsx', '共性问题.xlsx');
  }
}
