import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidateIf } from 'class-validator';
import { IsOptionalBooleanQuery } from '../../../common/validation/query-fields';

const URGENCIES = ['normal', 'urgent'] as const;
const LEVELS = ['county', 'city', 'province'] as const;
const UNITS = ['natural_hours', 'working_hours', 'working_days'] as const;

export class SlaPolicyDto {
  @ApiProperty() id: number;
  /** null: applies to every category without a more specific policy */
  @ApiProperty({ nullable: true, type: Number }) categoryId: number | null;
  @ApiProperty({ enum: URGENCIES }) urgency: (typeof URGENCIES)[number];
  /** null: any level */
  @ApiProperty({ enum: LEVELS, nullable: true }) level: (typeof LEVELS)[number] | null;
  @ApiProperty({ example: 2 }) policyVersion: number;
  @ApiProperty({ example: 24 }) responseAmount: number;
  @ApiProperty({ enum: UNITS }) responseUnit: (typeof UNITS)[number];
  @ApiProperty({ example: 7 }) resolutionDays: number;
  @ApiProperty({ example: 15 }) resolutionDaysCohandled: number;
  @ApiProperty({ example: 5 }) verificationDays: number;
  @ApiProperty({ nullable: true, type: Number }) createdBy: number | null;
  @ApiProperty() createdAt: Date;
  /** When a newer version replaced it; appeals started under it keep it */
  @ApiProperty({ nullable: true, type: Date }) supersededAt: Date | null;
  @ApiProperty() current: boolean;
}

export class ListSlaPoliciesQuery {
  /** Only the versions in force (default: every version, the history included) */
  @IsOptionalBooleanQuery()
  currentOnly?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  categoryId?: number;
}

/** A new scope, or the next version of an existing scope (category × urgency × level) */
export class CreateSlaPolicyDto {
  /** Omit or null for every category */
  @ApiPropertyOptional({ nullable: true, type: Number, example: 2 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  categoryId?: number | null;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency: (typeof URGENCIES)[number];

  /** Omit or null for any level */
  @ApiPropertyOptional({ enum: LEVELS, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(LEVELS)
  level?: (typeof LEVELS)[number] | null;

  /** The response limit (accept + sign), e.g. 24 */
  @ApiProperty({ example: 24, minimum: 1, maximum: 720 })
  @IsInt()
  @Min(1)
  @Max(720)
  responseAmount: number;

  @ApiProperty({ enum: UNITS, example: 'natural_hours' })
  @IsIn(UNITS)
  responseUnit: (typeof UNITS)[number];

  @ApiProperty({ example: 7, minimum: 1, maximum: 250 })
  @IsInt()
  @Min(1)
  @Max(250)
  resolutionDays: number;

  /** The resolution limit when co-handling departments take part; at least resolutionDays */
  @ApiProperty({ example: 15, minimum: 1, maximum: 250 })
  @IsInt()
  @Min(1)
  @Max(250)
  resolutionDaysCohandled: number;

  @ApiProperty({ example: 5, minimum: 1, maximum: 60 })
  @IsInt()
  @Min(1)
  @Max(60)
  verificationDays: number;
}
