import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { INDUSTRIES, SCALES, TAGS, type Industry, type Scale, type Tag } from '../../enterprises/domain/enterprise-vocabulary';
import { DIVISION_CODE } from '../../common/validation/query-fields';
import { FIRM_FACTS, type FirmFact } from '../domain/policy-vocabulary';

export class FactConditionDto {
  @ApiProperty({ enum: FIRM_FACTS, description: 'employees 从业人数, output_value 工业总产值（万元）, revenue 营业收入（万元）' })
  @IsIn(FIRM_FACTS)
  fact: FirmFact;

  @ApiProperty({ type: Number, format: 'double', nullable: true, minimum: 0, description: 'Inclusive lower bound; null for none', example: 50 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  min: number | null;

  @ApiProperty({ type: Number, format: 'double', nullable: true, minimum: 0, description: 'Inclusive upper bound; null for none', example: null })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  max: number | null;
}

/**
 * Eligibility rules as data. Every non-empty criterion must hold; inside a list any entry is
 * enough (except tagsAll). Inactive firms never match.
 */
export class PolicyRulesDto {
  @ApiProperty({ type: [String], description: 'Region subtrees (a city code covers its counties); empty = the policy’s own region', example: ['510100'] })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(DIVISION_CODE, { each: true, message: 'each of $property must be a 6-digit division code' })
  regionCodes: string[];

  @ApiProperty({ enum: INDUSTRIES, isArray: true, description: 'Any of these industries; empty = any' })
  @IsArray()
  @IsIn(INDUSTRIES, { each: true })
  industries: Industry[];

  @ApiProperty({ enum: SCALES, isArray: true, description: 'above 规上 / below 规下; empty = any' })
  @IsArray()
  @IsIn(SCALES, { each: true })
  scales: Scale[];

  @ApiProperty({ enum: TAGS, isArray: true, description: 'The firm carries at least one of these tags' })
  @IsArray()
  @IsIn(TAGS, { each: true })
  tagsAny: Tag[];

  @ApiProperty({ enum: TAGS, isArray: true, description: 'The firm carries every one of these tags', example: ['specialized'] })
  @IsArray()
  @IsIn(TAGS, { each: true })
  tagsAll: Tag[];

  @ApiProperty({ type: [String], description: 'The firm’s park (园区) is one of these, exactly', example: [] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  parks: string[];

  @ApiProperty({ type: [FactConditionDto], description: 'Recorded firm facts within bounds; a firm without the fact does not match' })
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => FactConditionDto)
  facts: FactConditionDto[];
}
