import { ReportProvisionalDto } from '../../metrics/dto/provisional-figures.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto';
import { PERIOD_KINDS, type PeriodKind } from '../../domain';
import { IsOptionalDivisionCode } from '../../../common/validation/query-fields';
import { PageOf } from '../../../common/dto/page.dto';

export class CreateReportDto {
  @ApiProperty({ enum: PERIOD_KINDS, example: 'month' })
  @IsIn(PERIOD_KINDS)
  periodKind: PeriodKind;

  /** The period's key: 2026-03, 2026-02-X3, 2026-W10, 2026-Q1, 2026 or 2026-03-01..2026-03-15 */
  @ApiProperty({ example: '2026-03' })
  @IsString()
  @Length(4, 32)
  key: string;

  /** The region the report covers (default: your own) */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;
}

export const SNAPSHOT_STATUSES = ['draft', 'published'] as const;

export class ListReportsQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: PERIOD_KINDS })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  periodKind?: PeriodKind;

  @ApiPropertyOptional({ enum: SNAPSHOT_STATUSES })
  @IsOptional()
  @IsIn(SNAPSHOT_STATUSES)
  status?: (typeof SNAPSHOT_STATUSES)[number];

  /** Reports of this region and the regions below it */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;
}

export class ReportSummaryDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: PERIOD_KINDS }) periodKind: PeriodKind;
  @ApiProperty({ example: '2026-03' }) periodKey: string;
  @ApiProperty({ example: '510000' }) scopeRegionCode: string;
  @ApiProperty({ enum: SNAPSHOT_STATUSES }) status: string;
  @ApiProperty() computedAt: Date;
  @ApiProperty({ nullable: true, type: Number, description: 'null when the scheduled job computed it' }) computedBy: number | null;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) publishedBy: number | null;
  @ApiProperty({ description: 'SHA-256 of the stored figures text' }) figuresSha256: string;
}

export class ReportPageDto extends PageOf(ReportSummaryDto) {}

export class ReportSnapshotDto extends ReportSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'settings the figures were computed under' })
  settings: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'SLA policy versions behind the judged deadlines' })
  policyVersions: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'total, groups and rankings as frozen' })
  figures: Record<string, unknown>;
  @ApiProperty({
    type: ReportProvisionalDto,
    nullable: true,
    description:
      "how many appeals of each ranking's deadline-dependent figures were judged on a provisional deadline (暂定) when the report was frozen; null for a report frozen before this was stored. Kept beside the figures, so verification (from history) does not compare it",
  })
  provisional: ReportProvisionalDto | null;
}

/** A figure in a report: a count, a rate, a label, or a whole sub-object that appeared or vanished. */
const FIGURE_VALUE = {
  oneOf: [
    { type: 'number', format: 'double' },
    { type: 'string' },
    { type: 'boolean' },
    { type: 'object' },
    { type: 'array', items: {} },
    { type: 'null' },
  ],
};

export class DifferenceDto {
  @ApiProperty({ example: 'groups.city[key=510100].metrics.responseRate.numerator' }) path: string;
  @ApiProperty({ ...FIGURE_VALUE, description: 'The stored value (null when absent)' }) stored: unknown;
  @ApiProperty({ ...FIGURE_VALUE, description: 'The value recomputed now (null when absent)' }) recomputed: unknown;
}

export class ReportVerificationDto {
  @ApiProperty() snapshotId: number;
  @ApiProperty({ description: 'the recomputed figures equal the stored ones and the stored hash matches' }) ok: boolean;
  @ApiProperty({ description: 'the stored figures still hash to the stored SHA-256' }) hashValid: boolean;
  @ApiProperty() figuresEqual: boolean;
  @ApiProperty() checkedAt: string;
  @ApiProperty({ type: [DifferenceDto], description: 'at most 50' }) differences: DifferenceDto[];
}
