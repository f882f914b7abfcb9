import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PeriodQueryDto } from '../../supervision/shared/period-query.dto';
import { IsOptionalDivisionCode } from '../../common/validation/query-fields';

export class ProjectFiguresQuery extends PeriodQueryDto {
  /** The region to report on (default: your own); its child regions are the rows */
  @ApiPropertyOptional({ example: '510000' })
  @IsOptionalDivisionCode()
  regionCode?: string;
}

export class RateDto {
  @ApiProperty({ type: 'integer' }) numerator: number;
  @ApiProperty({ type: 'integer' }) denominator: number;
  @ApiProperty({ nullable: true, type: Number, format: 'double', example: 0.25 }) value: number | null;
}

export class StageCountDto {
  @ApiProperty() stageCode: string;
  @ApiProperty() stageName: string;
  @ApiProperty({ type: 'integer' }) projects: number;
}

export class ProjectRegionFiguresDto {
  @ApiProperty({ example: '510100' }) code: string;
  @ApiProperty({ example: '成都市' }) name: string;
  /** Projects you may see in the region now */
  @ApiProperty({ type: 'integer' }) projects: number;
  @ApiProperty({ type: [StageCountDto] }) byStage: StageCountDto[];
  /** Projects that moved forward at least one stage during the period */
  @ApiProperty({ type: 'integer' }) advanced: number;
  /** Projects that entered one of the last two stages (投产未达产, 已达产) during the period */
  @ApiProperty({ type: 'integer' }) reachedProduction: number;
  /** Projects that entered the last stage (已达产) during the period */
  @ApiProperty({ type: 'integer' }) reachedCapacity: number;
  /** Total investment planned (万元) */
  @ApiProperty({ type: Number, format: 'double' }) plannedWan: number;
  /** Investment completed to date (万元), from the latest reports */
  @ApiProperty({ type: Number, format: 'double' }) investedWan: number;
  @ApiProperty({ type: RateDto }) investmentCompletion: RateDto;
  @ApiProperty({ type: RateDto }) advancedRate: RateDto;
  /** Open milestones past their deadline now */
  @ApiProperty({ type: 'integer' }) overdueMilestones: number;
}

export class ProjectPeriodDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ format: 'date' }) fromDate: string;
  @ApiProperty({ format: 'date' }) toDate: string;
}

export class ProjectFiguresDto {
  @ApiProperty({ example: '510000' }) regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: ProjectPeriodDto }) period: ProjectPeriodDto;
  @ApiProperty({ type: ProjectRegionFiguresDto }) total: ProjectRegionFiguresDto;
  @ApiProperty({ type: [ProjectRegionFiguresDto] }) regions: ProjectRegionFiguresDto[];
}

export class ProjectRankingRowDto {
  /** 1 = best; equal scores share a rank; null for a region without projects */
  @ApiProperty({ nullable: true, type: 'integer' }) rank: number | null;
  /** 0–100: 60 × share of projects that advanced + 40 × share of planned investment completed */
  @ApiProperty({ nullable: true, type: Number, format: 'double' }) score: number | null;
  @ApiProperty({ type: ProjectRegionFiguresDto }) region: ProjectRegionFiguresDto;
}

export class ProjectRankingDto {
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: ProjectPeriodDto }) period: ProjectPeriodDto;
  @ApiProperty({ type: [ProjectRankingRowDto] }) rows: ProjectRankingRowDto[];
}
