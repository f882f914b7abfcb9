import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { IsDateText } from '../../common/validation/query-fields';

export class PipelineStageDto {
  @ApiProperty({ example: 'signed' }) code: string;
  @ApiProperty({ example: '签约未落地' }) name: string;
  /** 1-based place in the pipeline */
  @ApiProperty({ type: 'integer' }) position: number;
  /** The last stage: the project has reached full production */
  @ApiProperty() final: boolean;
  @ApiProperty({ type: 'integer' }) projects: number;
}

export class PipelineStageInputDto {
  @ApiProperty({ example: 'signed', pattern: '^[a-z][a-z0-9_]{1,31}$' })
  @Matches(/^[a-z][a-z0-9_]{1,31}$/, { message: 'code must be 2-32 lower-case letters, digits or _' })
  code: string;

  @ApiProperty({ example: '签约未落地' })
  @IsString()
  @Length(2, 32)
  name: string;
}

/** The whole pipeline in order; a stage left out is retired (refused while projects stand on it). */
export class UpdatePipelineDto {
  @ApiProperty({ type: [PipelineStageInputDto] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PipelineStageInputDto)
  stages: PipelineStageInputDto[];
}

export class ChangeStageDto extends VersionedDto {
  @ApiProperty({ example: 'landed' })
  @IsString()
  @Length(2, 32)
  toStage: string;

  /** The local date the project reached the stage (evidence date) */
  @ApiProperty({ example: '2026-11-20', format: 'date' })
  @IsDateText()
  date: string;

  /** What happened (evidence), e.g. 土地摘牌、取得施工许可证 */
  @ApiProperty({ example: '取得施工许可证，举行开工仪式' })
  @IsString()
  @Length(2, 2000)
  note: string;

  /** Required to skip a stage or move back to an earlier one */
  @ApiPropertyOptional({ example: '项目边建设边调试，竣工即投产' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  /** A reference to the evidence document (its number or link); the file itself goes in attachmentIds */
  @ApiPropertyOptional({ example: '川建施许〔2026〕123号' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  attachment?: string;

  /** Evidence files uploaded to the project (POST /api/projects/{projectId}/attachments) that no stage change cites yet */
  @ApiPropertyOptional({ type: [Number], example: [3] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  attachmentIds?: number[];
}

export class ProjectEventDto {
  @ApiProperty({ type: 'integer' }) seq: number;
  @ApiProperty({ example: 'stage_change' }) action: string;
  @ApiProperty({ nullable: true, type: 'integer' }) actorId: number | null;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty() actorRole: string;
  @ApiProperty({ nullable: true, type: String }) fromStage: string | null;
  @ApiProperty() toStage: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ nullable: true, type: String }) prevHash: string | null;
  @ApiProperty() hash: string;
}

export class ChainCheckDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: 'integer' }) checkedEvents: number;
  @ApiProperty({ nullable: true, type: 'integer' }) firstBrokenSeq: number | null;
  @ApiProperty({ nullable: true, type: String }) problem: string | null;
}

export class ProjectHistoryDto {
  @ApiProperty({ type: [ProjectEventDto] }) events: ProjectEventDto[];
  @ApiProperty({ type: ChainCheckDto }) chain: ChainCheckDto;
}
