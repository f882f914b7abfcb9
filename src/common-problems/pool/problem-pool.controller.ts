import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { ClusterAppealsDto, ClusterAppealsQueryDto, PoolDto, PoolQueryDto } from './dto/problem-pool.dto';
import { ProblemPoolService } from './problem-pool.service';

@ApiTags('common-problems')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/common-problems/pool')
export class ProblemPoolController {
  constructor(private readonly pool: ProblemPoolService) {}

  /**
   * 共性问题池: clusters of similar appeals raised by at least two firms in the period (week, 旬 or
   * month) within your region or a region below it, optionally of one category; most appeals
   * first, then most firms, counties and departments. Appeals not clustered yet are clustered
   * first (up to 5,000; more show as pending and appear within a minute).
   */
  @Get()
  @ApiOperation({ operationId: 'commonProblemPool.list' })
  @ApiOkResponse({ type: PoolDto })
  list(@CurrentUser() user: AuthUser, @Query() query: PoolQueryDto): Promise<PoolDto> {
    return this.pool.list(user, query);
  }

  /** The appeals of one cluster in the same selection, oldest first; 404 when none lies in it */
  @Get(':clusterKey/appeals')
  @ApiOperation({ operationId: 'commonProblemPool.appeals' })
  @ApiOkResponse({ type: ClusterAppealsDto })
  appeals(
    @CurrentUser() user: AuthUser,
    @Param('clusterKey', ParseIntPipe) clusterKey: number,
    @Query() query: ClusterAppealsQueryDto,
  ): Promise<ClusterAppealsDto> {
    return this.pool.appeals(user, clusterKey, query);
  }
}
