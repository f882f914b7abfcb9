import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { APPEAL_KINDS, type AppealKind, URGENCIES, type Urgency } from '../../appeals/dto/submit-appeal.dto';
import { REPORT_CADENCES, type ReportCadence } from '../domain/tracking-levels';
import { IsId } from '../../common/validation/id-fields';

/** A blocking problem raised as an appeal of one of the project's firms, linked to the project. */
export class BlockingProblemDto {
  /** One of the project's enterprises (the appeal is that firm's) */
  @IsId()
  enterpriseId: number;

  @IsId()
  categoryId: number;

  @ApiProperty({ enum: APPEAL_KINDS })
  @IsIn(APPEAL_KINDS)
  kind: AppealKind;

  @ApiProperty({ example: '项目用地报批受阻' })
  @IsString()
  @Length(4, 200)
  title: string;

  @ApiProperty({ example: '项目二期用地已完成组卷，但自然资源部门审批迟迟未出，影响开工。' })
  @IsString()
  @Length(10, 5000)
  description: string;

  @ApiPropertyOptional({ enum: URGENCIES })
  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;
}

export class CreateProgressReportDto {
  /** 进展情况 */
  @ApiProperty({ example: '主体结构完成80%，设备已订货' })
  @IsString()
  @Length(2, 5000)
  progress: string;

  /** Investment completed to date (累计完成投资, 万元) */
  @ApiProperty({ type: Number, format: 'double', example: 45000, minimum: 0 })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000_000)
  investedToDateWan: number;

  /** 存在问题 */
  @ApiPropertyOptional({ example: '二期用地报批未完成' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  problems?: string;

  /** Raise the blocking problem as an appeal linked to the project (the liaison officer of the firm submits it) */
  @ApiPropertyOptional({ type: BlockingProblemDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BlockingProblemDto)
  raiseAppeal?: BlockingProblemDto;
}

export class ProgressReportDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ type: 'integer' }) projectId: number;
  @ApiProperty({ enum: REPORT_CADENCES }) periodKind: ReportCadence;
  /** First day of the reporting period (week from Monday, 旬 from the 1st/11th/21st, month from the 1st) */
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ example: '2026年11月下旬' }) periodLabel: string;
  @ApiProperty() progress: string;
  @ApiProperty({ type: Number, format: 'double' }) investedToDateWan: number;
  @ApiProperty({ nullable: true, type: String }) problems: string | null;
  @ApiProperty({ type: 'integer' }) reporterId: number;
  @ApiProperty() reporterName: string;
  /** The appeal raised for the blocking problem, if any */
  @ApiProperty({ nullable: true, type: 'integer' }) appealId: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  /** When it was last corrected (its earlier texts: GET …/reports/{id}/revisions) */
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) correctedAt: Date | null;
  @ApiProperty({ type: 'integer' }) version: number;
}

/** A correction of a submitted report, with the version read; omitted fields stay. */
export class CorrectProgressReportDto extends VersionedDto {
  @ApiPropertyOptional({ example: '主体结构完成85%，设备已订货' })
  @IsOptional()
  @IsString()
  @Length(2, 5000)
  progress?: string;

  @ApiPropertyOptional({ type: Number, format: 'double', example: 46000, minimum: 0 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1_000_000_000)
  investedToDateWan?: number;

  /** null clears it */
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  problems?: string | null;

  /** Why the report is corrected (kept in its history) */
  @ApiProperty({ example: '累计完成投资误填，按财务报表更正' })
  @IsString()
  @Length(2, 1000)
  reason: string;
}

/** A text a correction replaced. */
export class ProgressReportRevisionDto {
  /** 1 = the report as first submitted */
  @ApiProperty({ type: 'integer' }) revision: number;
  @ApiProperty() progress: string;
  @ApiProperty({ type: Number, format: 'double' }) investedToDateWan: number;
  @ApiProperty({ nullable: true, type: String }) problems: string | null;
  @ApiProperty({ type: 'integer' }) correctedBy: number;
  @ApiProperty() correctedByName: string;
  @ApiProperty() reason: string;
  /** When the correction replacing this text was made */
  @ApiProperty({ type: String, format: 'date-time' }) correctedAt: Date;
}

export class LinkAppealDto {
  @IsId()
  appealId: number;
}

export class ProjectAppealDto {
  @ApiProperty({ type: 'integer' }) appealId: number;
  @ApiProperty({ example: '2026-000123' }) number: string;
  @ApiProperty() title: string;
  @ApiProperty() status: string;
  @ApiProperty({ enum: ['green', 'yellow', 'red'] }) warningLight: string;
  @ApiProperty({ type: 'integer' }) enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty({ nullable: true, type: 'integer' }) reportId: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) linkedAt: Date;
}
