import { ApiProperty } from '@nestjs/swagger';

/**
 * Of the appeals a figure counts, how many are judged on a provisional deadline (暂定: computed
 * past the published holiday schedule with weekends as the only rest days, recomputed once the
 * year is entered). Deadlines as they stand now. Only figures compared against a deadline can
 * depend on one; every other figure is unaffected.
 */
export class ProvisionalCountsDto {
  /** Appeals in the response rate's denominator whose response deadline is provisional */
  @ApiProperty({ type: 'integer', minimum: 0 }) responseRate: number;
  /** Appeals in the on-time resolution rate's denominator whose resolution deadline is provisional */
  @ApiProperty({ type: 'integer', minimum: 0 }) onTimeResolutionRate: number;
  /** Appeals in the overdue count whose resolution deadline is provisional */
  @ApiProperty({ type: 'integer', minimum: 0 }) overdueCount: number;
}

export class ProvisionalGroupCountsDto extends ProvisionalCountsDto {
  /** The group's key, as in `groups[].key` */
  @ApiProperty({ example: '510100' }) key: string;
}

export class ProvisionalFiguresDto {
  /** The scope's total */
  @ApiProperty({ type: ProvisionalCountsDto }) total: ProvisionalCountsDto;
  /** Only the groups with a figure that depends on a provisional deadline */
  @ApiProperty({ type: [ProvisionalGroupCountsDto] }) groups: ProvisionalGroupCountsDto[];
}

export class ReportRankingsProvisionalDto {
  /** The region ranking's groups (absent when the report ranks no regions: a county's) */
  @ApiProperty({ type: ProvisionalFiguresDto, required: false }) region?: ProvisionalFiguresDto;
  /** The department ranking's groups */
  @ApiProperty({ type: ProvisionalFiguresDto }) department: ProvisionalFiguresDto;
}

/** A frozen report's provisional counts per ranking, counted when it was frozen (a later recompute does not change them). */
export class ReportProvisionalDto {
  /** When they were counted: the moment the report was frozen */
  @ApiProperty({ type: 'string', format: 'date-time' }) countedAt: string;
  @ApiProperty({ type: ReportRankingsProvisionalDto }) rankings: ReportRankingsProvisionalDto;
}
