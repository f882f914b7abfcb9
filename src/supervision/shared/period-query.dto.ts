import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PERIOD_KINDS, type PeriodKind } from '../domain';
import { IsOptionalDateText, IsOptionalPeriodKey } from '../../common/validation/query-fields';

/** Which period: a kind and key (default: the current month), or a custom from–to range of local dates. */
export class PeriodQueryDto {
  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'month', description: '旬 is "xun"' })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  period?: PeriodKind;

  /** 2026-03 (month), 2026-02-X3 (下旬 of February), 2026-W10, 2026-Q1, 2026; default the current one */
  @IsOptionalPeriodKey()
  key?: string;

  /** First day of a custom range (Asia/Shanghai), inclusive */
  @ApiPropertyOptional({ example: '2026-03-01' })
  @IsOptionalDateText()
  from?: string;

  /** Last day of a custom range, inclusive */
  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptionalDateText()
  to?: string;
}
