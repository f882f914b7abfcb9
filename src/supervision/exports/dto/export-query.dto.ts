import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { APPEAL_STATUSES, type AppealStatus } from '../../../appeals/domain';
import { RANKING_KINDS } from '../../metrics/dto/metrics-query.dto';
import { PeriodQueryDto } from '../../shared/period-query.dto';
import { IsOptionalBooleanQuery, IsOptionalDateText, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../../common/validation/query-fields';

const toList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : Array.isArray(value) ? value : String(value).split(',').filter(Boolean);

/** The appeal list's filters, for the problem ledger (问题台账). */
export class LedgerQueryDto {
  /** One or more statuses, comma-separated */
  @ApiPropertyOptional({ enum: APPEAL_STATUSES, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsIn(APPEAL_STATUSES, { each: true })
  status?: AppealStatus[];

  @IsOptionalBooleanQuery()
  open?: boolean;

  @IsOptionalPositiveInt()
  categoryId?: number;

  /** This region and below */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** Lead department (主办) */
  @IsOptionalPositiveInt()
  departmentId?: number;

  @IsOptionalPositiveInt()
  officerId?: number;

  @IsOptionalPositiveInt()
  enterpriseId?: number;

  @ApiPropertyOptional({ enum: ['normal', 'urgent'] })
  @IsOptional()
  @IsIn(['normal', 'urgent'])
  urgency?: 'normal' | 'urgent';

  /** Warning light of open appeals */
  @ApiPropertyOptional({ enum: ['green', 'yellow', 'red'] })
  @IsOptional()
  @IsIn(['green', 'yellow', 'red'])
  light?: 'green' | 'yellow' | 'red';

  /** Open and past a deadline */
  @IsOptionalBooleanQuery()
  overdue?: boolean;

  /** Text in the number or title */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  /** Submitted on or after this day (Asia/Shanghai) */
  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptionalDateText()
  submittedFrom?: string;

  /** Submitted on or before this day */
  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptionalDateText()
  submittedTo?: string;
}

export class RankingsExportQueryDto extends PeriodQueryDto {
  /** Which rankings: both (default), or only regions or departments */
  @ApiPropertyOptional({ enum: RANKING_KINDS, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsIn(RANKING_KINDS, { each: true })
  kind?: Array<(typeof RANKING_KINDS)[number]>;

  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;
}
