import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from '../../common/auth/role';
import { VersionedDto } from '../../common/dto/version.dto';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsDivisionCode, IsOptionalBooleanQuery, IsOptionalDivisionCode } from '../../common/validation/query-fields';

export class DepartmentDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '成都市经济和信息化局' }) name: string;
  @ApiProperty({ nullable: true, type: String, example: '市经信局' }) shortName: string | null;
  @ApiProperty({ example: '510100' }) regionCode: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CreateDepartmentDto {
  @ApiProperty({ example: '成都市经济和信息化局' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiPropertyOptional({ example: '市经信局' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  shortName?: string;

  @ApiProperty({ example: '510100' })
  @IsDivisionCode()
  regionCode: string;
}

export class UpdateDepartmentDto extends IntersectionType(
  PartialType(PickType(CreateDepartmentDto, ['name', 'shortName'] as const)),
  VersionedDto,
) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListDepartmentsQuery extends PageQueryDto {
  /** Departments in this region and below */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  @ApiPropertyOptional({ enum: REGION_LEVELS })
  @IsOptional()
  @IsIn(REGION_LEVELS)
  level?: RegionLevel;

  /** Text search on the name */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;

  @IsOptionalBooleanQuery()
  active?: boolean;
}
