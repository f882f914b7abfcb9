import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';

export class CategoryDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'energy_power' }) code: string;
  @ApiProperty({ example: '电力保障' }) name: string;
  @ApiProperty({ nullable: true, type: Number }) parentId: number | null;
  @ApiProperty({ description: 'Appeals of this category are urgent by default (e.g. supply-chain breaks)' }) urgentByDefault: boolean;
  @ApiProperty() sortOrder: number;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
}

export class CreateCategoryDto {
  @ApiProperty({ example: 'energy_heat' })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'code must be 2–40 characters of a-z, 0-9 and _' })
  code: string;

  @ApiProperty({ example: '供热保障' }) @IsString() @Length(1, 64)
  name: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1)
  parentId?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  urgentByDefault?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsInt()
  sortOrder?: number;
}

export class UpdateCategoryDto extends VersionedDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  urgentByDefault?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsInt()
  sortOrder?: number;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  active?: boolean;
}
