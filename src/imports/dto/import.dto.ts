import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IMPORT_FIELDS, type ImportField } from '../domain/import-columns';
import { IsOptionalBooleanQuery } from '../../common/validation/query-fields';

export const IMPORT_MODES = ['all-or-nothing', 'valid-only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export class ImportQuery {
  /** Validate and report what would happen, without writing anything */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptionalBooleanQuery()
  dryRun = false;

  /** all-or-nothing: any bad row stops the whole import (422 with every row's errors); valid-only: import the good rows, report the bad */
  @ApiPropertyOptional({ enum: IMPORT_MODES, default: 'all-or-nothing' })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode: ImportMode = 'all-or-nothing';
}

export class ImportRowErrorDto {
  /** The row number as the spreadsheet shows it (the heading row is usually 1) */
  @ApiProperty({ example: 3 }) row: number;
  @ApiProperty({ enum: [...IMPORT_FIELDS, 'row'], example: 'creditCode' }) field: ImportField | 'row';
  /** The column heading as written in the file */
  @ApiProperty({ nullable: true, type: String, example: '统一社会信用代码' }) column: string | null;
  @ApiProperty({ example: 'Unified social credit code check character is wrong: expected 0, got G' }) message: string;
  @ApiPropertyOptional({ description: 'The offending cell' }) value?: string;
}

/** What every import's report starts with: the file read, how it was asked for, and whether it was written. */
export class ImportOutcomeDto {
  @ApiProperty({ enum: ['csv', 'xlsx'] }) format: 'csv' | 'xlsx';
  @ApiProperty() fileName: string;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: IMPORT_MODES }) mode: ImportMode;
  /** Whether the database was written */
  @ApiProperty() imported: boolean;
}

export class ImportReportDto extends ImportOutcomeDto {
  @ApiProperty({ description: 'Data rows read (blank rows skipped)' }) totalRows: number;
  @ApiProperty() validRows: number;
  @ApiProperty() invalidRows: number;
  @ApiProperty({ description: 'New enterprises (would be, on a dry run)' }) created: number;
  @ApiProperty({ description: 'Known credit codes whose data changed' }) updated: number;
  @ApiProperty({ description: 'Known credit codes with nothing to change' }) unchanged: number;
  @ApiProperty({ description: 'Firms given a (new) officer from the officer column' }) officersAssigned: number;
  @ApiProperty({ description: "Firms moved out of their officer's region, now without an officer" }) assignmentsEnded: number;
  @ApiProperty({ type: [String], description: 'Headings that name no known column; ignored' }) ignoredColumns: string[];
  @ApiProperty({ type: [ImportRowErrorDto] }) errors: ImportRowErrorDto[];
  @ApiProperty() durationMs: number;
}
