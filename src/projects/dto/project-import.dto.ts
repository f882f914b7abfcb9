import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ImportOutcomeDto } from '../../imports/dto/import.dto';
import { PROJECT_IMPORT_FIELDS, type ProjectImportField } from '../domain/project-import-row';

export class ProjectImportRowErrorDto {
  /** The row number as the spreadsheet shows it */
  @ApiProperty({ type: 'integer', example: 3 }) row: number;
  @ApiProperty({ enum: [...PROJECT_IMPORT_FIELDS, 'row'], example: 'creditCodes' }) field: ProjectImportField | 'row';
  @ApiProperty({ example: 'no enterprise with this credit code in your reach' }) message: string;
  @ApiPropertyOptional({ description: 'The offending cell' }) value?: string;
}

export class ProjectImportReportDto extends ImportOutcomeDto {
  @ApiProperty({ type: 'integer' }) totalRows: number;
  @ApiProperty({ type: 'integer' }) validRows: number;
  @ApiProperty({ type: 'integer' }) invalidRows: number;
  /** Projects listed (would be, on a dry run) */
  @ApiProperty({ type: 'integer' }) created: number;
  @ApiProperty({ type: [String] }) ignoredColumns: string[];
  @ApiProperty({ type: [ProjectImportRowErrorDto] }) errors: ProjectImportRowErrorDto[];
}
