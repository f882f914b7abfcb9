import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';

export const APPEAL_KINDS = ['consultation', 'help', 'complaint', 'suggestion'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];
export const CHANNELS = ['portal', 'visit', 'hotline', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];
export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
/** A submitting system's name: lower case, digits, dots, dashes, underscores (e.g. 12345-sichuan). */
export const EXTERNAL_SOURCE = /^[a-z0-9][a-z0-9._-]{1,39}$/;
/** Its reference there: 1–100 visible ASCII characters (a work-order number). */
export const EXTERNAL_ID = /^[\x21-\x7e]{1,100}$/;

export class SubmitAppealDto {
  /** Required when an officer submits on a firm's behalf; an enterprise user always submits for their own firm */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1)
  enterpriseId?: number;

  @ApiProperty() @IsInt() @Min(1)
  categoryId: number;

  @ApiProperty({ enum: APPEAL_KINDS, description: '咨询 consultation, 求助 help, 投诉 complaint, 建议 suggestion' })
  @IsIn(APPEAL_KINDS)
  kind: AppealKind;

  @ApiProperty({ example: '园区10kV线路频繁停电影响生产' }) @IsString() @Length(4, 200)
  title: string;

  @ApiProperty({ example: '近两周每天停电2-3次，每次约半小时，导致生产线停工。' }) @IsString() @Length(10, 5000)
  description: string;

  /** How the appeal reached us; defaults to portal for enterprises and visit for officers */
  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS)
  channel?: Channel;

  /** Officers may mark an appeal urgent; whitelist firms and urgent categories are urgent anyway */
  @ApiPropertyOptional({ enum: URGENCIES }) @IsOptional() @IsIn(URGENCIES)
  urgency?: Urgency;

  /** The visit (to the same firm) on which an officer found this problem: the appeal stays linked to it */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1)
  visitId?: number;

  /** The system the appeal comes from (with externalId): the same source and externalId again returns the first appeal */
  @ApiPropertyOptional({ pattern: EXTERNAL_SOURCE.source, example: '12345-sichuan' })
  @IsOptional()
  @Matches(EXTERNAL_SOURCE, { message: 'source must be 2–40 lower-case letters, digits, dots, dashes or underscores' })
  source?: string;

  /** The appeal's reference in that system (e.g. a 12345 work-order number), unique per source */
  @ApiPropertyOptional({ pattern: EXTERNAL_ID.source, example: 'GD2026030200123' })
  @IsOptional()
  @Matches(EXTERNAL_ID, { message: 'externalId must be 1–100 visible ASCII characters' })
  externalId?: string;
}
