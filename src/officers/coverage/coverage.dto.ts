import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { REGION_LEVELS, type RegionLevel } from '../../common/auth/role';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { INDUSTRIES, SCALES, TAGS, type Industry, type Scale, type Tag } from '../../enterprises/domain/enterprise-vocabulary';
import { IsOptionalDateText, IsOptionalDivisionCode } from '../../common/validation/query-fields';

export class CoverageQuery {
  /** The region whose subtree is counted; defaults to your own region */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** First day of the visit period (Asia/Shanghai date); defaults to the 1st of this month */
  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptionalDateText()
  from?: string;

  /** Last day of the visit period, inclusive; defaults to today */
  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptionalDateText()
  to?: string;
}

export class CoveragePageQuery extends IntersectionType(CoverageQuery, PageQueryDto) {}

export class CoverageFiguresDto {
  @ApiProperty({ description: 'Active firms' }) firms: number;
  @ApiProperty() firmsWithOfficer: number;
  @ApiProperty() firmsWithoutOfficer: number;
  @ApiProperty({ nullable: true, type: Number, format: 'double', example: 0.9531, description: 'firmsWithOfficer / firms' }) coverageRate:
    number | null;
  @ApiProperty({ description: 'Firms with at least one visit in the period, with or without problems found' }) firmsVisited: number;
  @ApiProperty({ nullable: true, type: Number, format: 'double', description: 'firmsVisited / firms' }) visitRate: number | null;
}

export class CoverageRowDto extends CoverageFiguresDto {
  @ApiProperty({ example: '510104' }) regionCode: string;
  @ApiProperty({ example: '锦江区' }) regionName: string;
}

export class CoverageDto extends CoverageFiguresDto {
  @ApiProperty({ example: '510100' }) regionCode: string;
  @ApiProperty({ example: '成都市' }) regionName: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ example: '2026-11-01' }) from: string;
  @ApiProperty({ example: '2026-11-30' }) to: string;
  @ApiProperty({ description: 'Visits logged in the period' }) visits: number;
  @ApiProperty({ description: 'Of those, visits that found problems' }) visitsWithProblems: number;
  @ApiProperty({ description: 'Active officers whose region lies in the subtree' }) officers: number;
  @ApiProperty({ type: [CoverageRowDto], description: 'Cities of a province, counties (and the city itself) of a city' })
  byRegion: CoverageRowDto[];
}

export class OfficerLoadDto {
  @ApiProperty() id: number;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'Active firms of the subtree assigned to this officer' }) firms: number;
  @ApiProperty({ description: 'Of those, firms visited in the period' }) firmsVisited: number;
  @ApiProperty({ description: 'Visits this officer logged in the period' }) visits: number;
}

export class UnassignedFirmDto {
  @ApiProperty() id: number;
  @ApiProperty() creditCode: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: INDUSTRIES }) industry: Industry;
  @ApiProperty({ enum: SCALES }) scale: Scale;
  @ApiProperty({ enum: TAGS, isArray: true }) tags: Tag[];
}
