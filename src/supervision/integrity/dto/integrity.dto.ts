import { ApiProperty } from '@nestjs/swagger';
import { IsOptionalDivisionCode } from '../../../common/validation/query-fields';
import { PeriodViewDto } from '../../metrics/dto/figures.dto';
import { PeriodQueryDto } from '../../shared/period-query.dto';

export class IntegrityQueryDto extends PeriodQueryDto {
  /** The region to look at (must lie in your reach; default your own) */
  @ApiProperty({ required: false, example: '510100' })
  @IsOptionalDivisionCode()
  regionCode?: string;
}

class OfficerRuleDto {
  @ApiProperty() minRecorded: number;
  @ApiProperty() minOwn: number;
  @ApiProperty({ format: 'double' }) minGap: number;
}

class QuickRuleDto {
  @ApiProperty() minutes: number;
}

class RedoRuleDto {
  @ApiProperty() minAfterRedo: number;
  @ApiProperty() minFirst: number;
  @ApiProperty({ format: 'double' }) minGap: number;
}

class TallyDto {
  @ApiProperty() rated: number;
  @ApiProperty({ description: '非常满意 + 满意' }) satisfied: number;
  @ApiProperty({ nullable: true, type: Number, format: 'double', description: 'satisfied / rated, 4 decimals' }) share: number | null;
}

class ScopeRefDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() level: string;
}

export class OfficerSignalItemDto {
  @ApiProperty() officerId: number;
  @ApiProperty({ nullable: true, type: String }) officerName: string | null;
  @ApiProperty({ type: TallyDto, description: 'ratings the officer recorded from follow-up calls (回访)' }) recorded: TallyDto;
  @ApiProperty({ type: TallyDto, description: "ratings the officer's firms gave themselves" }) own: TallyDto;
  @ApiProperty({ nullable: true, type: Number, format: 'double', description: 'recorded share − own share' }) gap: number | null;
  @ApiProperty() flagged: boolean;
}

export class DepartmentRedoItemDto {
  @ApiProperty() departmentId: number;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ type: TallyDto, description: 'ratings of answers given after a redo (退回重办)' }) afterRedo: TallyDto;
  @ApiProperty({ type: TallyDto, description: 'ratings of first answers' }) firstAnswer: TallyDto;
  @ApiProperty({ nullable: true, type: Number, format: 'double', description: 'after-redo share − first-answer share' }) gap: number | null;
  @ApiProperty() flagged: boolean;
}

export class QuickRatingItemDto {
  @ApiProperty() appealId: number;
  @ApiProperty() number: string;
  @ApiProperty({ enum: ['verify', 'follow_up_call'] }) action: string;
  @ApiProperty() answeredAt: Date;
  @ApiProperty() ratedAt: Date;
  @ApiProperty({ format: 'double' }) minutesAfterAnswer: number;
  @ApiProperty({ nullable: true, type: Number, description: 'the handler who answered' }) handlerId: number | null;
  @ApiProperty({ description: "rated from the answering handler's session" }) sameSession: boolean;
  @ApiProperty({ description: "rated from the answering handler's IP address" }) sameAddress: boolean;
}

export class NoContactItemDto {
  @ApiProperty() appealId: number;
  @ApiProperty() number: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: Number }) departmentId: number | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty() submittedAt: Date;
  @ApiProperty() resolvedAt: Date;
  @ApiProperty() status: string;
}

export class NoContactDepartmentDto {
  @ApiProperty({ nullable: true, type: Number }) departmentId: number | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty() count: number;
}

export class OfficerSignalDto {
  @ApiProperty() explanation: string;
  @ApiProperty({ type: OfficerRuleDto }) rule: OfficerRuleDto;
  @ApiProperty() flaggedCount: number;
  @ApiProperty({ type: [OfficerSignalItemDto], description: 'every officer with ratings in the period, flagged first' }) items: OfficerSignalItemDto[];
}

export class QuickRatingSignalDto {
  @ApiProperty() explanation: string;
  @ApiProperty({ type: QuickRuleDto }) rule: QuickRuleDto;
  @ApiProperty() flaggedCount: number;
  @ApiProperty({ type: [QuickRatingItemDto] }) items: QuickRatingItemDto[];
}

export class RedoJumpSignalDto {
  @ApiProperty() explanation: string;
  @ApiProperty({ type: RedoRuleDto }) rule: RedoRuleDto;
  @ApiProperty() flaggedCount: number;
  @ApiProperty({ type: [DepartmentRedoItemDto], description: 'every lead department with ratings in the period, flagged first' })
  items: DepartmentRedoItemDto[];
}

export class NoContactSignalDto {
  @ApiProperty() explanation: string;
  @ApiProperty({ description: 'which events count as contact with the firm' }) contact: string;
  @ApiProperty({ description: 'appeals answered in the period (resolved or closed since)' }) answered: number;
  @ApiProperty({ description: 'of those, answered without any contact with the firm' }) flaggedCount: number;
  @ApiProperty({ type: [NoContactDepartmentDto] }) byDepartment: NoContactDepartmentDto[];
  @ApiProperty({ type: [NoContactItemDto], description: 'the first 50 by answer time' }) items: NoContactItemDto[];
}

export class IntegritySignalsDto {
  @ApiProperty({ type: ScopeRefDto }) scope: ScopeRefDto;
  @ApiProperty({ type: PeriodViewDto }) period: PeriodViewDto;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: OfficerSignalDto }) officerRecorded: OfficerSignalDto;
  @ApiProperty({ type: QuickRatingSignalDto }) quickRatings: QuickRatingSignalDto;
  @ApiProperty({ type: RedoJumpSignalDto }) redoJumps: RedoJumpSignalDto;
  @ApiProperty({ type: NoContactSignalDto }) answeredWithoutContact: NoContactSignalDto;
}
