import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';

import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { VersionedDto } from '../../common/dto/version.dto';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { INDUSTRIES, SCALES, TAGS, type Industry, type Scale, type Tag } from '../domain/enterprise-vocabulary';
import { IsCreditCode } from './is-credit-code';
import { IsDivisionCode, IsOptionalBooleanQuery, IsOptionalDateText, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';

export const PHONE = /^[0-9+\- ]{5,32}$/;
export const PHONE_MESSAGE = 'contactPhone must be 5–32 digits, spaces, + or -';

export class EnterpriseOfficerDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'officer' }) username: string;
  @ApiProperty({ example: '锦江区专员' }) displayName: string;
  @ApiProperty({ example: '510104' }) regionCode: string;
}

export class EnterpriseDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '91510100MA49M3027H', description: 'Unified social credit code (GB 32100-2015)' }) creditCode: string;
  @ApiProperty({ example: '成都锦城电子科技有限公司' }) name: string;
  @ApiProperty({ example: '510104' }) regionCode: string;
  @ApiProperty({ example: '锦江区' }) regionName: string;
  @ApiProperty({ enum: INDUSTRIES }) industry: Industry;
  @ApiProperty({ enum: SCALES, description: 'above / below designated size (规上 / 规下)' }) scale: Scale;
  @ApiProperty({ enum: TAGS, isArray: true, description: '专精特新, 大企业大集团, 白名单, 小升规' }) tags: Tag[];
  @ApiProperty({ nullable: true, type: String, example: '成都高新技术产业开发区' }) park: string | null;
  @ApiProperty({ nullable: true, type: String, example: '王经理' }) contactPerson: string | null;
  @ApiProperty({ nullable: true, type: String, example: '028-12345678' }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: EnterpriseOfficerDto, description: 'The current liaison officer' })
  officer: EnterpriseOfficerDto | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CreateEnterpriseDto {
  /** Unified social credit code; the 18th character is checked (GB 32100-2015) */
  @ApiProperty({ example: '91440300708461136T' })
  @IsCreditCode()
  creditCode: string;

  @ApiProperty({ example: '成都锦城电子科技有限公司' })
  @IsString()
  @Length(2, 200)
  name: string;

  /** A city or county (not the province) */
  @ApiProperty({ example: '510104' })
  @IsDivisionCode()
  regionCode: string;

  @ApiProperty({ enum: INDUSTRIES })
  @IsIn(INDUSTRIES)
  industry: Industry;

  @ApiProperty({ enum: SCALES })
  @IsIn(SCALES)
  scale: Scale;

  @ApiPropertyOptional({ enum: TAGS, isArray: true, default: [] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(TAGS, { each: true })
  tags?: Tag[];

  @ApiPropertyOptional({ example: '成都高新技术产业开发区' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  park?: string;

  @ApiPropertyOptional({ example: '王经理' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  contactPerson?: string;

  @ApiPropertyOptional({ example: '028-12345678' })
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  contactPhone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  address?: string;
}

export class UpdateEnterpriseDto extends IntersectionType(PartialType(CreateEnterpriseDto), VersionedDto) {
  /** Deactivating a firm (closed, moved out of the province) also ends its officer assignment */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListEnterprisesQuery extends PageQueryDto {
  /** Firms in this region and below */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  @ApiPropertyOptional({ enum: INDUSTRIES })
  @IsOptional()
  @IsIn(INDUSTRIES)
  industry?: Industry;

  @ApiPropertyOptional({ enum: SCALES })
  @IsOptional()
  @IsIn(SCALES)
  scale?: Scale;

  /** Firms carrying this tag */
  @ApiPropertyOptional({ enum: TAGS })
  @IsOptional()
  @IsIn(TAGS)
  tag?: Tag;

  /** true: firms with an active officer; false: firms without one */
  @IsOptionalBooleanQuery()
  hasOfficer?: boolean;

  /** Firms currently assigned to this officer */
  @IsOptionalPositiveInt()
  officerId?: number;

  @IsOptionalBooleanQuery()
  active?: boolean;

  /** Only firms with no visit on or after this day (Asia/Shanghai); the month's first day gives the firms not visited this month */
  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptionalDateText()
  notVisitedSince?: string;

  /** Text search: part of the name, or the start of the credit code */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
}
