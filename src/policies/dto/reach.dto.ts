import { ApiProperty } from '@nestjs/swagger';
import { RatioDto } from '../../supervision/metrics/dto/figures.dto';
import { IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';
import { REGION_LEVELS, type RegionLevel } from '../../common/auth/role';
import { OBTAIN_MODES, POLICY_STATUSES, type ObtainMode, type PolicyStatus } from '../domain/policy-vocabulary';

export class ReachQueryDto {
  /** The region whose firms are counted (default: your own region); must be in your reach */
  @IsOptionalDivisionCode() regionCode?: string;
  /** One policy only */
  @IsOptionalPositiveInt() policyId?: number;
}

export class ReachFiguresDto {
  @ApiProperty({ type: 'integer', description: 'Firms that meet the rules now' }) eligible: number;
  @ApiProperty({ type: 'integer', description: 'Of them, found not applicable (out of both denominators)' }) notApplicable: number;
  @ApiProperty({ type: 'integer', description: '已告知 or later' }) informed: number;
  @ApiProperty({ type: 'integer', description: '已申请 or 免申, or later' }) applied: number;
  @ApiProperty({ type: 'integer', description: '已兑现' }) benefited: number;
  @ApiProperty({ type: RatioDto, description: '应知尽知: informed / (eligible − not applicable)' }) awarenessRate: RatioDto;
  @ApiProperty({ type: RatioDto, description: '应享尽享: benefited / (eligible − not applicable)' }) benefitRate: RatioDto;
  @ApiProperty({ type: Number, format: 'double', nullable: true, description: 'Mean days from publication (or from becoming eligible, if later) to informed' })
  meanDaysToInform: number | null;
}

export class RegionReachDto extends ReachFiguresDto {
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
}

export class PolicyReachDto {
  @ApiProperty({ type: 'integer' }) policyId: number;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) documentNumber: string | null;
  @ApiProperty({ enum: OBTAIN_MODES }) obtainMode: ObtainMode;
  @ApiProperty({ enum: POLICY_STATUSES }) status: PolicyStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: Date | null;
  @ApiProperty({ type: ReachFiguresDto, description: 'The whole scope' }) total: ReachFiguresDto;
  @ApiProperty({ type: [RegionReachDto], description: 'Per city (province scope) or per county (city scope)' }) regions: RegionReachDto[];
}

export class ReachDto {
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ type: [PolicyReachDto] }) policies: PolicyReachDto[];
}

