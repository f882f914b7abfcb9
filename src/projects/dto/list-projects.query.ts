import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsOptionalBooleanQuery, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';
import { TRACKING_LEVELS, type TrackingLevel } from '../domain/tracking-levels';
import { PROJECT_INDUSTRIES, type ProjectIndustry } from './project.dto';

export class ListProjectsQuery extends PageQueryDto {
  /** Projects tracked at this level (total investment reaches its threshold) */
  @ApiPropertyOptional({ enum: TRACKING_LEVELS })
  @IsOptional()
  @IsIn(TRACKING_LEVELS)
  level?: TrackingLevel;

  @ApiPropertyOptional({ example: 'started' })
  @IsOptional()
  @IsString()
  @Length(2, 32)
  stage?: string;

  /** Projects in this region and below */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  @ApiPropertyOptional({ enum: PROJECT_INDUSTRIES })
  @IsOptional()
  @IsIn(PROJECT_INDUSTRIES)
  industry?: ProjectIndustry;

  /** Only projects with at least one overdue open milestone */
  @IsOptionalBooleanQuery()
  overdueMilestones?: boolean;

  /** Only projects without a stage change or report for the configured number of periods */
  @IsOptionalBooleanQuery()
  stalled?: boolean;

  @IsOptionalPositiveInt()
  enterpriseId?: number;

  /** Part of the project's name */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
