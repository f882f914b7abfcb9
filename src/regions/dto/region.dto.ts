import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from '../../common/auth/role';
import { IsDivisionCode, IsOptionalDivisionCode } from '../../common/validation/query-fields';

export class RegionDto {
  @ApiProperty({ example: '510100' }) code: string;
  @ApiProperty({ example: '成都市' }) name: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ nullable: true, type: String, example: '510000' }) parentCode: string | null;
}

export class ListRegionsQuery {
  /** Only the direct children of this region */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  parentCode?: string;

  @ApiPropertyOptional({ enum: REGION_LEVELS })
  @IsOptional()
  @IsIn(REGION_LEVELS)
  level?: RegionLevel;
}

export class CreateRegionDto {
  @ApiProperty({ example: '510199', description: 'GB/T 2260 code' })
  @IsDivisionCode()
  code: string;

  @ApiProperty({ example: '天府新区' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({ example: '510100' })
  @IsDivisionCode()
  parentCode: string;
}

export class RenameRegionDto {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  name: string;
}
