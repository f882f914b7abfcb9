import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsOptionalBooleanQuery, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';
import { DELIVERY_SOURCES, DELIVERY_STATES, OBTAIN_MODES, type DeliverySource, type DeliveryState, type ObtainMode } from '../domain/policy-vocabulary';
import { PageOf } from '../../common/dto/page.dto';

/** One firm's delivery record of one policy. */
export class DeliveryDto {
  @ApiProperty({ type: 'integer' }) policyId: number;
  @ApiProperty() policyTitle: string;
  @ApiProperty({ enum: OBTAIN_MODES }) obtainMode: ObtainMode;
  @ApiProperty({ type: 'integer' }) enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The firm’s liaison officer' }) officerId: number | null;
  @ApiProperty({ type: String, nullable: true }) officerName: string | null;
  @ApiProperty({ enum: DELIVERY_STATES, description: 'pending 待告知, informed 已告知, applied 已申请, exempt 免申, benefited 已兑现, not_applicable 不适用' })
  state: DeliveryState;
  @ApiProperty({ type: String, nullable: true, description: 'Why not applicable (or reopened)' }) reason: string | null;
  @ApiProperty({ description: 'The firm meets the rules now; false once it stopped matching (the record is kept, closed)' }) eligible: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) matchedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) unmatchedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) informedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) appliedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) benefitedAt: Date | null;
  @ApiProperty({ enum: DELIVERY_STATES, isArray: true, description: 'States the caller may move this record to now' }) nextStates: DeliveryState[];
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class DeliveryPageDto extends PageOf(DeliveryDto) {}

/** One entry of a record's history (the first is the match itself). */
export class DeliveryEventDto {
  @ApiProperty({ enum: ['matched', 'unmatched', 'rematched', 'state'] }) kind: 'matched' | 'unmatched' | 'rematched' | 'state';
  @ApiProperty({ enum: DELIVERY_STATES, nullable: true }) fromState: DeliveryState | null;
  @ApiProperty({ enum: DELIVERY_STATES, nullable: true }) toState: DeliveryState | null;
  @ApiProperty({ enum: ['matching', ...DELIVERY_SOURCES] }) source: 'matching' | DeliverySource;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) actorId: number | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class DeliveryDetailDto extends DeliveryDto {
  @ApiProperty({ type: [DeliveryEventDto], description: 'Every change, oldest first' }) history: DeliveryEventDto[];
}

export class ListDeliveriesQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATES }) @IsOptional() @IsIn(DELIVERY_STATES) state?: DeliveryState;
  @IsOptionalPositiveInt() policyId?: number;
  @IsOptionalPositiveInt() enterpriseId?: number;
  /** Firms in this region subtree */
  @IsOptionalDivisionCode() regionCode?: string;
  /** Only records that meet the rules now (default true); false lists the ones that stopped matching */
  @ApiPropertyOptional({ default: true })
  @IsOptionalBooleanQuery()
  eligible?: boolean;
}

export class ChangeDeliveryDto {
  @ApiProperty({ enum: DELIVERY_STATES }) @IsIn(DELIVERY_STATES) state: DeliveryState;
  @ApiProperty({ enum: DELIVERY_SOURCES, description: 'visit / call (officer, supervisor), confirmation (the firm itself), supervision (supervisor)' })
  @IsIn(DELIVERY_SOURCES)
  source: DeliverySource;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Required for not_applicable and for reopening' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; a stale version gets 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}
