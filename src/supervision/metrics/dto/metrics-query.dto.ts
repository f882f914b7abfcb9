import { ApiPropertyOptional } from '@nestjs/swagger';

import { IsIn, IsOptional, Max } from 'class-validator';
import { PeriodQueryDto } from '../../shared/period-query.dto';
import { IsOptionalDateText, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../../common/validation/query-fields';

export const GROUP_BY_OPTIONS = ['region', 'city', 'county', 'department', 'officer', 'category', 'total'] as const;
export type GroupByOption = (typeof GROUP_BY_OPTIONS)[number];

export class MetricsQueryDto extends PeriodQueryDto {
  /** region = the level just below the scope (cities of a province, counties of a city) */
  @ApiPropertyOptional({ enum: GROUP_BY_OPTIONS, default: 'region' })
  @IsOptional()
  @IsIn(GROUP_BY_OPTIONS)
  groupBy: GroupByOption = 'region';

  /** Only this region and below (must lie in your reach) */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** Only appeals led by this department */
  @IsOptionalPositiveInt()
  departmentId?: number;

  /** Only appeals of this liaison officer's firms */
  @IsOptionalPositiveInt()
  officerId?: number;

  @IsOptionalPositiveInt()
  categoryId?: number;
}

export const RANKING_KINDS = ['region', 'department'] as const;

export class RankingsQueryDto extends PeriodQueryDto {
  /** region: cities of a province scope, counties of a city scope; department: lead departments */
  @ApiPropertyOptional({ enum: RANKING_KINDS, default: 'region' })
  @IsOptional()
  @IsIn(RANKING_KINDS)
  kind: (typeof RANKING_KINDS)[number] = 'region';

  /** Rank within this region (default: your own) */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** Length of the red and black lists */
  @ApiPropertyOptional({ default: 3, minimum: 1, maximum: 50 })
  @IsOptionalPositiveInt()
  @Max(50)
  n?: number;
}

export const TREND_KINDS = ['week', 'xun', 'month', 'quarter'] as const;

export class TrendQueryDto {
  @ApiPropertyOptional({ enum: TREND_KINDS, default: 'month' })
  @IsOptional()
  @IsIn(TREND_KINDS)
  kind: (typeof TREND_KINDS)[number] = 'month';

  /** First day covered (default: six periods back); the period containing it is included whole */
  @ApiPropertyOptional({ example: '2025-10-01' })
  @IsOptionalDateText()
  from?: string;

  /** Last day covered (default: today) */
  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptionalDateText()
  to?: string;

  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;
}

export class DashboardQueryDto {
  /** A region below your own to look at (default: your own) */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;
}
