import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/page-query.dto';
import { CoverageDto, CoveragePageQuery, CoverageQuery, OfficerLoadDto, UnassignedFirmDto } from './coverage.dto';
import { CoverageService } from './coverage.service';
import { ApiPagedResponse } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('coverage')
@ApiBearerAuth()
@Controller('api/coverage')
export class CoverageController {
  constructor(private readonly coverage: CoverageService) {}

  /**
   * Officer coverage of a region subtree (一企一专员全覆盖): active firms, firms with and without an
   * officer, coverage rate, firms visited in the period, broken down by city or county
   */
  @Get()
  @Roles('admin', 'supervisor')
  summary(@CurrentUser() user: AuthUser, @Query() query: CoverageQuery): Promise<CoverageDto> {
    return this.coverage.summary(user, query);
  }

  /** Officers of a region subtree with their load (firms held) and visits in the period, busiest first; an officer sees only their own row */
  @Get('officers')
  @Roles('admin', 'supervisor', 'officer')
  @ApiPagedResponse(OfficerLoadDto)
  officers(@CurrentUser() user: AuthUser, @Query() query: CoveragePageQuery): Promise<Page<OfficerLoadDto>> {
    return this.coverage.officerLoads(user, query);
  }

  /** Active firms of a region subtree that have no liaison officer */
  @Get('unassigned')
  @Roles('admin', 'supervisor')
  @ApiPagedResponse(UnassignedFirmDto)
  unassigned(@CurrentUser() user: AuthUser, @Query() query: CoveragePageQuery): Promise<Page<UnassignedFirmDto>> {
    return this.coverage.unassigned(user, query);
  }
}
