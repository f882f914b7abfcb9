import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Min,
} from 'class-validator';
import { REGION_LEVELS, type RegionLevel } from '../../common/auth/role';
import { VersionedDto } from '../../common/dto/version.dto';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsDivisionCode, IsOptionalBooleanQuery, IsOptionalDivisionCode } from '../../common/validation/query-fields';
import { TASK_FORCE_MAX_MEMBERS } from '../domain';

export class TaskForceMemberDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '四川省经济和信息化厅' }) name: string;
  @ApiProperty({ example: '510000' }) regionCode: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ description: 'An inactive member is kept on record but brought into no appeal' }) active: boolean;
}

export class TaskForceDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '四川省产业链专班' }) name: string;
  @ApiProperty({ description: 'The owning region (province or city); the task force covers its appeals and those below', example: '510000' })
  regionCode: string;
  @ApiProperty({ example: '四川省' }) regionName: string;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ type: [TaskForceMemberDto] }) members: TaskForceMemberDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CreateTaskForceDto {
  @ApiProperty({ example: '四川省产业链专班', minLength: 2, maxLength: 100 })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiProperty({ description: 'The owning region: the province or a city (市州), not a county', example: '510000' })
  @IsDivisionCode()
  regionCode: string;

  @ApiProperty({
    type: [Number],
    description: 'Member departments, of any level on the owning region’s chain or inside it',
    minItems: 1,
    maxItems: TASK_FORCE_MAX_MEMBERS,
    example: [1, 2],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TASK_FORCE_MAX_MEMBERS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  departmentIds: number[];
}

export class UpdateTaskForceDto extends VersionedDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  name?: string;

  @ApiPropertyOptional({ type: [Number], description: 'The whole new member list', minItems: 1, maxItems: TASK_FORCE_MAX_MEMBERS })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TASK_FORCE_MAX_MEMBERS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  departmentIds?: number[];

  @ApiPropertyOptional({ description: 'false retires the task force: no appeal can bring it in any more' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListTaskForcesQuery extends PageQueryDto {
  /** Task forces owned by this region or a region below it */
  @ApiPropertyOptional({ example: '510000' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** Task forces that cover an appeal of this region (owned by it or a region above it) */
  @ApiPropertyOptional({ example: '511524' })
  @IsOptionalDivisionCode()
  covering?: string;

  @IsOptionalBooleanQuery()
  active?: boolean;
}
