import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { DIVISION_CODE, IsDateText, ISO_DATE_TEXT, IsOptionalDateText, IsOptionalDivisionCode } from '../../common/validation/query-fields';
import { REGION_LEVELS, type RegionLevel } from '../../common/auth/role';
import { OBTAIN_MODES, POLICY_STATUSES, type ObtainMode, type PolicyStatus } from '../domain/policy-vocabulary';
import { PolicyRulesDto } from './policy-rules.dto';
import { PageOf } from '../../common/dto/page.dto';

export class PolicyDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty({ example: '关于支持专精特新中小企业高质量发展的若干措施' }) title: string;
  @ApiProperty({ example: '四川省经济和信息化厅' }) issuingBody: string;
  @ApiProperty({ type: String, nullable: true, example: '川经信发〔2022〕12号' }) documentNumber: string | null;
  @ApiProperty({ pattern: DIVISION_CODE.source, example: '510000' }) regionCode: string;
  @ApiProperty({ example: '四川省' }) regionName: string;
  @ApiProperty({ enum: REGION_LEVELS, description: 'Province, city or county policy (from its region)' }) level: RegionLevel;
  @ApiProperty({ format: 'date', example: '2026-01-01' }) validFrom: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-12-31' }) validUntil: string | null;
  @ApiProperty() summary: string;
  @ApiProperty({ type: String, nullable: true, description: 'Full text; null when only the attachment holds it' }) fullText: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Link to the original document (PDF)' }) attachmentUrl: string | null;
  @ApiProperty({ type: 'integer', description: 'The responsible department (a question about the policy is routed there)' }) departmentId: number;
  @ApiProperty() departmentName: string;
  @ApiProperty({ enum: OBTAIN_MODES, description: 'automatic 免申即享 (granted without applying) or apply 申请兑现' }) obtainMode: ObtainMode;
  @ApiProperty({ enum: POLICY_STATUSES }) status: PolicyStatus;
  @ApiProperty({ type: PolicyRulesDto }) rules: PolicyRulesDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt: Date | null;
  @ApiProperty({ type: 'integer', description: 'Firms that currently meet the rules (0 for a draft)' }) eligibleFirms: number;
  @ApiProperty({ type: 'integer', example: 1 }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class PolicyPageDto extends PageOf(PolicyDto) {}

export class CreatePolicyDto {
  @ApiProperty() @IsString() @Length(4, 200) title: string;
  @ApiProperty() @IsString() @Length(2, 100) issuingBody: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(100) documentNumber?: string | null;
  @ApiProperty({ pattern: DIVISION_CODE.source, description: 'The issuing region; the rules may only target firms inside it' })
  @IsString()
  @Length(6, 6)
  regionCode: string;
  @ApiProperty({ format: 'date', pattern: ISO_DATE_TEXT.source }) @IsDateText() validFrom: string;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, pattern: ISO_DATE_TEXT.source })
  @IsOptionalDateText()
  validUntil?: string | null;
  @ApiProperty() @IsString() @Length(10, 2000) summary: string;
  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(200_000) fullText?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true })
  @MaxLength(500)
  attachmentUrl?: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) @IsInt() @Min(1) departmentId: number;
  @ApiProperty({ enum: OBTAIN_MODES }) @IsIn(OBTAIN_MODES) obtainMode: ObtainMode;
  @ApiProperty({ type: PolicyRulesDto }) @ValidateNested() @Type(() => PolicyRulesDto) rules: PolicyRulesDto;
}

/** A draft's fields; a published policy is fixed (withdraw it and publish a new one). */
export class UpdatePolicyDto extends PartialType(OmitType(CreatePolicyDto, ['regionCode'] as const)) {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; a stale version gets 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class PolicyVersionDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The version you read; a stale version gets 409' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ListPoliciesQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: POLICY_STATUSES }) @IsOptional() @IsIn(POLICY_STATUSES) status?: PolicyStatus;
  /** Policies issued in this region or below */
  @IsOptionalDivisionCode() regionCode?: string;
  /** Words in the title or document number */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export class PreviewRequestDto {
  @ApiProperty({ pattern: DIVISION_CODE.source, description: 'The policy’s region' }) @IsString() @Length(6, 6) regionCode: string;
  @ApiProperty({ type: PolicyRulesDto }) @ValidateNested() @Type(() => PolicyRulesDto) rules: PolicyRulesDto;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 200, default: 20, description: 'How many matching firms to list' })
  @IsOptional()
  @IsInt()
  @Min(0)
  limit?: number;
}

export class PreviewFirmDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() name: string;
  @ApiProperty() creditCode: string;
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
}

export class PreviewRegionCountDto {
  @ApiProperty() regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ type: 'integer' }) firms: number;
}

export class PreviewDto {
  @ApiProperty({ type: 'integer', description: 'Active firms the rules admit now' }) matching: number;
  @ApiProperty({ type: [PreviewRegionCountDto], description: 'The count per city' }) byCity: PreviewRegionCountDto[];
  @ApiProperty({ type: [PreviewFirmDto], description: 'The first matching firms by region and id' }) firms: PreviewFirmDto[];
}

export class PublishResultDto {
  @ApiProperty({ type: PolicyDto }) policy: PolicyDto;
  @ApiProperty({ type: 'integer', description: 'Firms newly matched by this publication' }) matched: number;
  @ApiProperty({ type: 'integer', description: 'Inbox entries written (the firms’ users and a digest per officer)' }) notified: number;
}
