import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { type Industry, INDUSTRIES, INDUSTRY_LABELS } from '../../enterprises/domain/enterprise-vocabulary';
import { IsDivisionCode, IsOptionalDateText } from '../../common/validation/query-fields';
import { REPORT_CADENCES, type ReportCadence, TRACKING_LEVELS, type TrackingLevel } from '../domain/tracking-levels';
import { IsOptionalId } from '../../common/validation/id-fields';
import { PageOf } from '../../common/dto/page.dto';

/** The "5+1" industries of the province's plan, plus other: the enterprises' own vocabulary. */
export const PROJECT_INDUSTRIES = INDUSTRIES;
export type ProjectIndustry = Industry;
export { INDUSTRY_LABELS };

/** Money in 万元 with at most two decimals, as the offices' lists carry it. */
const WAN = { maxDecimalPlaces: 2 };
const MAX_WAN = 1_000_000_000;

export class StageDateInputDto {
  @ApiProperty({ example: 'started' })
  @IsString()
  @Length(2, 32)
  stageCode: string;

  /** Planned date of reaching this stage */
  @ApiProperty({ example: '2027-03-31', nullable: true, type: String, format: 'date' })
  @IsOptionalDateText()
  plannedDate: string | null;
}

/** The planned dates of the project's stages, at most 30, as a create or an update sends them. */
const IsOptionalStageDates = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ type: [StageDateInputDto], maxItems: 30 }),
    // Listed bottom up, as the stacks it replaced were applied: the problems are reported in that order.
    Type(() => StageDateInputDto),
    ValidateNested({ each: true }),
    ArrayMaxSize(30),
    IsArray(),
    IsOptional(),
  ) as PropertyDecorator;

export class CreateProjectDto {
  @ApiProperty({ example: '年产10万吨锂电正极材料项目' })
  @IsString()
  @Length(2, 200)
  name: string;

  /** The county (or city) where the project is built, in your reach */
  @IsDivisionCode()
  regionCode: string;

  @ApiProperty({ enum: PROJECT_INDUSTRIES })
  @IsIn(PROJECT_INDUSTRIES)
  industry: ProjectIndustry;

  /** Total investment in 万元 (e.g. 120000 = 12亿元) */
  @ApiProperty({ type: Number, format: 'double', example: 120000, minimum: 0, maximum: MAX_WAN })
  @IsNumber(WAN)
  @Min(0)
  @Max(MAX_WAN)
  totalInvestmentWan: number;

  /** The enterprise(s) behind the project, in your reach */
  @ApiProperty({ type: [Number], example: [1] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  enterpriseIds: number[];

  /** The stage the project stands at now; defaults to the first stage of the pipeline */
  @ApiPropertyOptional({ example: 'signed' })
  @IsOptional()
  @IsString()
  @Length(2, 32)
  stageCode?: string;

  /** The local date it entered that stage (e.g. the signing date); defaults to today */
  @ApiPropertyOptional({ example: '2026-06-30', format: 'date' })
  @IsOptionalDateText()
  stageSince?: string;

  @IsOptionalStageDates()
  plannedDates?: StageDateInputDto[];

  /** 责任领导 */
  @ApiPropertyOptional({ example: '张副市长' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  responsibleLeader?: string;

  /** 牵头部门 */
  @IsOptionalId()
  leadDepartmentId?: number;

  /** 联络专员: an officer user in your reach */
  @IsOptionalId()
  liaisonOfficerId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;
}

/** Fields to change; omitted ones stay. null clears an optional field. */
export class UpdateProjectDto extends VersionedDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 200)
  name?: string;

  @ApiPropertyOptional({ enum: PROJECT_INDUSTRIES })
  @IsOptional()
  @IsIn(PROJECT_INDUSTRIES)
  industry?: ProjectIndustry;

  @ApiPropertyOptional({ type: Number, format: 'double', minimum: 0, maximum: MAX_WAN })
  @IsOptional()
  @IsNumber(WAN)
  @Min(0)
  @Max(MAX_WAN)
  totalInvestmentWan?: number;

  @IsOptionalStageDates()
  plannedDates?: StageDateInputDto[];

  /**
   * The project's firms, the whole new list: firms added must be in your reach; a firm taken off
   * keeps its appeals already linked to the project (they are history)
   */
  @ApiPropertyOptional({ type: [Number], example: [1, 2] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  enterpriseIds?: number[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  responsibleLeader?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptionalId()
  leadDepartmentId?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  @IsOptionalId()
  liaisonOfficerId?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;
}

export class StageRefDto {
  @ApiProperty({ example: 'signed' }) code: string;
  @ApiProperty({ example: '签约未落地' }) name: string;
}

export class StageDateDto {
  @ApiProperty() stageCode: string;
  @ApiProperty() stageName: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) plannedDate: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) actualDate: string | null;
}

export class NamedRefDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() name: string;
}

export class ProjectDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() name: string;
  @ApiProperty({ example: '510104' }) regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ example: '510100' }) cityCode: string;
  @ApiProperty({ enum: PROJECT_INDUSTRIES }) industry: ProjectIndustry;
  /** 总投资（万元） */
  @ApiProperty({ type: Number, format: 'double', example: 120000 }) totalInvestmentWan: number;
  /** 总投资（亿元） */
  @ApiProperty({ type: Number, format: 'double', example: 12 }) totalInvestmentYi: number;
  /** Investment completed to date (万元), from the latest progress report */
  @ApiProperty({ type: Number, format: 'double' }) investedToDateWan: number;
  @ApiProperty({ type: Number, format: 'double' }) investedToDateYi: number;
  @ApiProperty({ type: StageRefDto }) stage: StageRefDto;
  /** The local date the project entered its current stage */
  @ApiProperty({ format: 'date' }) stageSince: string;
  /** Levels whose investment threshold the project reaches (a project may be tracked at several) */
  @ApiProperty({ enum: TRACKING_LEVELS, isArray: true }) trackingLevels: TrackingLevel[];
  @ApiProperty({ enum: REPORT_CADENCES }) reportCadence: ReportCadence;
  @ApiProperty({ nullable: true, type: String }) responsibleLeader: string | null;
  @ApiProperty({ nullable: true, type: NamedRefDto }) leadDepartment: NamedRefDto | null;
  @ApiProperty({ nullable: true, type: NamedRefDto }) liaisonOfficer: NamedRefDto | null;
  @ApiProperty({ type: [NamedRefDto] }) enterprises: NamedRefDto[];
  @ApiProperty({ type: [StageDateDto] }) stageDates: StageDateDto[];
  @ApiProperty({ type: String, format: 'date-time' }) lastStageChangeAt: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastReportAt: Date | null;
  /** No stage change and no report for the configured number of reporting periods */
  @ApiProperty() stalled: boolean;
  @ApiProperty({ type: 'integer' }) openMilestones: number;
  @ApiProperty({ type: 'integer' }) overdueMilestones: number;
  @ApiProperty({ type: 'integer' }) linkedAppeals: number;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class ProjectPageDto extends PageOf(ProjectDto) {}
