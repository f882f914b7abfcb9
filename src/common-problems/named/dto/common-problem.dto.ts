import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto';
import { IsOptionalBooleanQuery, IsOptionalDivisionCode, IsOptionalPeriodKey, IsOptionalPositiveInt } from '../../../common/validation/query-fields';
import { COMMON_PROBLEM_STATES, type CommonProblemState, PROBLEM_EVENT_ACTIONS, PROBLEM_PERIOD_KINDS, type ProblemEventAction, type ProblemPeriodKind } from '../domain/common-problem-rules';
import { IsId, IsOptionalId } from '../../../common/validation/id-fields';
import { AppealRefDto } from '../../../appeals/dto/appeal-ref.dto';

/** At most this many appeals are linked or unlinked in one request. */
export const MAX_APPEALS_PER_REQUEST = 500;

/** The version you read, in the body when If-Match cannot be sent (a form). */
export class ProblemVersionDto {
  @ApiPropertyOptional({ description: 'The version you read (or send If-Match); a stale one gets 409', example: 1, minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class NameCommonProblemDto {
  @ApiProperty({ example: '冷库建设用地指标落实难', minLength: 2, maxLength: 200 })
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiPropertyOptional({ example: '多家企业反映园区承诺的建设用地指标迟迟不落实', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string;

  @ApiPropertyOptional({ enum: PROBLEM_PERIOD_KINDS, default: 'month', description: 'The period the problem is named for; 旬 is "xun"' })
  @IsOptional()
  @IsIn(PROBLEM_PERIOD_KINDS)
  period?: ProblemPeriodKind;

  @ApiPropertyOptional({ description: 'The period’s key; default the current one' })
  @IsOptionalPeriodKey()
  key?: string;

  @ApiPropertyOptional({ example: '510100', description: 'The problem’s region (your own or one below it; default your own)' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  @ApiPropertyOptional({ description: 'A cluster of the pool: its appeals of the period in the region are linked', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  clusterKey?: number;

  @ApiPropertyOptional({ type: [Number], description: 'Appeals to link (besides the cluster’s)', example: [1] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_APPEALS_PER_REQUEST)
  @IsInt({ each: true })
  @Min(1, { each: true })
  appealIds?: number[];

  @ApiPropertyOptional({ description: 'The lead department (牵头部门) answering for the class' })
  @IsOptionalId()
  leadDepartmentId?: number;
}

export class ProblemAppealsChangeDto extends ProblemVersionDto {
  @ApiProperty({ type: [Number], example: [1], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_APPEALS_PER_REQUEST)
  @IsInt({ each: true })
  @Min(1, { each: true })
  appealIds: number[];
}

export class AssignLeadDto extends ProblemVersionDto {
  @ApiProperty({ example: 1 })
  @IsId()
  leadDepartmentId: number;
}

export class AnswerProblemDto extends ProblemVersionDto {
  @ApiProperty({ example: '市自然资源局已出台专项办法：园区用地指标在签约后60日内落实到位', minLength: 5, maxLength: 4000 })
  @IsString()
  @Length(5, 4000)
  text: string;

  @ApiPropertyOptional({ description: 'A policy (src/policies) the answer rests on' })
  @IsOptionalId()
  policyId?: number;
}

export class ProblemNoteDto extends ProblemVersionDto {
  @ApiPropertyOptional({ example: '牵头部门已出台办法，办结', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  note?: string;
}

export class SetTopicDto extends ProblemVersionDto {
  @ApiPropertyOptional({ enum: PROBLEM_PERIOD_KINDS, default: 'month' })
  @IsOptional()
  @IsIn(PROBLEM_PERIOD_KINDS)
  period?: ProblemPeriodKind;

  @ApiPropertyOptional({ description: 'Default the current period' })
  @IsOptionalPeriodKey()
  key?: string;
}

export class ListProblemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: COMMON_PROBLEM_STATES })
  @IsOptional()
  @IsIn(COMMON_PROBLEM_STATES)
  state?: CommonProblemState;

  @ApiPropertyOptional({ enum: PROBLEM_PERIOD_KINDS, description: 'With key: problems named for a period starting within it' })
  @IsOptional()
  @IsIn(PROBLEM_PERIOD_KINDS)
  period?: ProblemPeriodKind;

  @IsOptionalPeriodKey()
  key?: string;

  @ApiPropertyOptional({ example: '510100', description: 'Only problems of this region and below (in your reach)' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Only topics (true) or only non-topics (false)' })
  @IsOptionalBooleanQuery()
  topic?: boolean;
}

export class TopicsQueryDto {
  @ApiPropertyOptional({ enum: PROBLEM_PERIOD_KINDS, default: 'month' })
  @IsOptional()
  @IsIn(PROBLEM_PERIOD_KINDS)
  period?: ProblemPeriodKind;

  @IsOptionalPeriodKey()
  key?: string;

  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Days of the after-window (default: the topic period’s length, 7/10/30)', minimum: 1, maximum: 366 })
  @IsOptionalPositiveInt()
  @Max(366)
  days?: number;
}

export class EffectQueryDto {
  @ApiPropertyOptional({ description: 'Days of the after-window (default: the topic period’s length, 7/10/30)', minimum: 1, maximum: 366 })
  @IsOptionalPositiveInt()
  @Max(366)
  days?: number;
}

export class ProblemPeriodDto {
  @ApiProperty({ enum: PROBLEM_PERIOD_KINDS }) kind: ProblemPeriodKind;
  @ApiProperty({ example: '2026-03' }) key: string;
  @ApiProperty({ example: '2026年3月' }) label: string;
  @ApiProperty({ format: 'date' }) fromDate: string;
  @ApiProperty({ format: 'date' }) toDate: string;
}

export class ProblemNamedRefDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
}

export class ProblemRegionDto {
  @ApiProperty({ example: '510100' }) code: string;
  @ApiProperty({ example: '成都市' }) name: string;
}

export class ProblemPolicyRefDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
}

export class ProblemAnswerDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: ProblemPolicyRefDto, nullable: true }) policy: ProblemPolicyRefDto | null;
  @ApiProperty() answeredAt: Date;
  @ApiProperty({ type: ProblemNamedRefDto }) answeredBy: ProblemNamedRefDto;
}

export class CommonProblemDto {
  @ApiProperty() id: number;
  @ApiProperty() title: string;
  @ApiProperty({ type: 'string', nullable: true }) description: string | null;
  @ApiProperty({ type: ProblemRegionDto }) region: ProblemRegionDto;
  @ApiProperty({ type: ProblemPeriodDto, description: 'The period it was named for' }) period: ProblemPeriodDto;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The pool cluster it was named from' }) sourceClusterKey: number | null;
  @ApiProperty({ type: ProblemNamedRefDto, nullable: true, description: '牵头部门' }) leadDepartment: ProblemNamedRefDto | null;
  @ApiProperty({ enum: COMMON_PROBLEM_STATES }) state: CommonProblemState;
  @ApiProperty({ type: ProblemAnswerDto, nullable: true, description: 'The class-level answer in force' }) answer: ProblemAnswerDto | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: '办结' }) closedAt: Date | null;
  @ApiProperty({ type: ProblemPeriodDto, nullable: true, description: 'The period it is the topic of (每月一题)' }) topic: ProblemPeriodDto | null;
  @ApiProperty({ minimum: 0 }) linkedAppeals: number;
  @ApiProperty({ type: ProblemNamedRefDto }) createdBy: ProblemNamedRefDto;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ minimum: 1, description: 'Send it back (If-Match or body) to change the problem' }) version: number;
}

export class ProblemEventDetailsDto {
  @ApiPropertyOptional() departmentId?: number;
  @ApiPropertyOptional() departmentName?: string;
  @ApiPropertyOptional({ type: [Number] }) appealIds?: number[];
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional() policyId?: number;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional() periodKey?: string;
  @ApiPropertyOptional() periodLabel?: string;
  @ApiPropertyOptional() clusterKey?: number;
}

export class ProblemEventDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: PROBLEM_EVENT_ACTIONS }) action: ProblemEventAction;
  @ApiProperty({ type: ProblemNamedRefDto }) actor: ProblemNamedRefDto;
  @ApiProperty() at: Date;
  @ApiProperty({ type: ProblemEventDetailsDto }) details: ProblemEventDetailsDto;
}

export class CommonProblemDetailDto extends CommonProblemDto {
  @ApiProperty({ type: [ProblemEventDto], description: 'The timeline, oldest first' }) events: ProblemEventDto[];
}

export class LinkedAppealDto extends AppealRefDto {
  @ApiProperty({ type: 'string', nullable: true, description: 'The firm (not shown to handlers: firms are personal to the programme)' })
  enterpriseName: string | null;
  @ApiProperty({ example: '510104' }) regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: 'string', nullable: true }) leadDepartmentName: string | null;
  @ApiProperty() submittedAt: Date;
  @ApiProperty() linkedAt: Date;
}

export class LinkedAppealsDto {
  @ApiProperty({ type: [LinkedAppealDto], description: 'Oldest first' }) items: LinkedAppealDto[];
}

export class ProblemCountWindowDto {
  @ApiProperty({ description: 'Inclusive' }) from: Date;
  @ApiProperty({ description: 'Exclusive' }) to: Date;
  @ApiProperty({ minimum: 0, description: 'New appeals of the class submitted in the window, in the problem’s region' }) count: number;
}

export class TopicEffectDto {
  @ApiProperty() problemId: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, description: 'The answer in force (the pivot)' }) answeredAt: Date | null;
  @ApiProperty({ description: 'Length of the after-window when complete' }) days: number;
  @ApiProperty() afterComplete: boolean;
  @ApiProperty({ type: ProblemCountWindowDto, nullable: true }) before: ProblemCountWindowDto | null;
  @ApiProperty({ type: ProblemCountWindowDto, nullable: true }) after: ProblemCountWindowDto | null;
  @ApiProperty({ type: 'number', format: 'double', nullable: true, description: '(after − before) / before, 4 decimals; null when before is 0' })
  change: number | null;
}

export class TopicItemDto {
  @ApiProperty({ type: CommonProblemDto }) problem: CommonProblemDto;
  @ApiProperty({ type: TopicEffectDto }) effect: TopicEffectDto;
}

export class TopicsDto {
  @ApiProperty({ type: ProblemPeriodDto }) period: ProblemPeriodDto;
  @ApiProperty({ type: ProblemRegionDto }) scope: ProblemRegionDto;
  @ApiProperty({ type: [TopicItemDto] }) items: TopicItemDto[];
}

export class ProblemPageDto {
  @ApiProperty({ type: [CommonProblemDto], description: 'Newest first' }) items: CommonProblemDto[];
  @ApiProperty({ minimum: 0 }) total: number;
  @ApiProperty({ minimum: 1 }) page: number;
  @ApiProperty({ minimum: 1 }) pageSize: number;
}

