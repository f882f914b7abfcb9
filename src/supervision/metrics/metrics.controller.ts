import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import { CurrentUser, Roles } from '../../common/auth/decorators';
import { DashboardDto, FiguresResponseDto, RankingResponseDto, TrendDto } from './dto/figures.dto';
import { DashboardQueryDto, MetricsQueryDto, RankingsQueryDto, TrendQueryDto } from './dto/metrics-query.dto';
import { MetricsService } from './metrics.service';
import type { Dashboard } from './dashboard-view';
import { ApiErrors } from '../../common/http/openapi/api-docs.decorators';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('api/supervision')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /**
   * Metrics per group (region, city, county, department, officer, category) for a period, each
   * rate with its numerator and denominator. Definitions: src/supervision/METRICS.md. An ended
   * month without filters is read from its frozen report when one holds the grouping (`source`)
   */
  @Get('metrics')
  @ApiOkResponse({ type: FiguresResponseDto })
  list(@CurrentUser() user: AuthUser, @Query() query: MetricsQueryDto) {
    return this.metrics.metrics(user, query);
  }

  /**
   * Regions or departments ranked by the weighted composite score, with 红榜 / 黑榜 and the change
   * from the previous period. An ended month's ranking is read from its frozen report (`source`)
   */
  @Get('rankings')
  @ApiErrors(404)
  @ApiOkResponse({ type: RankingResponseDto })
  rankings(@CurrentUser() user: AuthUser, @Query() query: RankingsQueryDto) {
    return this.metrics.rankings(user, query);
  }

  /**
   * The scope's metrics per week, 旬, month or quarter, for charts. A month trend reads ended
   * months from the frozen month reports and the running month from the live figures
   */
  @Get('trend')
  @ApiOkResponse({ type: TrendDto })
  trend(@CurrentUser() user: AuthUser, @Query() query: TrendQueryDto) {
    return this.metrics.trend(user, query);
  }

  /**
   * Open / overdue / due-soon counts now, this month's rates, a six-month trend and the ranking of
   * the regions below. Finished months come from the frozen monthly reports, the running month
   * from figures a job refreshes every five minutes (see month.asOf)
   */
  @Get('dashboard')
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@CurrentUser() user: AuthUser, @Query() query: DashboardQueryDto): Promise<Dashboard> {
    return this.metrics.dashboard(user, query);
  }
}
