import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto';
import { IsOptionalDivisionCode, IsOptionalPeriodKey, IsOptionalPositiveInt } from '../../../common/validation/query-fields';
import { AppealRefDto } from '../../../appeals/dto/appeal-ref.dto';

/** 周监测、旬调度、月盘点: the pool is read per week, 旬 or month. */
export const POOL_PERIOD_KINDS = ['week', 'xun', 'month'] as const;
export type PoolPeriodKind = (typeof POOL_PERIOD_KINDS)[number];

export class PoolQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: POOL_PERIOD_KINDS, default: 'month', description: '旬 is "xun"' })
  @IsOptional()
  @IsIn(POOL_PERIOD_KINDS)
  period?: PoolPeriodKind;

  /** 2026-03 (month), 2026-02-X3 (下旬 of February), 2026-W10; default the current one */
  @IsOptionalPeriodKey()
  key?: string;

  /** Only appeals of this region and below (must lie in your reach; default your own) */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** Only appeals of this category */
  @IsOptionalPositiveInt()
  categoryId?: number;
}

export class PoolPeriodDto {
  @ApiProperty({ enum: POOL_PERIOD_KINDS }) kind: PoolPeriodKind;
  @ApiProperty({ example: '2026-03' }) key: string;
  @ApiProperty({ example: '2026年3月' }) label: string;
  @ApiProperty({ format: 'date' }) fromDate: string;
  @ApiProperty({ format: 'date' }) toDate: string;
}

export class PoolScopeDto {
  @ApiProperty({ example: '510100' }) code: string;
  @ApiProperty({ example: '成都市' }) name: string;
  @ApiProperty({ enum: ['province', 'city', 'county'] }) level: string;
}

export class PoolClusterDto {
  @ApiProperty({ description: 'The cluster: the smallest appeal id in it (stable across runs)' }) clusterKey: number;
  @ApiProperty({ description: 'Appeals of the cluster submitted in the period within the scope' }) appeals: number;
  @ApiProperty({ description: 'Distinct firms among them (at least 2)' }) firms: number;
  @ApiProperty({ description: 'Distinct regions (counties) of those appeals' }) counties: number;
  @ApiProperty({ description: 'Distinct lead departments of those appeals' }) departments: number;
  @ApiProperty({ description: 'Number of the earliest such appeal', example: '2026-000123' }) sampleNumber: string;
  @ApiProperty({ description: 'Title of the earliest such appeal' }) sampleTitle: string;
  @ApiProperty() firstSubmittedAt: Date;
  @ApiProperty() lastSubmittedAt: Date;
}

export class ClusteringStatusDto {
  @ApiProperty({ description: 'Appeals clustered by the run this request made (0 when another instance was clustering)' }) clusteredNow: number;
  @ApiProperty({ description: 'Appeals not clustered yet (they appear within a minute)' }) pending: number;
}

export class PoolDto {
  @ApiProperty({ type: PoolPeriodDto }) period: PoolPeriodDto;
  @ApiProperty({ type: PoolScopeDto }) scope: PoolScopeDto;
  @ApiProperty({ type: ClusteringStatusDto }) clustering: ClusteringStatusDto;
  @ApiProperty({ type: [PoolClusterDto], description: 'Most appeals first, then most firms, counties, departments; then clusterKey' })
  items: PoolClusterDto[];
  @ApiProperty({ minimum: 0 }) total: number;
  @ApiProperty({ minimum: 1 }) page: number;
  @ApiProperty({ minimum: 1 }) pageSize: number;
}

export class ClusterAppealsQueryDto {
  @ApiPropertyOptional({ enum: POOL_PERIOD_KINDS, default: 'month' })
  @IsOptional()
  @IsIn(POOL_PERIOD_KINDS)
  period?: PoolPeriodKind;

  @IsOptionalPeriodKey()
  key?: string;

  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  @IsOptionalPositiveInt()
  categoryId?: number;
}

export class PoolAppealDto extends AppealRefDto {
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ example: '510104' }) regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: 'integer', nullable: true }) leadDepartmentId: number | null;
  @ApiProperty({ type: 'string', nullable: true }) leadDepartmentName: string | null;
  @ApiProperty() submittedAt: Date;
}

export class ClusterAppealsDto {
  @ApiProperty() clusterKey: number;
  @ApiProperty({ type: PoolPeriodDto }) period: PoolPeriodDto;
  @ApiProperty({ type: [PoolAppealDto], description: 'The cluster’s appeals of the period within the scope, oldest first (at most 500)' })
  items: PoolAppealDto[];
}
