import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { IsDivisionCode, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';
import { IsId, IsOptionalId } from '../../common/validation/id-fields';

const LEVELS = ['county', 'city', 'province'] as const;

export class RoutingRuleDto {
  @ApiProperty() id: number;
  @ApiProperty() categoryId: number;
  @ApiProperty() categoryName: string;
  @ApiProperty({ example: '510100', description: 'The rule applies to appeals in this region and below' }) regionCode: string;
  @ApiProperty({ enum: LEVELS, nullable: true, description: 'Only for appeals at this level; null = any level' }) level: string | null;
  @ApiProperty() departmentId: number;
  @ApiProperty() departmentName: string;
  @ApiProperty({ type: Number, nullable: true, description: 'A task force (专班) the proposal suggests bringing in as co-handlers' })
  taskForceId: number | null;
  @ApiProperty({ type: String, nullable: true }) taskForceName: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
}

export class CreateRoutingRuleDto {
  @IsId()
  categoryId: number;

  @ApiProperty({ example: '510100' })
  @IsDivisionCode()
  regionCode: string;

  @ApiPropertyOptional({ enum: LEVELS })
  @IsOptional()
  @IsIn(LEVELS)
  level?: (typeof LEVELS)[number];

  @IsId()
  departmentId: number;

  /** A task force (专班) covering the rule's region, suggested as co-handlers when the rule proposes its department */
  @IsOptionalId()
  taskForceId?: number;
}

export class UpdateRoutingRuleDto extends VersionedDto {
  @IsOptionalId()
  departmentId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  /** The task force to suggest; null removes it */
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptionalId()
  taskForceId?: number | null;
}

export class ListRoutingRulesQuery extends PageQueryDto {
  @IsOptionalPositiveInt()
  categoryId?: number;

  @IsOptionalDivisionCode()
  regionCode?: string;
}

export class ProposedDepartmentDto {
  @ApiProperty() departmentId: number;
  @ApiProperty() departmentName: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The routing rule proposing it; null when the appeal’s policy names the department' })
  ruleId: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The policy whose responsible department this is (a question about a policy)' })
  policyId: number | null;
  @ApiProperty({ description: 'Why this rule was chosen' }) explanation: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The active task force (专班) the rule suggests bringing in (route with taskForceId)' })
  taskForceId: number | null;
  @ApiProperty({ type: String, nullable: true }) taskForceName: string | null;
}
