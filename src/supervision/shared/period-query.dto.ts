import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PERIOD_KINDS, type PeriodKind } from '../domain';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Which period: a kind and key (default: the current month), or a custom from–to range of local dates. */
export class PeriodQueryDto {
  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'month', description: '旬 is "xun"' })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  period?: PeriodKind;

  /** 2026-03 (month), 2026-02-X3 (下旬 of February), 2026-W10, 2026-Q1, 2026; default the current one */
  @ApiPropertyOptional({ example: '2026-03' })
  @IsOptional()
  @IsString()
  @Length(4, 32)
  key?: string;

  /** First day of a custom range (Asia/Shanghai), inclusive */
  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  /** Last day of a custom range, inclusive */
  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'to must be a date as YYYY-MM-DD' })
  to?: string;
}

export const REGION_CODE_RULE = /^\d{6}$/;
export const REGION_CODE_MESSAGE = 'regionCode must be a 6-digit division code';
