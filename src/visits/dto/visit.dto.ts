import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page-query.dto';
import { BooleanQuery } from '../../common/query/boolean-query';
import { APPEAL_STATUSES, type AppealStatus } from '../../appeals/domain';
import { IsDateText, IsOptionalDivisionCode, IsOptionalPositiveInt } from '../../common/validation/query-fields';

export const VISIT_FORMS = ['on_site', 'phone', 'online'] as const;
export type VisitForm = (typeof VISIT_FORMS)[number];

export class CreateVisitDto {
  /** One of your own firms */
  @ApiProperty()
  @IsInt()
  @Min(1)
  enterpriseId: number;

  /** The day of the visit (Asia/Shanghai), not in the future */
  @ApiProperty({ example: '2026-11-20' })
  @IsDateText()
  visitDate: string;

  /** 实地 on site, 电话 phone, 线上 online */
  @ApiProperty({ enum: VISIT_FORMS })
  @IsIn(VISIT_FORMS)
  form: VisitForm;

  @ApiPropertyOptional({ example: '王经理（企业）、李专员' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  participants?: string;

  @ApiPropertyOptional({ example: '了解企业用电需求，生产经营正常' })
  @IsOptional()
  @IsString()
  @Length(0, 10_000)
  notes?: string;

  /** Whether the visit found problems (raise them as appeals); a visit without problems still counts for coverage */
  @ApiProperty()
  @IsBoolean()
  problemsFound: boolean;
}

/** An appeal raised from a visit (submitted with its visitId) */
export class VisitAppealDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '2026-000123' }) number: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: APPEAL_STATUSES }) status: AppealStatus;
}

export class VisitDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() officerId: number;
  @ApiProperty() officerName: string;
  /** The firm's region when the visit was made */
  @ApiProperty({ example: '510104' }) regionCode: string;
  @ApiProperty({ example: '2026-11-20' }) visitDate: string;
  @ApiProperty({ enum: VISIT_FORMS }) form: VisitForm;
  @ApiProperty({ nullable: true, type: String }) participants: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty() problemsFound: boolean;
  @ApiProperty() createdAt: Date;
  /** Appeals raised from this visit, oldest first */
  @ApiProperty({ type: [VisitAppealDto] }) appeals: VisitAppealDto[];
}

export class ListVisitsQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptionalPositiveInt()
  enterpriseId?: number;

  @ApiPropertyOptional()
  @IsOptionalPositiveInt()
  officerId?: number;

  /** The visit this appeal was raised from (at most one) */
  @ApiPropertyOptional()
  @IsOptionalPositiveInt()
  appealId?: number;

  /** Visits in this region and below */
  @ApiPropertyOptional({ example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;

  /** First day, inclusive */
  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @IsDateText()
  from?: string;

  /** Last day, inclusive */
  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptional()
  @IsDateText()
  to?: string;

  @ApiPropertyOptional({ enum: VISIT_FORMS })
  @IsOptional()
  @IsIn(VISIT_FORMS)
  form?: VisitForm;

  @ApiPropertyOptional()
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  problemsFound?: boolean;
}
