import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNumber,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ISO_DATE_TEXT, IsOptionalDateText } from '../../common/validation/query-fields';
import { FIRM_FACTS, type FirmFact } from '../domain/policy-vocabulary';

export class FirmFactInputDto {
  @ApiProperty({ enum: FIRM_FACTS }) @IsIn(FIRM_FACTS) fact: FirmFact;
  @ApiProperty({ type: Number, format: 'double', minimum: 0, example: 120, description: 'Employees as a count; output value and revenue in 万元' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e15)
  value: number;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, pattern: ISO_DATE_TEXT.source, description: 'The date the figure refers to' })
  @IsOptionalDateText()
  asOf?: string | null;
}

export class PutFirmFactsDto {
  @ApiProperty({ type: [FirmFactInputDto], description: 'The firm’s facts; a fact not listed is removed' })
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => FirmFactInputDto)
  facts: FirmFactInputDto[];
}

export class FirmFactDto {
  @ApiProperty({ enum: FIRM_FACTS }) fact: FirmFact;
  @ApiProperty({ type: Number, format: 'double' }) value: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) asOf: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class FirmFactsDto {
  @ApiProperty({ type: 'integer' }) enterpriseId: number;
  @ApiProperty({ type: [FirmFactDto] }) facts: FirmFactDto[];
}
